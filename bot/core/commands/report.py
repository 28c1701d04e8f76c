"""``/safety report``: the emergency number first, then the official routes for a country.

The country comes from ``core.countries.resolve``. A country with full routes
(``messages/routes/``) gets them; any other country still gets its own emergency numbers from
the table in ``messages/emergency/``, its INHOPE hotline and child helpline where the table has
them, then the international routes.
"""

from __future__ import annotations

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
from bot.core.text import EVIDENCE_LINE, SITUATION_LABELS, link_of, quote, route_field, sources_footer

LOCAL_NUMBER = "**If a child is in immediate danger, call your local emergency number now.**"

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

# Why a guessed country was guessed, as the one line that says so.
_REASONS = {
    "timezone": "from this community's schedule timezone",
    "user-locale": "from your app's language setting",
    "community-locale": "from this server's language setting",
    "default": "from Lookout's default region",
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


def emergency_line(numbers: list[EmergencyNumber | EmergencyLine]) -> str:
    """The first line of every reporting answer: the number to call, then any other that works."""
    if not numbers:
        return LOCAL_NUMBER
    first, *others = numbers
    lines = [f"**If a child is in immediate danger, call {first.number} now** — {first.label}."]
    lines += [f"You can also call {n.number} — {n.label}." for n in others]
    return "\n".join(lines)


def assumed_line(resolution: Resolution, name: str) -> str | None:
    """One short line when nobody chose the country: which one was assumed, and how to change it."""
    if not resolution.guessed:
        return None
    if resolution.code == INTERNATIONAL:
        return "For your own country's routes, add it, for example: /safety report CA"
    reason = _REASONS.get(resolution.how, "")
    return f"I assumed {name} {reason}. Not in {name}? Add your country, for example: /safety report CA"


def unknown_line(catalogue: Catalogue, resolution: Resolution) -> str | None:
    """What to say when the typed country named nothing: kindly, quoted safely, with a suggestion."""
    if resolution.unknown is None:
        return None
    line = f"I don't know “{quote(resolution.unknown)}” as a country yet, so here are the international routes."
    if resolution.suggestion is not None:
        name = country_name(resolution.suggestion)
        line += f" Did you mean **{name}**? /safety report {resolution.suggestion}"
    else:
        line += f" Countries with their own routes: {catalogue.known_countries()}."
    return line


def _table_fields(entry: EmergencyEntry | None) -> tuple[list[Field], list[object]]:
    """The country's INHOPE hotline and child helpline from the table, as fields (and their facts)."""
    if entry is None:
        return [], []
    fields: list[Field] = []
    sourced: list[object] = list(entry.numbers)
    if entry.hotline is not None:
        where = f"\nReport online: {entry.hotline.web.url}" if entry.hotline.web else ""
        fields.append(
            Field(entry.hotline.name, f"Report sexual images of a child found online (INHOPE member).{where}")
        )
        sourced.append(entry.hotline)
    if entry.child_helpline is not None:
        line = entry.child_helpline
        detail = "For children and young people who want to talk to someone (Child Helpline International member)."
        if line.phone:
            detail += f"\nPhone: {line.phone}"
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
        return Reply("Get help now", LOCAL_NUMBER, private=True)
    name = own.name if own is not None else country_name(code)
    numbers = emergency_numbers(catalogue, code)
    situation = asked.situation
    lines = [emergency_line(numbers)]
    for extra in (unknown_line(catalogue, resolution), assumed_line(resolution, name)):
        if extra:
            lines.append(extra)
    if asked.ignored is not None:
        lines.append(f"I left out “{quote(asked.ignored)}”, which I didn't understand.")
    if asked.maybe is not None:
        lines.append(f"Did you mean **{SITUATION_LABELS[asked.maybe]}**? /safety report {code} {asked.maybe}")
    table_fields, sourced = _table_fields(catalogue.emergency.get(code) if own is None else None)
    if own is not None:
        sourced = [n for n in (own.emergency, own.non_emergency) if n is not None]
    elif code != INTERNATIONAL:
        lines.append(f"I don't have {name}'s own reporting routes yet: here are the international ones.")
    routes = _routes_for(routes_country, situation)
    fields = table_fields + [route_field(r) for r in routes]
    if situation == "immediate-danger" and numbers:
        # The emergency number is the route; the others are for once the child is safe.
        fields = [Field(f"Call {numbers[0].number}", f"{numbers[0].label}. Do this first.")]
        if own is not None and own.non_emergency is not None:
            fields.append(Field(f"Not an emergency: {own.non_emergency.number}", own.non_emergency.label))
        fields += table_fields + [route_field(r) for r in routes]
        lines.append(
            f"When the child is safe, report what happened: /safety report {code} grooming, "
            "images, sextortion or bullying."
        )
    elif (
        own is not None
        and situation is not None
        and (situation in own.international_for or not routes)
        and intl is not None
        and own is not intl
    ):
        extra_routes = [r for r in intl.routes if situation in r.situations]
        routes = routes + extra_routes
        fields += [route_field(r) for r in extra_routes]
        lines.append(f"{name} has no national route for this that I could confirm; these are international.")
    if situation is not None and situation != "immediate-danger":
        lines.insert(len(lines), f"Routes for **{SITUATION_LABELS[situation]}**:")
    elif situation is None and code != INTERNATIONAL:
        lines.append(
            "Where to report, and who can help. To narrow it down, add a situation: "
            + ", ".join(s for s in SITUATIONS if s != "immediate-danger")
            + f". For example: /safety report {code} sextortion"
        )
    lines.append(EVIDENCE_LINE)
    return Reply(
        title=f"Report a worry: {name}",
        body="\n\n".join(lines),
        fields=tuple(fields[:20]),
        links=tuple(link_of(r.web) for r in routes if r.web is not None)[:10],
        private=True,
        footer=sources_footer([*sourced, *routes]),
    )
