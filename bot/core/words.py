"""Words typed in the reader's language, understood as the English words the commands know.

The words are data (``messages/ui/<locale>/words.yaml``): each ``words.*`` message lists,
comma-separated, the words of one language for one English word (the first word of the English
message). ``montag`` becomes ``mon``, ``wöchentlich`` ``weekly``, ``erpressung`` ``sextortion``;
English words pass unchanged, so they always work.

Each word belongs to a kind, the stem of its id (``words.day-mon`` is a ``day``, ``words.off``
an ``off``), and is only ever read as that kind where a command takes it: the German ``aus``
(off) is Australia's code in ``/safety report AUS``, the Spanish ``domingo`` (Sunday) part of
the timezone Santo Domingo. Countries, timezones, cities, channels and free text are never
translated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.core.text.catalogue import SOURCE_LOCALE, Texts

_PREFIX = "words."
_TOKEN = re.compile(r"[^\s,]+")

# The kinds words.yaml has (each id's stem), named where commands declare what they take.
SITUATION = "situation"
AUDIENCE = "audience"
CADENCE = "cadence"
DAY = "day"
OFF = "off"
CONFIRM = "confirm"
ALL = "all"
PRIVATE = "private"
TOPIC = "topic"


def kind_of(message_id: str) -> str:
    """The kind of a ``words.*`` id: ``words.situation-bullying`` is a ``situation``."""
    return message_id.removeprefix(_PREFIX).partition("-")[0]


@dataclass(frozen=True)
class TypedWords:
    """Every translated command word (case-folded), by kind, and the English word it means."""

    by_kind: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def meaning(self, word: str, kinds: Iterable[str]) -> str | None:
        """The English word a translated ``word`` means among ``kinds``; None for any other word."""
        wanted = word.strip().casefold()
        for kind in kinds:
            if (found := self.by_kind.get(kind, {}).get(wanted)) is not None:
                return found
        return None

    def in_english(self, value: str, kinds: Iterable[str]) -> str:
        """``value`` with each whole word that is a translated word of ``kinds`` replaced by its English word."""
        kinds = tuple(kinds)
        if not kinds or not self.by_kind:
            return value
        return _TOKEN.sub(lambda m: self.meaning(m.group(0), kinds) or m.group(0), value)


def typed_words(texts: Texts) -> TypedWords:
    """Every language's translated words, by kind (built once per catalogue: it scans every locale)."""
    english = texts.messages.get(SOURCE_LOCALE, {})
    found: dict[str, dict[str, str]] = {}
    for tag, messages in texts.messages.items():
        if tag == SOURCE_LOCALE:
            continue
        for message_id, listed in messages.items():
            if not message_id.startswith(_PREFIX) or message_id not in english:
                continue
            meaning = english[message_id].split(",")[0].strip()
            table = found.setdefault(kind_of(message_id), {})
            for word in listed.split(","):
                if word.strip():
                    table.setdefault(word.strip().casefold(), meaning)
    return TypedWords(found)


def typed_word(texts: Texts, message_id: str, locale: str | None) -> str:
    """The word a reader of ``locale`` types for a ``words.*`` message: the first one its language lists.

    ``words.situation-bullying`` in German is "mobbing"; in English, "bullying".
    """
    listed = texts.get(message_id, locale)
    return next((w.strip() for w in listed.split(",") if w.strip()), listed)
