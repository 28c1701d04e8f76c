"""Command descriptions and choices in the reader's Discord language (``app_commands.Translator``).

Discord shows each person the descriptions and choice names of a command in their client's
language when the synced command carries ``*_localizations``; discord.py asks a ``Translator``
for each string and each Discord locale while it syncs. This one reads the text seam
(``messages/ui/<locale>/``), so a new language is data, never a change here:

- a **description** (of a group, a command or an option) is found by its message id: the id
  given with the string (``locale_str(text, id=...)``), else the id whose English wording is the
  text; its translation in the reader's language is the localisation;
- a **choice** (``parents``, ``sextortion``, ``weekly``) shows the first word its language lists
  for it in ``words.yaml`` (the words people can also type on Slack and the console); the value
  the command receives stays the English word the core knows;
- **names** of groups, commands and options stay English unless a string names an id: the help,
  the welcome message and every answer say ``/safety report``, on every platform, and a person
  whose client showed ``/sicherheit melden`` could not follow them.

A Discord locale gets localisations only where Lookout speaks its language (``es-ES`` and
``es-419`` read the Spanish, ``pt-BR`` the Brazilian Portuguese); English locales and languages
without wording get none, so Discord shows the English default.
"""

from __future__ import annotations

import re
from collections import defaultdict

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.core.text.catalogue import SOURCE_LOCALE, Texts, fallback_chain, placeholders

DESCRIPTION_MAX = 100  # Discord's limit for every description and choice name
NAME = re.compile(r"^[-_\w]{1,32}$")  # a command or option name Discord accepts (lower case)
_WORDS = "words."
_NAMES = (Where.command_name, Where.group_name, Where.parameter_name)


class CommandTranslator(app_commands.Translator):
    """Localises the synced command tree from the text seam; see the module docstring."""

    def __init__(self, texts: Texts) -> None:
        self.texts = texts
        by_text: dict[str, list[str]] = defaultdict(list)
        for message_id, template in sorted(texts.messages.get(SOURCE_LOCALE, {}).items()):
            if not placeholders(template):
                by_text[template.strip()].append(message_id)
        self._by_text = dict(by_text)
        # (locale, message id) of translations too long for Discord, shown in English instead.
        self.too_long: set[tuple[str, str]] = set()

    def language(self, locale: discord.Locale) -> str | None:
        """The language of Lookout's wording for a Discord locale, or None for English."""
        for tag in fallback_chain(locale.value):
            if tag == SOURCE_LOCALE or tag.startswith(SOURCE_LOCALE + "-"):
                return None
            if tag in self.texts.messages:
                return tag
        return None

    def message_id(self, text: str, *, choice: bool) -> str | None:
        """The id whose English wording is ``text``: a ``words.*`` id for a choice, another id otherwise."""
        ids = self._by_text.get(text.strip(), [])
        preferred = [i for i in ids if i.startswith(_WORDS) == choice]
        return preferred[0] if preferred else None

    def _own(self, message_id: str, tag: str) -> str | None:
        """The wording of ``message_id`` in ``tag`` or its base language, never the English fallback."""
        for candidate in fallback_chain(tag):
            if candidate == SOURCE_LOCALE:
                return None
            found = self.texts.messages.get(candidate, {}).get(message_id)
            if found is not None:
                return found
        return None

    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContextTypes
    ) -> str | None:
        """The localisation of ``string`` for ``locale``, or None to show the English default."""
        tag = self.language(locale)
        if tag is None:
            return None
        choice = context.location is Where.choice_name
        given = string.extras.get("id")
        if given is None and context.location in _NAMES:
            return None  # names stay English (see the module docstring)
        message_id = given if given is not None else self.message_id(string.message, choice=choice)
        if message_id is None or not self.texts.has(message_id):
            return None
        wording = self._own(message_id, tag)
        if wording is None or placeholders(wording):
            return None
        if message_id.startswith(_WORDS):
            wording = wording.split(",")[0]
        wording = wording.strip()
        if context.location in _NAMES:
            wording = wording.casefold()
            return wording if NAME.match(wording) else None
        # Never cut a sentence short: a translation over the limit shows the English default
        # (a test checks that none is).
        if not 0 < len(wording) <= DESCRIPTION_MAX:
            self.too_long.add((tag, message_id))
            return None
        return wording
