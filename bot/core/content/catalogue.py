"""The validated content, with the look-ups commands need (country, platform, tips)."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel

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
from bot.core.countries import CountryNames, country_name, territory_name
from bot.core.text.catalogue import SOURCE_LOCALE, Texts, fallback_chain
from bot.core.words import TypedWords, typed_words

INTERNATIONAL = "INTL"
# What a translation is filed under: (kind, id) such as ("tips", "young-dont-pay"), ("routes", "DE").
ItemKey = tuple[str, str]
ITEM_KINDS = ("tips", "guides", "routes", "signs", "talk", "playbook", "advice", "emergency")
# advice.yaml has no id of its own: its translation says `translates: advice`.
ADVICE_ID = "advice"
ItemT = TypeVar("ItemT", bound=BaseModel)


def item_key(item: BaseModel) -> ItemKey:
    """The key a translation of ``item`` is filed under."""
    if isinstance(item, Tip):
        return "tips", item.id
    if isinstance(item, Guide):
        return "guides", item.id
    if isinstance(item, Country):
        return "routes", item.code
    if isinstance(item, Starters):
        return "talk", item.age_band
    if isinstance(item, Signs):
        return "signs", item.id
    if isinstance(item, Playbook):
        return "playbook", item.id
    if isinstance(item, Advice):
        return "advice", ADVICE_ID
    if isinstance(item, EmergencyEntry):
        return "emergency", item.code
    raise TypeError(f"{type(item).__name__} is not a translatable content item")


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
        return CountryNames(aliases, languages=self.texts.locales())

    @functools.cached_property
    def words(self) -> TypedWords:
        """The command words typed in each language (``messages/ui/<locale>/words.yaml``), by kind."""
        # Built once per catalogue: it scans every locale's messages.
        return typed_words(self.texts)

    def language_countries(self) -> Mapping[str, str]:
        """Locale -> country code, from each country's ``locales`` ('de' -> DE, 'en-GB' -> GB)."""
        return self._language_countries

    @functools.cached_property
    def _language_countries(self) -> Mapping[str, str]:
        # Built once: every reporting answer asks for it.
        return {loc: c.code for c in self.countries.values() for loc in c.locales}

    # The interface wording (messages/ui/), by message id and locale.
    texts: Texts = field(default_factory=Texts)
    # Translated items (messages/<locale>/) by locale tag, each the English item with its words
    # replaced: numbers, links, ages and sources are the English item's own.
    translations: Mapping[str, Mapping[ItemKey, BaseModel]] = field(default_factory=dict)

    def localise(self, item: ItemT, locale: str | None) -> tuple[ItemT, bool]:
        """``item`` in the reader's language, and whether English stands in for a missing translation.

        The second value is True only for a language Lookout speaks (it has interface wording
        in ``messages/ui/``), so the reply can say, in that language, that this part is English.
        """
        key = item_key(item)
        speaks = False
        for tag in fallback_chain(locale):
            if tag == SOURCE_LOCALE or tag.startswith(SOURCE_LOCALE + "-"):
                return item, speaks
            found = self.translations.get(tag, {}).get(key)
            if found is not None:
                return found, False  # type: ignore[return-value]  # merge keeps the item's type
            speaks = speaks or tag in self.texts.messages
        return item, speaks

    def coverage(self) -> dict[str, dict[str, tuple[int, int]]]:
        """Per locale, per kind (``ui``, tips, guides, routes, ..., emergency entries): (translated, total)."""
        totals = {
            "ui": len(self.texts.ids()),
            "tips": len(self.tips),
            "guides": len(self.guides),
            "routes": len(self.countries),
            "signs": int(self.signs is not None),
            "talk": len(self.talk),
            "playbook": int(self.playbook is not None),
            "advice": int(self.advice is not None),
            "emergency": len(self.emergency),
        }
        locales = sorted((set(self.texts.messages) | set(self.translations)) - {SOURCE_LOCALE})
        table: dict[str, dict[str, tuple[int, int]]] = {}
        for tag in locales:
            done = {kind: 0 for kind in ITEM_KINDS}
            for kind, _ in self.translations.get(tag, {}):
                done[kind] += 1
            ui = len(self.texts.messages.get(tag, {}))
            table[tag] = {"ui": (ui, totals["ui"]), **{k: (done[k], totals[k]) for k in ITEM_KINDS}}
        return table

    @property
    def international(self) -> Country | None:
        """The international fallback routes."""
        return self.countries.get(INTERNATIONAL)

    def national_countries(self) -> list[Country]:
        """Countries with their own routes, by name."""
        return sorted((c for c in self.countries.values() if c.code != INTERNATIONAL), key=lambda c: c.name)

    def known_countries(self, locale: str | None = None) -> str:
        """'Australia (AU), Canada (CA), ...': the countries with their own routes, named and sorted in ``locale``."""
        named = [(self.country_name(c.code, locale), c.code) for c in self.national_countries()]
        return ", ".join(f"{name} ({code})" for name, code in sorted(named, key=lambda pair: _key(pair[0])))

    def country_name(self, code: str, locale: str | None) -> str:
        """A country's name in the reader's language: its translated routes' name, else CLDR's, else English.

        The language is the one the reply is really worded in (``Texts.spoken``), so a reader
        whose language Lookout does not speak reads the English name inside English sentences.
        """
        own = self.countries.get(code)
        if own is not None:
            shown, _ = self.localise(own, locale)
            if shown is not own:
                return shown.name
        spoken = self.texts.spoken(locale)
        english = spoken == SOURCE_LOCALE or spoken.startswith(SOURCE_LOCALE + "-")
        if not english and code != INTERNATIONAL and (name := territory_name(code, spoken)) is not None:
            return name
        return own.name if own is not None else country_name(code)

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
