"""Pieces of the ``/safety report`` answer that hold for every country.

Kept apart from the command so that the country-resolution code and these content rules can
change independently: the advice every country's answer carries (messages/advice.yaml), the
police non-emergency number where "report it, but it is not urgent" is exactly the need, and the
short form of a route that keeps the default answer readable on a phone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core.content.catalogue import Catalogue
from bot.core.content.models import AdviceLine, Country, Route, Situation, Sourced
from bot.core.models import Field, Link
from bot.core.text import Texts

# Where a take-down tool helps: a sexual image of a child that is shared or threatened.
TAKEDOWN_SITUATIONS: frozenset[Situation] = frozenset({"images", "sextortion"})
# The situations in which someone should report to the police even when nobody is in danger now.
NON_EMERGENCY_SITUATIONS: frozenset[Situation] = frozenset({"grooming", "sextortion"})

# A sentence ends at . ! or ? followed by a space and a capital letter (not "e.g. the").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def advice_for(catalogue: Catalogue, situation: Situation | None, locale: str | None = None) -> list[AdviceLine]:
    """The advice lines for this answer: the situation's own line first, then the evidence line."""
    if catalogue.advice is None:
        return []
    advice, _ = catalogue.localise(catalogue.advice, locale)
    lines = [advice.situations[situation]] if situation in advice.situations else []
    return [*lines, advice.evidence]


def advice_sources(lines: list[AdviceLine]) -> list[Sourced]:
    """The main page behind each advice line, for the sources footer (the others are in the file)."""
    return list(lines)


def non_emergency_field(
    country: Country, situation: Situation | None, texts: Texts, locale: str | None = None
) -> Field | None:
    """The police non-emergency number as a field, for the situations that need it."""
    number = country.non_emergency
    if number is None or situation not in NON_EMERGENCY_SITUATIONS:
        return None
    return Field(
        texts.get("report.police-non-emergency-name", locale, number=number.number),
        texts.get("report.police-non-emergency-value", locale, label=number.label),
    )


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (all of it when it is one sentence)."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def route_heading(route: Route, texts: Texts, locale: str | None = None) -> str:
    """A route's field name; a prevention line says who it is for, so a parent is not startled."""
    if route.kind == "prevention":
        return texts.get("report.prevention-heading", locale, name=route.name)
    return route.name


def compact_route_field(route: Route, texts: Texts, locale: str | None = None) -> Field:
    """A route in one or two short lines: what it is for, and its phone number (the link is a button)."""
    lines = [first_sentence(route.handles)]
    if route.phone:
        lines.append(texts.get("report.route-phone", locale, number=route.phone))
    return Field(route_heading(route, texts, locale), "\n".join(lines)[:1000])


def worldwide_takedown(
    country: Country, situation: Situation | None, routes: list[Route], intl: Country | None
) -> list[Route]:
    """The international take-down tools, when a country lists none for images or sextortion.

    Take It Down works for anyone, anywhere, who was under 18 when the image was taken, so a
    country file that does not list it (or any national tool) still offers it.
    """
    if situation not in TAKEDOWN_SITUATIONS or intl is None or country.code == intl.code:
        return []
    if any(r.kind == "takedown" for r in routes):
        return []
    return [r for r in intl.routes if r.kind == "takedown" and situation in r.situations]


def situation_routes(country: Country, situation: Situation, intl: Country | None) -> tuple[list[Route], bool]:
    """The routes a country's answer lists for one situation, and whether the international ones were added.

    The one rule for every surface (the chat answer and the web guide): a situation the country
    has no route for, or lists in ``international_for``, gets the international routes after its
    own; otherwise a missing take-down tool is filled in from the worldwide ones (Take It Down).
    """
    routes = [r for r in country.routes if situation in r.situations]
    if intl is None or country.code == intl.code:
        return routes, False
    if situation in country.international_for or not routes:
        return routes + [r for r in intl.routes if situation in r.situations], True
    return routes + worldwide_takedown(country, situation, routes, intl), False


def unique_links(links: Iterable[Link]) -> tuple[Link, ...]:
    """Link buttons without repeats (two routes on one portal share one button)."""
    seen: dict[str, Link] = {}
    for link in links:
        seen.setdefault(link.url, link)
    return tuple(seen.values())
