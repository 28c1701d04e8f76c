"""``/safety-admin language <code|auto>``: the language of the community's posts and public answers."""

from __future__ import annotations

from dataclasses import replace

from bot.core.commands.context import Context
from bot.core.language import AUTO, language_name, languages, parse_language
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
        auto = replace(ctx, language=person or ctx.defaults.language)
        return Reply(auto.t("language.auto-title"), auto.t("language.auto-body"), private=True)
    now = replace(ctx, language=stored)
    name = language_name(texts, stored)
    return Reply(now.t("language.set-title", name=name), now.t("language.set-body", name=name), private=True)
