"""The validated content, with the look-ups commands need (country, platform, tips)."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.core.content.models import (
    Advice,
    AgeBand,
    Country,
    DomainKind,
    EmergencyEntry,
    Guide,
    Playbook,
    Signs,
    Starters,
    Tip,
)
from bot.core.countries import CountryNames
from bot.core.text.catalogue import Texts

INTERNATIONAL = "INTL"


def _key(text: str) -> str:
    # Accents are dropped ("México" == "Mexico") but letters of every script are kept, so a
    # name such as "日本" matches; punctuation and spaces never matter.
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return re.sub(r"[^\w+]|_", "", plain)


@dataclass(frozen=True)
class Catalogue:
    """Everything in ``messages/`` after validation. Immutable once loaded."""

    tips: tuple[Tip, ...] = ()
    guides: Mapping[str, Guide] = field(default_factory=dict)
    countries: Mapping[str, Country] = field(default_factory=dict)
    talk: Mapping[AgeBand, Starters] = field(default_factory=dict)
    signs: Signs | None = None
    playbook: Playbook | None = None
    # Advice every report answer carries (messages/advice.yaml), and every listed domain's kind.
    advice: Advice | None = None
    domain_kinds: Mapping[str, DomainKind] = field(default_factory=dict)
    allowed_domains: frozenset[str] = frozenset()
    # Every country's own emergency numbers (messages/emergency/), by ISO code.
    emergency: Mapping[str, EmergencyEntry] = field(default_factory=dict)

    @functools.cached_property
    def names(self) -> CountryNames:
        """Forgiving country names: the libraries' names plus the aliases content gives."""
        aliases: dict[str, list[str]] = {}
        for country in self.countries.values():
            aliases.setdefault(country.code, []).extend([country.name, *country.aliases])
        for entry in self.emergency.values():
            aliases.setdefault(entry.code, []).extend(entry.aliases)
        return CountryNames(aliases)

    def language_countries(self) -> dict[str, str]:
        """Locale -> country code, from each country's ``locales`` ('de' -> DE, 'en-GB' -> GB)."""
        return {loc: c.code for c in self.countries.values() for loc in c.locales}

    # The interface wording (messages/ui/), by message id and locale.
    texts: Texts = field(default_factory=Texts)

    @property
    def international(self) -> Country | None:
        """The international fallback routes."""
        return self.countries.get(INTERNATIONAL)

    def national_countries(self) -> list[Country]:
        """Countries with their own routes, by name."""
        return sorted((c for c in self.countries.values() if c.code != INTERNATIONAL), key=lambda c: c.name)

    def known_countries(self) -> str:
        """'Australia (AU), Canada (CA), ...': the countries with their own routes, for replies."""
        return ", ".join(f"{c.name} ({c.code})" for c in self.national_countries())

    def find_country(self, text: str) -> Country | None:
        """A country by ISO code, name or alias, ignoring case and punctuation."""
        wanted = _key(text)
        if not wanted:
            return None
        for country in self.countries.values():
            names = [country.code, country.name, *country.aliases]
            if any(_key(n) == wanted for n in names):
                return country
        return None

    def country_for_locale(self, locale: str) -> Country | None:
        """The country a platform locale such as ``en-GB`` implies, if any."""
        wanted = locale.casefold()
        for country in self.countries.values():
            if any(loc.casefold() == wanted for loc in country.locales):
                return country
        return None

    def find_guide(self, text: str) -> Guide | None:
        """A platform guide by id, name or alias."""
        wanted = _key(text)
        if not wanted:
            return None
        for guide in self.guides.values():
            if any(_key(n) == wanted for n in (guide.id, guide.name, *guide.aliases)):
                return guide
        return None

    def guide_suggestions(self, text: str, limit: int = 3) -> list[Guide]:
        """Guides whose names are closest to ``text`` (for a typo such as 'robloks')."""
        names: dict[str, Guide] = {}
        for guide in self.guides.values():
            for n in (guide.id, guide.name, *guide.aliases):
                names.setdefault(_key(n), guide)
        found: list[Guide] = []
        for match in difflib.get_close_matches(_key(text), list(names), n=limit * 3, cutoff=0.5):
            if names[match] not in found:
                found.append(names[match])
        if not found:
            wanted = _key(text)
            found = [g for k, g in names.items() if wanted and (wanted in k or k in wanted)]
        return found[:limit]

    def search_guides(self, prefix: str, limit: int = 25) -> list[Guide]:
        """Guides for autocomplete: names starting with or containing ``prefix``."""
        wanted = _key(prefix)
        ranked = sorted(
            self.guides.values(),
            key=lambda g: (not _key(g.name).startswith(wanted), g.name),
        )
        return [g for g in ranked if not wanted or any(wanted in _key(n) for n in (g.id, g.name, *g.aliases))][:limit]

    def tip_topics(self) -> list[str]:
        """Every topic used by at least one tip, sorted."""
        return sorted({t for tip in self.tips for t in tip.topics})
