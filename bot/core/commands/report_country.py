"""The country side of ``/safety report``: what was asked, which country, and its numbers.

``read_request`` finds the country text and the situation in what was typed, forgiving typos.
The country comes from ``core.countries.resolve``; its emergency numbers come from its full
routes (``messages/routes/``) or else from the table in ``messages/emergency/``, which also
gives the INHOPE hotline and child helpline of a country without full routes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.core.commands.context import Context
from bot.core.content.catalogue import INTERNATIONAL, Catalogue
from bot.core.content.models import (
    SITUATIONS,
    Country,
    EmergencyEntry,
    EmergencyLine,
    EmergencyNumber,
    Route,
    Situation,
)
from bot.core.countries import SURE, UNSURE, Resolution, key
from bot.core.models import Field, Link
from bot.core.text import link_of, quote
from bot.core.words import ALL, SITUATION, TypedWords

# Looks a message up in the text seam (``ctx.t``): id and placeholders in, the sentence out.
Words = Callable[..., str]

_SITUATION_WORDS: dict[str, Situation] = {
    "danger": "immediate-danger",
    "emergency": "immediate-danger",
    "immediate": "immediate-danger",
    "grooming": "grooming",
    "contact": "grooming",
    "images": "images",
    "image": "images",
    "photos": "images",
    "pictures": "images",
    "nudes": "images",
    "sextortion": "sextortion",
    "blackmail": "sextortion",
    "bullying": "bullying",
    "harassment": "bullying",
    "unsure": "unsure",
    "worried": "unsure",
}

# Why a guessed country was guessed: the message id of the reason in the one line that says so.
_REASONS = {
    "timezone": "countries.assumed-timezone",
    "user-locale": "countries.assumed-user-locale",
    "community-locale": "countries.assumed-community-locale",
    "default": "countries.assumed-default",
}


@dataclass(frozen=True, slots=True)
class Asked:
    """What the person asked for: country text, situation, and a situation they may have meant."""

    country: str | None
    situation: Situation | None
    maybe: Situation | None = None
    ignored: str | None = None


def _exact_situation(word: str, words: TypedWords | None = None) -> Situation | None:
    """The situation a word names: in English, or in the reader's language (``words``)."""
    wanted = word.strip().casefold()
    if wanted in SITUATIONS:
        return wanted
    if (found := _SITUATION_WORDS.get(wanted)) is not None or words is None:
        return found
    meaning = words.meaning(wanted, (SITUATION,))
    return _exact_situation(meaning) if meaning is not None else None


def _is_detail_word(word: str, words: TypedWords) -> bool:
    """Whether a word asks for every detail ("all", or "alle" in the reader's language)."""
    return word.casefold() in DETAIL_WORDS or words.meaning(word, (ALL,)) in DETAIL_WORDS


def _close_situation(word: str) -> tuple[Situation | None, float]:
    """The situation a mistyped word is closest to ('sexortion' -> sextortion), with the score."""
    wanted = key(word)
    if len(wanted) < 5:
        return None, 0.0
    choices = {key(w): s for w, s in _SITUATION_WORDS.items()} | {key(s): s for s in SITUATIONS}
    best = process.extractOne(wanted, list(choices), scorer=fuzz.ratio, score_cutoff=UNSURE)
    return (choices[best[0]], best[1]) if best else (None, 0.0)


# "/safety report GB sextortion all": every detail of every route, not the short form.
DETAIL_WORDS = frozenset({"all", "details", "full"})


def report_words(ctx: Context) -> list[str]:
    """The words of the country and situation options, as typed."""
    return " ".join(w for w in (ctx.option("country"), ctx.option("situation")) if w).split()


def wants_details(ctx: Context) -> bool:
    """Whether the last word asks for every detail ("... all")."""
    words = report_words(ctx)
    return bool(words) and _is_detail_word(words[-1], ctx.catalogue.words)


def read_request(ctx: Context) -> Asked:
    """The country text and situation, wherever the person put the situation word.

    "/safety report grooming", "/safety report new zealand sextortion", "/safety report bullying GB".
    A mistyped situation never costs the country: "GB sexortion" is GB with sextortion (a close
    typo) or GB with "did you mean" (a distant one).
    """
    words = report_words(ctx)
    typed = ctx.catalogue.words
    if words and _is_detail_word(words[-1], typed):
        words = words[:-1]
    if not words:
        return Asked(None, None)
    names = ctx.catalogue.names
    # A situation word of the reader's language at either end ("erpressung DE"), unless the
    # words name a country as they are: a translated word never costs a country.
    translated = typed if names.find(" ".join(words)) is None else None
    for at, rest in ((-1, words[:-1]), (0, words[1:])):
        if (found := _exact_situation(words[at], translated)) is not None:
            return Asked(" ".join(rest) or None, found)
    for at, rest in ((-1, words[:-1]), (0, words[1:])):
        country = " ".join(rest) or None
        # Only a word beside a real country is read as a mistyped situation.
        if country is None or names.find(country) is None:
            continue
        situation, score = _close_situation(words[at])
        if situation is not None:
            return Asked(country, situation) if score >= SURE else Asked(country, None, maybe=situation)
    whole = " ".join(words)
    if names.match(whole).code is None:
        # "GB @everyone": keep the country the words start or end with, and say what was left out.
        for size in range(len(words) - 1, 0, -1):
            for part, rest in ((words[:size], words[size:]), (words[-size:], words[:-size])):
                if names.find(" ".join(part)) is not None:
                    return Asked(" ".join(part), None, ignored=" ".join(rest))
    return Asked(whole, None)


def routes_for(country: Country, situation: Situation | None) -> list[Route]:
    """The routes for a situation; for no situation, the report, take-down and helpline ones."""
    if situation is None:
        return [r for r in country.routes if r.kind in ("report", "takedown", "helpline")]
    return [r for r in country.routes if situation in r.situations]


def emergency_numbers(
    catalogue: Catalogue, code: str, country: Country | None = None, entry: EmergencyEntry | None = None
) -> list[EmergencyNumber | EmergencyLine]:
    """A country's numbers, police first: its full routes' number, else the emergency table's.

    ``country`` (the routes) and ``entry`` (the table's line) are already in the reader's
    language, when the caller has them.
    """
    country = country or catalogue.countries.get(code)
    if country is not None and country.emergency is not None:
        return [country.emergency]
    entry = entry or catalogue.emergency.get(code)
    return list(entry.numbers) if entry is not None else []


def emergency_line(numbers: list[EmergencyNumber | EmergencyLine], t: Words) -> str:
    """The first line of every reporting answer: the number to call, then any other that works."""
    if not numbers:
        return t("report.emergency-local")
    first, *others = numbers
    lines = [t("report.emergency-number", number=first.number, label=first.label)]
    lines += [t("countries.also-call", number=n.number, label=n.label) for n in others]
    return "\n".join(lines)


def assumed_line(resolution: Resolution, name: str, t: Words) -> str | None:
    """One short line when nobody chose the country: which one was assumed, and how to change it."""
    if not resolution.guessed:
        return None
    if resolution.code == INTERNATIONAL or resolution.how not in _REASONS:
        return t("countries.own-country")
    return t("countries.assumed", country=name, reason=t(_REASONS[resolution.how]))


def unknown_line(catalogue: Catalogue, resolution: Resolution, t: Words, locale: str | None) -> str | None:
    """What to say when the typed country named nothing: kindly, quoted safely, with a suggestion."""
    if resolution.unknown is None:
        return None
    line = t("countries.unknown", typed=quote(resolution.unknown))
    if resolution.suggestion is not None:
        name = catalogue.country_name(resolution.suggestion, locale)
        return f"{line} {t('countries.did-you-mean', country=name, code=resolution.suggestion)}"
    return f"{line} {t('countries.known', known=catalogue.known_countries(locale))}"


def table_fields(entry: EmergencyEntry | None, t: Words) -> tuple[list[Field], list[object]]:
    """A table country's INHOPE hotline and child helpline as fields, and the facts behind the answer."""
    if entry is None:
        return [], []
    fields: list[Field] = []
    sourced: list[object] = list(entry.numbers)
    if entry.hotline is not None:
        body = t("countries.hotline-body")
        if entry.hotline.web is not None:
            body += "\n" + t("countries.hotline-web", url=entry.hotline.web.url)
        fields.append(Field(entry.hotline.name, body))
        sourced.append(entry.hotline)
    if entry.child_helpline is not None:
        line = entry.child_helpline
        detail = t("countries.helpline-body")
        if line.phone:
            detail += "\n" + t("countries.helpline-phone", phone=line.phone)
        fields.append(Field(line.name, detail))
        sourced.append(line)
    return fields, sourced


def table_links(entry: EmergencyEntry | None) -> list[Link]:
    """A table country's hotline and child helpline web links as buttons, each with its label.

    The same buttons a route's web link gets; the label is the translated one when ``entry`` is
    in the reader's language (``hotline_web_label``), else the English entry's.
    """
    if entry is None:
        return []
    return [link_of(part.web) for part in (entry.hotline, entry.child_helpline) if part is not None and part.web]
