"""Rules beyond the file format: provenance, allowlisted HTTPS links, coverage and safety wording."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel

from bot.core.content.catalogue import INTERNATIONAL, Catalogue
from bot.core.content.models import SITUATIONS, Country, DomainKind, EmergencyTable, Link, Sourced
from bot.core.content.safety import unsafe_advice
from bot.core.countries import iso_code

# "overdue": a review older than 18 months. `lookout content check` fails on it; a running bot
# only logs it, so an unattended deployment does not stop answering the day a review lapses.
Severity = Literal["error", "warning", "overdue"]
Loc = tuple[str | int, ...]
Finding = tuple[str, Loc, str, Severity]

REVIEW_WARN_DAYS = 365
REVIEW_FAIL_DAYS = 548  # 18 months

# A phone number written with letters ("1-800-THE-LOST", "0508 NETSAFE") ...
_VANITY = re.compile(r"\d[- ]?[A-Z]{3,}")
# ... also shows its digits ("1-800-843-5678"): seven or more digits with only separators.
_DIGITS = re.compile(r"\d(?:[- ]?\d){6,}")


def walk(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    """Every nested model, list item and value of ``model`` with its location."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        here = (*loc, name)
        if isinstance(value, BaseModel):
            yield here, value
            yield from walk(value, here)
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                yield (*here, i), item
                if isinstance(item, BaseModel):
                    yield from walk(item, (*here, i))
        else:
            yield here, value


def domain_allowed(url: str, allowed: frozenset[str]) -> bool:
    """Whether ``url``'s host is an allowlisted domain or a subdomain of one."""
    host = (urlsplit(url).hostname or "").casefold()
    return any(host == d or host.endswith("." + d) for d in allowed)


def vanity_without_digits(text: str) -> str | None:
    """A number written with letters in ``text`` when ``text`` never gives a number in digits."""
    found = None if "://" in text else _VANITY.search(text)
    if found is None or _DIGITS.search(text):
        return None
    start = text.rfind(" ", 0, found.start()) + 1
    end = text.find(" ", found.end())
    return text[start : end if end != -1 else len(text)].strip(".,;:()")


# Kinds of content whose unlisted sources would only warn (none now: every guide cites a listed page).
SOURCE_LIST_WARNS_ONLY: frozenset[str] = frozenset()
_SOURCE_HINT = "or a recognised child-safety organisation"


def source_problem(value: Sourced, kinds: Mapping[str, DomainKind]) -> str | None:
    """Why ``value.source`` may not be cited: its domain is on no list, or is a last resort unmarked."""
    host = (urlsplit(value.source).hostname or "").casefold()
    kind = next((k for d, k in kinds.items() if host == d or host.endswith("." + d)), None)
    if kind is None:
        return (
            f"{host} is on no list of source domains (messages/domains/): cite the platform, the "
            f"authority {_SOURCE_HINT}"
        )
    if kind == "secondary" and value.source_kind != "secondary":
        return f"{host} is a secondary source: mark it `source_kind: secondary`, or cite the authority {_SOURCE_HINT}"
    return None


def unsafe_capture_advice(text: str, locale: str | None = "en") -> str | None:
    """Why ``text`` is unsafe advice (an image captured or passed on, confronting, secrecy), or None.

    The patterns of every language live in ``safety.py``; English always runs too.
    """
    return unsafe_advice(text, locale)


def check_item(
    item: BaseModel, file: str, catalogue: Catalogue, today: dt.date, root_loc: Loc = (), locale: str = "en"
) -> Iterator[Finding]:
    """Provenance, HTTPS and allowlisted links, and safe wording (in ``locale``) of one item."""
    nodes: list[tuple[Loc, Any]] = [(root_loc, item), *walk(item, root_loc)]
    for loc, value in nodes:
        if isinstance(value, Sourced):
            if not value.source.startswith("https://"):
                yield file, (*loc, "source"), f"source must be an HTTPS URL, got {value.source!r}", "error"
            age = (today - value.reviewed).days
            if age > REVIEW_FAIL_DAYS:
                yield file, (*loc, "reviewed"), f"last reviewed {value.reviewed}, over 18 months ago", "overdue"
            elif age > REVIEW_WARN_DAYS:
                yield (
                    file,
                    (*loc, "reviewed"),
                    f"last reviewed {value.reviewed}, over 12 months ago",
                    "warning",
                )
            elif age < -1:
                yield file, (*loc, "reviewed"), f"review date {value.reviewed} is in the future", "error"
            if catalogue.domain_kinds and (why := source_problem(value, catalogue.domain_kinds)):
                yield file, (*loc, "source"), why, "error"
        if isinstance(value, Link):
            if not value.url.startswith("https://"):
                yield file, (*loc, "url"), f"link must be HTTPS, got {value.url!r}", "error"
            elif not domain_allowed(value.url, catalogue.allowed_domains):
                host = urlsplit(value.url).hostname
                yield file, (*loc, "url"), f"{host} is not in the allowlist of official domains", "error"
        if isinstance(value, str) and (reason := unsafe_advice(value, locale)):
            yield file, loc, reason, "error"
        if isinstance(value, str) and (number := vanity_without_digits(value)):
            yield file, loc, f"{number} is written with letters: also give its digits", "warning"


def _check_country(country: Country, file: str, catalogue: Catalogue) -> Iterator[Finding]:
    if country.code != INTERNATIONAL and country.emergency is None:
        yield file, ("code",), f"{country.name} has no emergency number", "error"
    covered = {s for r in country.routes for s in r.situations} | set(country.international_for)
    intl = catalogue.international
    for situation in SITUATIONS:
        if situation == "immediate-danger" and country.emergency is not None:
            continue
        if situation not in covered:
            yield file, ("routes",), f"no route for the situation '{situation}'", "error"
        elif (
            situation in country.international_for
            and intl is not None
            and not any(situation in r.situations for r in intl.routes)
        ):
            yield (
                file,
                ("international_for",),
                f"the international routes do not cover '{situation}'",
                "error",
            )


def _check_emergency(table: EmergencyTable, file: str, catalogue: Catalogue, seen: dict[str, str]) -> Iterator[Finding]:
    """Every entry is a real ISO 3166 country, listed once, and agrees with its full routes."""
    for i, entry in enumerate(table.entries):
        if not iso_code(entry.code):
            yield file, ("entries", i, "code"), f"{entry.code!r} is not an ISO 3166-1 alpha-2 country code", "error"
        if entry.code in seen:
            yield file, ("entries", i, "code"), f"{entry.code} is listed twice (also in {seen[entry.code]})", "error"
        seen.setdefault(entry.code, file)
        routes = catalogue.countries.get(entry.code)
        if routes is not None and routes.emergency is not None and entry.numbers:
            listed = {n.number for n in entry.numbers}
            # Routes may say "112 or 999": agreeing on any one number is agreeing.
            if not any(number in routes.emergency.number for number in listed):
                yield (
                    file,
                    ("entries", i, "numbers"),
                    f"{entry.code}'s routes say {routes.emergency.number}, this table says "
                    f"{', '.join(sorted(listed))}: settle it against the sources",
                    "warning",
                )


def run_checks(
    catalogue: Catalogue,
    files: dict[str, Sequence[tuple[str, BaseModel]]],
    today: dt.date,
) -> Iterator[Finding]:
    """Every provenance, link, coverage, duplicate and safety-wording problem in the content."""
    seen: dict[tuple[str, str], str] = {}
    emergency_codes: dict[str, str] = {}
    for kind, items in files.items():
        for file, item in items:
            ident = getattr(item, "id", None) or getattr(item, "code", None)
            if ident is not None:
                key = (kind, str(ident))
                if key in seen:
                    yield file, ("id",), f"duplicate id {ident!r} (also in {seen[key]})", "error"
                seen.setdefault(key, file)
                stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
                expected = str(getattr(item, "age_band", None) if kind == "talk" else ident).lower()
                # One file per item in these folders: the file name is the id, so it can be found.
                if kind in ("tips", "guides", "countries", "talk") and stem.lower() != expected:
                    yield file, ("id",), f"file name should be {expected} to match its id", "error"
            for finding in check_item(item, file, catalogue, today):
                if kind in SOURCE_LIST_WARNS_ONLY and finding[2].endswith(_SOURCE_HINT):
                    finding = (*finding[:3], "warning")
                yield finding
            if isinstance(item, Country):
                route_ids: set[str] = set()
                for i, route in enumerate(item.routes):
                    if route.id in route_ids:
                        yield file, ("routes", i, "id"), f"duplicate route id {route.id!r}", "error"
                    route_ids.add(route.id)
                yield from _check_country(item, file, catalogue)
            if isinstance(item, EmergencyTable):
                yield from _check_emergency(item, file, catalogue, emergency_codes)
    if catalogue.countries and catalogue.advice is None:
        yield "messages/advice.yaml", (), "missing: every report answer needs its evidence line", "error"
    if catalogue.countries and catalogue.international is None:
        yield "messages/routes", (), "there is no international fallback (routes/intl.yaml)", "error"
