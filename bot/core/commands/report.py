"""``/safety report``: the emergency number first, then the official routes for a country.

The country comes from ``core.countries.resolve``. A country with full routes
(``messages/routes/``) gets them; any other country still gets its own emergency numbers from
the table in ``messages/emergency/``, its INHOPE hotline and child helpline where the table has
them, then the international routes.
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
from bot.core.countries import SURE, UNSURE, Resolution, country_name, key
from bot.core.models import Field, Reply
from bot.core.text import link_of, quote, route_field, sources_footer

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


def _exact_situation(word: str) -> Situation | None:
    wanted = word.strip().casefold()
    if wanted in SITUATIONS:
        return wanted
    return _SITUATION_WORDS.get(wanted)


def _close_situation(word: str) -> tuple[Situation | None, float]:
    """The situation a mistyped word is closest to ('sexortion' -> sextortion), with the score."""
    wanted = key(word)
    if len(wanted) < 5:
        return None, 0.0
    choices = {key(w): s for w, s in _SITUATION_WORDS.items()} | {key(s): s for s in SITUATIONS}
    best = process.extractOne(wanted, list(choices), scorer=fuzz.ratio, score_cutoff=UNSURE)
    return (choices[best[0]], best[1]) if best else (None, 0.0)


def read_request(ctx: Context) -> Asked:
    """The country text and situation, wherever the person put the situation word.

    "/safety report grooming", "/safety report new zealand sextortion", "/safety report bullying GB".
    A mistyped situation never costs the country: "GB sexortion" is GB with sextortion (a close
    typo) or GB with "did you mean" (a distant one).
    """
    words = " ".join(w for w in (ctx.option("country"), ctx.option("situation")) if w).split()
    if not words:
        return Asked(None, None)
    for at, rest in ((-1, words[:-1]), (0, words[1:])):
        if (found := _exact_situation(words[at])) is not None:
            return Asked(" ".join(rest) or None, found)
    names = ctx.catalogue.names
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


def _routes_for(country: Country, situation: Situation | None) -> list[Route]:
    if situation is None:
        return [r for r in country.routes if r.kind in ("report", "takedown", "helpline")]
    return [r for r in country.routes if situation in r.situations]


def emergency_numbers(catalogue: Catalogue, code: str) -> list[EmergencyNumber | EmergencyLine]:
    """A country's numbers, police first: its full routes' number, else the emergency table's."""
    country = catalogue.countries.get(code)
    if country is not None and country.emergency is not None:
        return [country.emergency]
    entry = catalogue.emergency.get(code)
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


def unknown_line(catalogue: Catalogue, resolution: Resolution, t: Words) -> str | None:
    """What to say when the typed country named nothing: kindly, quoted safely, with a suggestion."""
    if resolution.unknown is None:
        return None
    line = t("countries.unknown", typed=quote(resolution.unknown))
    if resolution.suggestion is not None:
        name = country_name(resolution.suggestion)
        return f"{line} {t('countries.did-you-mean', country=name, code=resolution.suggestion)}"
    return f"{line} {t('countries.known', known=catalogue.known_countries())}"


def _table_fields(entry: EmergencyEntry | None, t: Words) -> tuple[list[Field], list[object]]:
    """The country's INHOPE hotline and child helpline from the table, as fields (and their facts)."""
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


async def report(ctx: Context) -> Reply:
    """Emergency number first, then the official routes for the country and situation."""
    catalogue = ctx.catalogue
    intl = catalogue.international
    asked = read_request(ctx)
    resolution = await ctx.resolve_country(asked.country)
    code = resolution.code
    own = catalogue.countries.get(code)
    routes_country = own or intl
    if routes_country is None:
        return Reply(ctx.t("report.get-help-title"), ctx.t("report.emergency-local"), private=True)
    name = own.name if own is not None else country_name(code)
    numbers = emergency_numbers(catalogue, code)
    situation = asked.situation
    lines = [emergency_line(numbers, ctx.t)]
    for extra in (unknown_line(catalogue, resolution, ctx.t), assumed_line(resolution, name, ctx.t)):
        if extra:
            lines.append(extra)
    if asked.ignored is not None:
        lines.append(ctx.t("countries.left-out", typed=quote(asked.ignored)))
    if asked.maybe is not None:
        label = ctx.t(f"report.situation-{asked.maybe}")
        lines.append(ctx.t("countries.situation-did-you-mean", situation=label, code=code, word=asked.maybe))
    table_fields, sourced = _table_fields(catalogue.emergency.get(code) if own is None else None, ctx.t)
    if own is not None:
        sourced = [n for n in (own.emergency, own.non_emergency) if n is not None]
    elif code != INTERNATIONAL:
        lines.append(ctx.t("countries.no-own-routes", country=name))
    routes = _routes_for(routes_country, situation)
    texts, locale = catalogue.texts, ctx.request.locale
    fields = table_fields + [route_field(r, texts, locale) for r in routes]
    if situation == "immediate-danger" and numbers:
        # The emergency number is the route; the others are for once the child is safe.
        call = ctx.t("report.call-field-name", number=numbers[0].number)
        fields = [Field(call, ctx.t("report.call-field-value", label=numbers[0].label))]
        if own is not None and (other := own.non_emergency) is not None:
            fields.append(Field(ctx.t("report.non-emergency-name", number=other.number), other.label))
        fields += table_fields + [route_field(r, texts, locale) for r in routes]
        lines.append(ctx.t("report.when-safe", code=code))
    elif (
        own is not None
        and situation is not None
        and (situation in own.international_for or not routes)
        and intl is not None
        and own is not intl
    ):
        extra_routes = [r for r in intl.routes if situation in r.situations]
        routes = routes + extra_routes
        fields += [route_field(r, texts, locale) for r in extra_routes]
        lines.append(ctx.t("report.international-only", country=name))
    if situation is not None and situation != "immediate-danger":
        lines.append(ctx.t("report.routes-for", situation=ctx.t(f"report.situation-{situation}")))
    elif situation is None and code != INTERNATIONAL:
        situations = ", ".join(s for s in SITUATIONS if s != "immediate-danger")
        lines.append(ctx.t("report.narrow-down", situations=situations, code=code))
    lines.append(ctx.t("report.evidence"))
    return Reply(
        title=ctx.t("report.title", country=name),
        body="\n\n".join(lines),
        fields=tuple(fields[:20]),
        links=tuple(link_of(r.web) for r in routes if r.web is not None)[:10],
        private=True,
        footer=sources_footer([*sourced, *routes], texts, locale),
    )
