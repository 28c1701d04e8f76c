"""``/safety-admin language <code|auto>``: the language of the community's posts and public answers."""

from __future__ import annotations

from dataclasses import replace

from bot.core.commands.context import Context
from bot.core.language import AUTO, language_name, languages, name_in_sentence, parse_language
from bot.core.models import Reply
from bot.core.text import quote


async def language(ctx: Context) -> Reply:
    """Set (or clear, with ``auto``) the community's language; the reply is in the new language."""
    typed = ctx.option("language") or ""
    texts = ctx.catalogue.texts
    choice = parse_language(texts, typed)
    if choice is None:
        listed = ", ".join(f"{tag} ({language_name(texts, tag)})" for tag in languages(texts))
        return Reply(
            ctx.t("language.unknown-title"),
            ctx.t("language.unknown-body", typed=quote(typed), languages=listed),
            private=True,
            is_error=True,
        )
    community = await ctx.store.ensure_community(ctx.request.platform, ctx.request.community_id)
    stored = None if choice == AUTO else choice
    await ctx.store.set_language(community.id, stored)
    if stored is None:
        # Worded as answers will be from now on: in the person's own language, or the default.
        person = ctx.request.user_locale or ctx.request.locale
        spoken = person or ctx.defaults.language
        auto = replace(ctx, language=spoken)
        return Reply(auto.t("language.auto-title"), auto.t("language.auto-body"), private=True, language=spoken)
    now = replace(ctx, language=stored)
    # The title names it as a menu does ("Français"), the sentence as French writes it ("français").
    title = now.t("language.set-title", name=language_name(texts, stored))
    body = now.t("language.set-body", name=name_in_sentence(texts, stored))
    # language=: the whole answer (the platform's own words around it too) is in the new language.
    return Reply(title, body, private=True, language=stored)
