"""Reading ``/safety-admin setup``'s options by their shape, in any order.

People type ``setup daily 18:00 Europe/London`` as readily as ``setup #tips Europe/London``:
each word is recognised by what it looks like (a channel, a timezone, a cadence, a time, an
audience, days or a country), wherever the grammar happened to put it. Everything is
validated before anything is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.core.commands.audience import audience_word
from bot.core.content.catalogue import Catalogue
from bot.core.content.models import AUDIENCES
from bot.core.grammar import option_label
from bot.core.schedules import (
    Cadence,
    ScheduleError,
    city_zone,
    find_city_timezone,
    parse_cadence,
    parse_days,
    parse_time,
    parse_timezone,
)
from bot.core.text import TextError, quote
from bot.core.text.said import TypedWord
from bot.core.words import AUDIENCE, CADENCE, DAY

SETUP_KEYS = ("channel", "timezone", "cadence", "time", "audience", "region", "days")
_MENTION = re.compile(r"<#([A-Za-z0-9]{1,32})(?:\|[^>]{0,80})?>")
_NAME = re.compile(r"#([\w-]{1,64})")
_ID = re.compile(r"(?:\d{15,21}|[CG][A-Z0-9]{6,20})")


class SetupError(TextError):
    """A setup word that cannot be used; the message (an id) is for the person who typed it."""

    @classmethod
    def of(cls, error: TextError) -> SetupError:
        """The same sentence as a parser's error, as a setup problem."""
        return cls(error.said.id, **error.said.params)


@dataclass(frozen=True, slots=True)
class SetupChoice:
    """What the admin asked for; ``None`` means keep the current value (or the default)."""

    channel: str | None = None
    timezone: str | None = None
    cadence: Cadence | None = None
    time: dt.time | None = None
    audience: str | None = None
    region: str | None = None
    days: tuple[str, ...] | None = None


def channel_id(text: str) -> str | None:
    """A channel id from '#name', a '<#C123|name>' or '<#123>' mention, or a bare id; else None."""
    value = text.strip()
    for pattern in (_MENTION, _NAME):
        match = pattern.fullmatch(value)
        if match:
            return match.group(1)
    return value if _ID.fullmatch(value) else None


def known_phrase(catalogue: Catalogue) -> Callable[[str], bool]:
    """Whether a text of several words is one name setup knows: a city ('New York') or a country.

    Exact names only: the typed grammar joins such words into one value before options are
    filled, and a forgiving match could swallow the next option ("york weekly").
    """

    def known(text: str) -> bool:
        if city_zone(text, catalogue.texts.locales()) is not None:
            return True
        country = catalogue.find_country(text)
        return country is not None and country.code != "INTL"

    return known


def _kind_of(word: str, catalogue: Catalogue, *, translate: bool = True) -> tuple[str, object] | None:
    """What a single word is, in the order least likely to be mistaken."""
    if (channel := channel_id(word)) is not None:
        return "channel", channel
    lowered = word.casefold()
    if lowered in AUDIENCES:
        return "audience", lowered
    for key, parse in (("cadence", parse_cadence), ("days", parse_days)):
        try:
            return key, parse(word)
        except ScheduleError:
            pass
    if any(ch.isdigit() for ch in word):
        try:
            return "time", parse_time(word)
        except ScheduleError:
            pass
    if "/" in word or lowered == "utc":
        try:
            return "timezone", parse_timezone(word)
        except ScheduleError:
            return None
    if translate and (english := _in_english(word, catalogue)) is not None:
        return english
    country = catalogue.find_country(word)
    if country is not None and country.code != "INTL":
        return "region", country.code
    # A city as people say it ("London", "Sydney"): its IANA zone. After countries, so a
    # word that is both ("Singapore") stays the region, as it always was.
    city = find_city_timezone(word, catalogue.texts.locales())
    if city.zone is not None:
        return "timezone", city.zone
    return None


# The kinds of words typed in the reader's language setup reads ("wöchentlich", "montag,mittwoch").
SETUP_WORDS = (AUDIENCE, CADENCE, DAY)


def _in_english(word: str, catalogue: Catalogue) -> tuple[str, object] | None:
    """An audience, cadence or days typed in the reader's language, read as the English words.

    Before countries and cities ("pais" is parents in Portuguese, and close to Paris), but only
    a single word (a list of days is one): a name of several words ("Santo Domingo") is a place.
    """
    if " " in word.strip():
        return None
    english = catalogue.words.in_english(word, SETUP_WORDS)
    if english == word:
        return None
    kind = _kind_of(english, catalogue, translate=False)
    return kind if kind is not None and kind[0] in ("audience", "cadence", "days") else None


def read_setup(options: Mapping[str, str], catalogue: Catalogue) -> SetupChoice:
    """Classify every given value by its shape; raise ``SetupError`` for one that fits nothing."""
    found: dict[str, object] = {}
    units: list[tuple[str, str]] = []  # (option, word), in the order the grammar filled them
    for key in SETUP_KEYS:
        raw = options.get(key)
        if raw is None or not raw.strip():
            continue
        if key == "timezone" and " " in raw.strip():
            # timezone="New York": a city of several words is one value.
            try:
                found["timezone"] = parse_timezone(raw, catalogue.texts.locales())
                continue
            except ScheduleError:
                pass
        # A value of several words is one name when it is one (the grammar joins "New York" and
        # "New Zealand" wherever they are typed); else the grammar gave the last option any
        # words left over: look at each word.
        words = [raw] if " " in raw.strip() and known_phrase(catalogue)(raw) else raw.split()
        units += [(key, word) for word in words]
    for i, (key, word) in enumerate(units):
        kind = _kind_of(word, catalogue)
        if kind is None:
            hint = _city_hint([w for _, w in units[i : i + 3]], catalogue.texts.locales())
            specific = hint or _specific(key, word)
            if specific is not None:
                raise SetupError.of(specific)
            raise SetupError("admin.setup-unknown-word", typed=quote(word))
        name, value = kind
        if name in found and found[name] != value:
            raise SetupError(
                "help.two-values",
                option=option_label(name),
                first=_shown(found[name]),
                second=quote(word),
            )
        found[name] = value
    return SetupChoice(**found)  # type: ignore[arg-type]


def _city_hint(words: list[str], languages: tuple[str, ...]) -> TextError | None:
    """For a word that fits nothing: the timezones a mistyped city of several words may be ("New Yrok")."""
    for n in range(len(words), 1, -1):
        typed = " ".join(words[:n])
        city = find_city_timezone(typed, languages)
        names = (city.zone,) if city.zone else city.suggestions
        if names:
            return TextError("timing.unknown-timezone-suggest", typed=quote(typed), names=", ".join(names))
    return None


_PARSERS: dict[str, Callable[[str], object]] = {
    "timezone": parse_timezone,
    "cadence": parse_cadence,
    "time": parse_time,
    "days": parse_days,
}


def _specific(key: str, word: str) -> TextError | None:
    """The message of the parser the word most looks like (a '/' is a timezone, a ':' a time)."""
    near = audience_word(word)
    if key == "audience" or near is not None:
        # audience=teens: as specific as cadence=monthly, naming the audience it is closest to.
        if near is not None:
            said = TypedWord(f"words.audience-{near}")  # in the reader's words, as they would type it
            return TextError("admin.bad-audience-suggest", typed=quote(word), suggestion=said)
        return TextError("admin.bad-audience", typed=quote(word))
    if "/" in word:
        key = "timezone"
    elif ":" in word or word.casefold().endswith(("am", "pm")):
        key = "time"
    parser = _PARSERS.get(key)
    if parser is None:
        return None
    try:
        parser(word)
    except ScheduleError as exc:
        return exc
    return None


def _shown(value: object) -> str:
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value)
