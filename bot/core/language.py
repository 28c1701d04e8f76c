"""Which language a reply or a scheduled post is written in.

A community may set its language (``/safety-admin language de``); ``auto`` (stored as no
setting) lets each reader's own locale decide. The rules, in one place:

- a **private** answer follows the person's own locale (their client tells us what they read),
  then the community's language, then the operator's default;
- a **public** answer and a **scheduled post** are read by everyone: the community's language
  first; a public answer then follows the person who asked, a post the community's own locale
  (Discord's server locale); the operator's default (``LOOKOUT_DEFAULT_LANGUAGE``) last.

Languages are the locales with interface wording in ``messages/ui/``; a locale Lookout does not
speak simply falls back to English wherever it is used (``Texts.get``).
"""

from __future__ import annotations

from bot.core.text.catalogue import SOURCE_LOCALE, Texts

AUTO = "auto"
# The message whose text is each language's own name ("Deutsch"): a language is chosen by it too.
_NAME_ID = "web.language-name"


def languages(texts: Texts) -> tuple[str, ...]:
    """The languages Lookout speaks, English first (``("en", "de", "pt-br")``)."""
    return texts.locales()


def language_name(texts: Texts, tag: str) -> str:
    """A language's own name ("Deutsch"), or its tag when it has none."""
    own = texts.messages.get(tag, {}).get(_NAME_ID)
    return own or (texts.get(_NAME_ID, SOURCE_LOCALE) if tag == SOURCE_LOCALE and texts.has(_NAME_ID) else tag)


def name_in_sentence(texts: Texts, tag: str) -> str:
    """A language's own name as its own sentences write it (CLDR: "français", "Deutsch"), else ``language_name``.

    ``web.language-name`` is the name as a list or menu shows it ("Français"); inside a French
    sentence the name is lower-case, and CLDR knows each language's rule.
    """
    from babel import Locale, UnknownLocaleError

    try:
        own = Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return language_name(texts, tag)
    return own.get_display_name(own) or language_name(texts, tag)


def parse_language(texts: Texts, typed: str) -> str | None:
    """The language ``typed`` names (a code such as ``de``/``pt-BR``/``pt_br``, or its own name), or None.

    Returns ``AUTO`` for ``auto`` (and ``off``/``default``, which mean the same).
    """
    key = typed.strip().casefold().replace("_", "-")
    if key in (AUTO, "off", "default", "none"):
        return AUTO
    for tag in languages(texts):
        if key == tag or key == language_name(texts, tag).casefold():
            return tag
    primary = key.split("-")[0]
    return primary if primary in languages(texts) else None


def reply_language(*, private: bool, person: str | None, community: str | None, default: str | None) -> str | None:
    """The locale an answer is worded in (None: English)."""
    order = (person, community, default) if private else (community, person, default)
    return next((tag for tag in order if tag), None)


def post_language(*, community: str | None, community_locale: str | None, default: str | None) -> str | None:
    """The locale a scheduled post is worded in (None: English)."""
    return next((tag for tag in (community, community_locale, default) if tag), None)
