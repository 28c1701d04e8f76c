"""Which country a reporting answer is for, and forgiving ways of naming one.

One function, :func:`resolve`, decides the country in the order DESIGN.md gives: what the person
typed, the community's region, the country of the schedule's IANA timezone, the person's own
client locale, the community's locale, the default region, then the international answer.

Names come from kept libraries, never a hand list: ISO 3166 codes and English names from
``pycountry``, each country's own-language names from Babel's CLDR territory names, the
zone-to-country table from the tz database itself (``zone.tab`` in ``tzdata``). Content adds
its own aliases (``UK``, ``America``, ``Großbritannien``) beside each country's facts.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import pycountry
from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages
from rapidfuzz import fuzz, process

from bot.core.text.cldr import cldr_locale

INTERNATIONAL = "INTL"

How = Literal["typed", "region", "timezone", "user-locale", "community-locale", "default", "fallback"]
# Chosen by a person (typed, or an admin's region setting): no "I assumed" line is needed.
CHOSEN: frozenset[How] = frozenset({"typed", "region"})

# A fuzzy score (0-100, rapidfuzz ratio) at or above SURE is a typo we correct silently
# ("Untied Kingdom"); between UNSURE and SURE we ask "did you mean"; below, no match.
SURE = 88.0
UNSURE = 72.0
# Short words fuzz into anything ("uk" is one edit from "us"): only exact matches below this.
MIN_FUZZY_LENGTH = 4
# Discord reports en-US as the preferred locale of every server that is not a Community
# server (and as the default of every client), so en-US alone says little about where anyone is.
UNTRUSTED_LOCALES = frozenset({"en-us", "en_us", "en"})

_REGIONAL_A = 0x1F1E6
_TAG_A = 0xE0061
_TAG_CANCEL = 0xE007F


def key(text: str) -> str:
    """Text folded for comparison: case, accents and punctuation ignored ('España' -> 'espana')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = (ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", "".join(kept))


def flag_code(text: str) -> str | None:
    """The ISO code of a flag emoji: 🇬🇧 -> GB; the England/Scotland/Wales flags -> GB."""
    chars = [ord(ch) for ch in text.strip() if ch not in "\ufe0f\u200d"]
    if len(chars) == 2 and all(_REGIONAL_A <= c < _REGIONAL_A + 26 for c in chars):
        code = "".join(chr(ord("A") + c - _REGIONAL_A) for c in chars)
        return code if iso_code(code) else None
    # Subdivision flags: a black flag, tag letters spelling e.g. "gbsct", then a cancel tag.
    if len(chars) >= 4 and chars[0] == 0x1F3F4 and chars[-1] == _TAG_CANCEL:
        letters = "".join(chr(ord("A") + c - _TAG_A) for c in chars[1:-1] if _TAG_A <= c < _TAG_A + 26)
        if len(letters) >= 2 and pycountry.countries.get(alpha_2=letters[:2]) is not None:
            return letters[:2]
    return None


def iso_code(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 code (``GB``, ``JP``; not ``UK`` or ``EU``)."""
    return len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None


def country_name(code: str) -> str:
    """The English short name of an ISO code ('KR' -> 'South Korea'), or the code itself."""
    if code == INTERNATIONAL:
        return "International"
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def territory_name(code: str, locale: str) -> str | None:
    """A country's name in ``locale``'s language, from CLDR ('DE' in 'fr' -> 'Allemagne'), or None."""
    where = cldr_locale(locale)
    name = where.territories.get(code) if where else None
    return str(name) if name else None


@functools.cache
def _library_names() -> Mapping[str, frozenset[str]]:
    """Folded name -> ISO codes, from pycountry (codes, English names) and GB's home nations."""
    names: dict[str, set[str]] = {}

    def add(name: str, code: str) -> None:
        if k := key(name):
            names.setdefault(k, set()).add(code)

    for country in pycountry.countries:
        code = country.alpha_2
        add(code, code)
        add(country.alpha_3, code)
        for attr in ("name", "common_name", "official_name"):
            if value := getattr(country, attr, None):
                add(value, code)
                # "Korea, Republic of" is also typed "Republic of Korea" or just "Korea".
                head, _, tail = value.partition(", ")
                if tail:
                    add(f"{tail} {head}", code)
    # England, Scotland, Wales and Northern Ireland are ISO 3166-2 subdivisions of GB.
    for sub in pycountry.subdivisions.get(country_code="GB") or ():  # type: ignore[no-untyped-call]
        if sub.type in ("Country", "Province", "Nation"):
            add(re.sub(r"\s*\[.*\]$", "", sub.name), "GB")
    return {k: frozenset(v) for k, v in names.items()}


@functools.cache
def _own_language_names() -> Mapping[str, frozenset[str]]:
    """Folded name -> ISO codes: each country's name in its own official languages (CLDR).

    Loading a Babel locale costs tens of milliseconds, so this runs once per process, and only
    when a typed name is not found among the codes, English names and aliases.
    """
    by_language: dict[str, list[str]] = {}
    for country in pycountry.countries:
        for language in get_official_languages(country.alpha_2, de_facto=True)[:3]:
            by_language.setdefault(language, []).append(country.alpha_2)
    names: dict[str, set[str]] = {}
    for language, codes in by_language.items():
        try:
            territories = Locale.parse(language).territories
        except (UnknownLocaleError, ValueError):
            continue
        for code in codes:
            if (name := territories.get(code)) and (k := key(name)):
                names.setdefault(k, set()).add(code)
    return {k: frozenset(v) for k, v in names.items()}


@functools.cache
def _reader_language_names(languages: tuple[str, ...]) -> Mapping[str, frozenset[str]]:
    """Folded name -> ISO codes: every country's name in the languages Lookout speaks (CLDR).

    A French reader types "Allemagne", a German one "Vereinigtes Königreich": names in the
    readers' languages, not only in each country's own. Built once per process, like the others.
    """
    names: dict[str, set[str]] = {}
    for where in filter(None, map(cldr_locale, languages)):
        for code, name in where.territories.items():
            if len(code) == 2 and code.isalpha() and (k := key(name)):
                names.setdefault(k, set()).add(code)
    return {k: frozenset(v) for k, v in names.items()}


@dataclass(frozen=True, slots=True)
class NameMatch:
    """What a typed country name matched: ``code`` when sure, ``suggestion`` when not."""

    code: str | None = None
    suggestion: str | None = None


class CountryNames:
    """Every way Lookout knows to name a country, with exact and forgiving look-ups.

    ``aliases`` maps an ISO code (or ``INTL``) to the extra names content gives it. An alias
    wins over a library name, so content can settle names shared by several countries.
    """

    def __init__(self, aliases: Mapping[str, Iterable[str]], languages: Iterable[str] = ()) -> None:
        # The languages Lookout speaks: a country may be typed by its name in any of them.
        self._languages = tuple(sorted(languages))
        own: dict[str, str] = {}
        for code, names in aliases.items():
            for name in (code, *names):
                if k := key(name):
                    own.setdefault(k, code)
        self._aliases: Mapping[str, str] = own

    def find(self, text: str) -> str | None:
        """The code ``text`` names exactly (a code, a name in English or its own language, a flag)."""
        if (flag := flag_code(text)) is not None:
            return flag
        wanted = key(text)
        if not wanted:
            return None
        if wanted in self._aliases:
            return self._aliases[wanted]
        for table in self._tables():
            codes = table.get(wanted)
            if codes is not None and len(codes) == 1:
                return next(iter(codes))
        return None

    def _tables(self) -> Iterator[Mapping[str, frozenset[str]]]:
        # Lazily, cheapest first: most names are found before a Babel locale is loaded.
        yield _library_names()
        if self._languages:
            yield _reader_language_names(self._languages)
        yield _own_language_names()

    def match(self, text: str) -> NameMatch:
        """``find``, then a forgiving match for typos ('Untied Kingdom'); unsure ones are suggestions."""
        if (code := self.find(text)) is not None:
            return NameMatch(code=code)
        wanted = key(text)
        if len(wanted) < MIN_FUZZY_LENGTH or len(wanted) > 80:
            return NameMatch()
        choices: dict[str, str] = {}
        for table in self._tables():
            for k, codes in table.items():
                if len(codes) == 1 and len(k) >= MIN_FUZZY_LENGTH:
                    choices.setdefault(k, next(iter(codes)))
        for k, code in self._aliases.items():
            if len(k) >= MIN_FUZZY_LENGTH:
                choices[k] = code
        best = process.extractOne(wanted, list(choices), scorer=fuzz.ratio, score_cutoff=UNSURE)
        if best is None:
            return NameMatch()
        name, score, _ = best
        if score >= SURE:
            return NameMatch(code=choices[name])
        return NameMatch(suggestion=choices[name])


@functools.cache
def zone_countries() -> Mapping[str, str]:
    """Zone -> ISO code from the tz database's own tables (``zone.tab``, then ``zone1970.tab``)."""
    table: dict[str, str] = {}
    base = resources.files("tzdata").joinpath("zoneinfo")
    for name in ("zone.tab", "zone1970.tab"):
        try:
            text = base.joinpath(name).read_text(encoding="utf-8")
        except (FileNotFoundError, OSError):
            continue
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) >= 3:
                # zone1970.tab lists every country a zone covers ("CH,DE,LI"): the first is
                # where the zone's city is. zone.tab, read first, already names one country.
                table.setdefault(fields[2], fields[0].split(",")[0])
    return table


def timezone_country(zone: str | None) -> str | None:
    """The country of an IANA timezone: Europe/London -> GB, Australia/Sydney -> AU; UTC -> None."""
    if not zone:
        return None
    return zone_countries().get(zone.strip())


def locale_country(locale: str | None, language_countries: Mapping[str, str] | None = None) -> str | None:
    """The country a platform locale names: en-GB -> GB, pt-BR -> BR, sv-SE -> SE.

    A language alone ('de', 'ja') names a country only where content says so in
    ``language_countries`` (each country's ``locales``); es-419 (Latin America) names none.
    """
    if not locale:
        return None
    value = locale.strip().replace("_", "-")
    _, _, region = value.partition("-")
    if region and len(region) == 2 and iso_code(region.upper()):
        return region.upper()
    mapping = {k.casefold(): v for k, v in (language_countries or {}).items()}
    return mapping.get(value.casefold())


@dataclass(frozen=True, slots=True)
class Resolution:
    """The country chosen for an answer and how it was chosen.

    ``code`` is an ISO code or ``INTL``. ``unknown`` is typed text that named no country (the
    answer is then international); ``suggestion`` the country it may have meant.
    """

    code: str
    how: How
    unknown: str | None = None
    suggestion: str | None = None

    @property
    def guessed(self) -> bool:
        """True when nobody chose this country: the answer says which it assumed."""
        return self.how not in CHOSEN


def resolve(
    typed: str | None,
    *,
    names: CountryNames,
    region: str | None = None,
    timezone: str | None = None,
    user_locale: str | None = None,
    community_locale: str | None = None,
    default_region: str | None = None,
    language_countries: Mapping[str, str] | None = None,
) -> Resolution:
    """The country for a reporting answer, in the order of DESIGN.md (see the module docstring)."""
    if typed:
        found = names.match(typed)
        if found.code is not None:
            return Resolution(found.code, "typed")
        return Resolution(INTERNATIONAL, "typed", unknown=typed, suggestion=found.suggestion)
    if region and (code := names.find(region)) is not None:
        return Resolution(code, "region")
    if (code := timezone_country(timezone)) is not None:
        return Resolution(code, "timezone")
    # en-US is also what Discord sends for people and servers that never chose: it counts
    # only after a locale someone did choose (the person's en-GB, the server's de).
    user_weak = user_locale is not None and user_locale.casefold() in UNTRUSTED_LOCALES
    if not user_weak and (code := locale_country(user_locale, language_countries)) is not None:
        return Resolution(code, "user-locale")
    chosen_community = community_locale if (community_locale or "en").casefold() not in UNTRUSTED_LOCALES else None
    if chosen_community and (code := locale_country(chosen_community, language_countries)) is not None:
        return Resolution(code, "community-locale")
    if user_weak and (code := locale_country(user_locale, language_countries)) is not None:
        return Resolution(code, "user-locale")
    if default_region and (code := names.find(default_region)) is not None:
        return Resolution(code, "default")
    return Resolution(INTERNATIONAL, "fallback")
