"""Words typed in the reader's language, understood as the English words the commands know.

The words are data (``messages/ui/<locale>/words.yaml``): each ``words.*`` message lists,
comma-separated, the words of one language for one English word (the first word of the English
message). ``montag`` becomes ``mon``, ``wöchentlich`` ``weekly``, ``erpressung`` ``sextortion``;
English words pass unchanged, so they always work.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.core.text.catalogue import SOURCE_LOCALE, Texts
from bot.core.text.said import TypedWord

_PREFIX = "words."
_TOKEN = re.compile(r"[^\s,]+")


def typed_words(texts: Texts) -> dict[str, str]:
    """Every translated word (case-folded) and the English word it means."""
    english = texts.messages.get(SOURCE_LOCALE, {})
    found: dict[str, str] = {}
    for tag, messages in texts.messages.items():
        if tag == SOURCE_LOCALE:
            continue
        for message_id, listed in messages.items():
            if not message_id.startswith(_PREFIX) or message_id not in english:
                continue
            meaning = english[message_id].split(",")[0].strip()
            for word in listed.split(","):
                if word.strip():
                    found.setdefault(word.strip().casefold(), meaning)
    return found


def in_english(options: Mapping[str, str], words: Mapping[str, str]) -> dict[str, str]:
    """``options`` with every whole word that is a translated command word replaced by its English word.

    ``words``: ``typed_words(texts)``, built once by the caller (it reads every locale's words).
    """
    if not words:
        return dict(options)
    return {
        name: _TOKEN.sub(lambda m: words.get(m.group(0).casefold(), m.group(0)), value)
        for name, value in options.items()
    }


def typed_word(texts: Texts, message_id: str, locale: str | None) -> str:
    """The word a reader of ``locale`` types for a ``words.*`` message: the first one its language lists.

    ``words.situation-bullying`` in German is "mobbing"; in English, "bullying".
    """
    return TypedWord(message_id).render(texts, locale)
