"""Build the static web guide from the content catalogue: one source, two surfaces.

Every page is rendered from the same validated catalogue the chat replies use, so the site is
never older than the bot. The build returns the pages in memory (path -> bytes): the CLI writes
them to a folder (``lookout site build DIR``) and the bot's HTTP listener serves them under
``/guide/`` straight from memory. Pages need no JavaScript and load nothing from another host:
no fonts, scripts, images or trackers, and no forms (nothing is ever sent or stored).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from bot.core.commands.report_parts import situation_routes
from bot.core.content.catalogue import INTERNATIONAL, Catalogue
from bot.core.content.checks import domain_allowed
from bot.core.content.models import AGE_BANDS, AUDIENCES, SITUATIONS, Country, Guide, Route, Sourced, Tip
from bot.core.weblinks import guide_page, has_web_pages, report_card

# Translate(message id, **params) for one language; the web guide's sentences come from the
# same text seam as the chat replies.
Translate = Callable[..., str]
STYLESHEET = "style.css"


@dataclass(frozen=True, slots=True)
class Source:
    """A fact's source as shown at the foot of a page: its host, URL and review date."""

    host: str
    url: str
    reviewed: dt.date
    # Linked only when its domain is on the content's allowlist; otherwise shown as text.
    linked: bool = True


@dataclass
class Site:
    """The built pages (relative path -> content) and the languages they were built in."""

    pages: dict[str, bytes] = field(default_factory=dict)
    languages: tuple[str, ...] = ("en",)
    # The sentence a missing page answers with, per language (``web.not-found``).
    not_found: dict[str, str] = field(default_factory=dict)

    def missing(self, path: str) -> str:
        """What a request for a page that does not exist reads, in the language its path names."""
        lang = path.split("/", 1)[0]
        return self.not_found.get(lang) or self.not_found.get(self.languages[0], "")

    def content_type(self, path: str) -> str:
        """The Content-Type a server sends for ``path``."""
        if path.endswith(".css"):
            return "text/css; charset=utf-8"
        return "text/html; charset=utf-8"


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def sources_of(items: Iterable[object], allowed: frozenset[str]) -> list[Source]:
    """Every distinct source among the sourced items, newest review per URL, sorted by host."""
    found: dict[str, Source] = {}
    for item in items:
        if isinstance(item, Sourced):
            known = found.get(item.source)
            if known is None or item.reviewed > known.reviewed:
                linked = domain_allowed(item.source, allowed)
                found[item.source] = Source(_host(item.source), item.source, item.reviewed, linked)
    return sorted(found.values(), key=lambda s: (s.host, s.url))


def routes_by_situation(country: Country, intl: Country | None) -> list[tuple[str, list[Route], bool]]:
    """(situation, routes, international?) for every situation except immediate danger."""
    sections: list[tuple[str, list[Route], bool]] = []
    for situation in SITUATIONS:
        if situation == "immediate-danger":
            continue
        # The same rule as the chat answer (one function in the core).
        routes, international = situation_routes(country, situation, intl)
        sections.append((situation, routes, international))
    return sections


def _translator(catalogue: Catalogue, lang: str) -> Translate:
    def translate(message_id: str, /, **params: object) -> str:
        return catalogue.texts.get(message_id, lang, **params)

    return translate


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("bot.web", "templates"),
        # Everything from the content is escaped: a stray "<" in a tip can never become markup.
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["host"] = _host
    return env


def _stylesheet() -> bytes:
    return resources.files("bot.web").joinpath("static", STYLESHEET).read_bytes()


def _countries(catalogue: Catalogue) -> list[Country]:
    return catalogue.national_countries()


def _guides(catalogue: Catalogue) -> list[Guide]:
    return sorted(catalogue.guides.values(), key=lambda g: g.name.casefold())


def _tips_by_audience(catalogue: Catalogue) -> list[tuple[str, list[tuple[str, list[Tip]]]]]:
    """Tips grouped by audience, then by their first topic, in a stable order."""
    grouped: list[tuple[str, list[tuple[str, list[Tip]]]]] = []
    for audience in AUDIENCES:
        tips = [t for t in catalogue.tips if t.audience == audience]
        topics: dict[str, list[Tip]] = {}
        for tip in sorted(tips, key=lambda t: t.title.casefold()):
            topics.setdefault(tip.topics[0], []).append(tip)
        grouped.append((audience, sorted(topics.items())))
    return grouped


class _Builder:
    """Renders every page of one language."""

    def __init__(
        self,
        catalogue: Catalogue,
        env: Environment,
        lang: str,
        languages: tuple[str, ...],
        translate: Translate,
        css_version: str,
    ) -> None:
        self.catalogue = catalogue
        self.env = env
        self.lang = lang
        self.languages = languages
        self.t = translate
        self.css_version = css_version
        self.pages: dict[str, bytes] = {}

    def render(self, path: str, template: str, *, title: str, sourced: Iterable[object], **values: Any) -> None:
        """Render one page of this language at ``<lang>/<path>``."""
        depth = path.count("/") + 1  # the language folder, then any sub-folder
        root = "../" * depth
        html = self.env.get_template(template).render(
            t=self.t,
            # A country as this language names it ("Allemagne"): the routes' translation, else CLDR's.
            country_name=lambda code: self.catalogue.country_name(code, self.lang),
            lang=self.lang,
            title=title,
            root=root,
            here=path,
            css=f"{root}{STYLESHEET}?v={self.css_version}",
            alternates=[(code, f"{root}{code}/{path}") for code in self.languages],
            sources=sources_of(sourced, self.catalogue.allowed_domains),
            situations=SITUATIONS,
            age_bands=AGE_BANDS,
            **values,
        )
        self.pages[f"{self.lang}/{path}"] = html.encode("utf-8")

    def build(self) -> dict[str, bytes]:
        """Every page: home, report cards, guides, tips, signs, talk, moderators, about."""
        catalogue = self.catalogue
        countries = _countries(catalogue)
        guides = _guides(catalogue)
        intl = catalogue.international
        self.render(
            "index.html", "home.html.j2", title=self.t("web.home-title"), sourced=[], countries=countries, guides=guides
        )
        for country in [*countries, *([intl] if intl is not None else [])]:
            sections = routes_by_situation(country, intl)
            sourced: list[object] = [r for _, routes, _ in sections for r in routes]
            sourced += [n for n in (country.emergency, country.non_emergency) if n is not None]
            self.render(
                report_card(country.code),
                "report.html.j2",
                title=self.t("web.report-title", country=self.catalogue.country_name(country.code, self.lang)),
                sourced=sourced,
                country=country,
                sections=sections,
                international=country.code == INTERNATIONAL,
            )
        for guide in guides:
            parts: list[object] = [*guide.parental_controls, *guide.step_sets, guide.help_page]
            if guide.minimum_age is not None:
                parts.append(guide.minimum_age)
            self.render(
                guide_page(guide.id),
                "guide.html.j2",
                title=self.t("web.guide-title", platform=guide.name),
                sourced=parts,
                guide=guide,
            )
        self.render("guides/index.html", "guides.html.j2", title=self.t("web.guides-title"), sourced=[], guides=guides)
        self.render(
            "report/index.html",
            "countries.html.j2",
            title=self.t("web.countries-title"),
            sourced=[],
            countries=countries,
        )
        self.render(
            "tips.html",
            "tips.html.j2",
            title=self.t("web.tips-title"),
            sourced=catalogue.tips,
            groups=_tips_by_audience(catalogue),
        )
        if catalogue.signs is not None:
            self.render(
                "signs.html",
                "sections.html.j2",
                title=catalogue.signs.title,
                sourced=catalogue.signs.sections,
                content=catalogue.signs,
            )
        if catalogue.playbook is not None:
            self.render(
                "moderators.html",
                "sections.html.j2",
                title=catalogue.playbook.title,
                sourced=catalogue.playbook.sections,
                content=catalogue.playbook,
            )
        starters = [catalogue.talk[b] for b in AGE_BANDS if b in catalogue.talk]
        self.render("talk.html", "talk.html.j2", title=self.t("web.talk-title"), sourced=starters, starters=starters)
        every: list[object] = [*catalogue.tips]
        for guide in guides:
            every += [*guide.parental_controls, *guide.step_sets, guide.help_page]
        for country in catalogue.countries.values():
            every += [*country.routes, *(n for n in (country.emergency, country.non_emergency) if n is not None)]
        every += [*(catalogue.signs.sections if catalogue.signs else ()), *starters]
        every += [*(catalogue.playbook.sections if catalogue.playbook else ())]
        self.render("about.html", "about.html.j2", title=self.t("web.about-title"), sourced=every)
        return self.pages


def site_languages(catalogue: Catalogue) -> tuple[str, ...]:
    """The languages the web guide is built in: English first, then every translated interface."""
    # A language counts once its web sentences are translated; the rest of a page may still fall
    # back to English item by item, as the chat replies do.
    translated = (code for code in catalogue.texts.locales() if code != "en" and has_web_pages(catalogue.texts, code))
    return ("en", *sorted(translated))


def build_site(catalogue: Catalogue, languages: Iterable[str] | None = None) -> Site:
    """Render every page in each language (default: every language the web texts exist in).

    Paths are relative (``en/report/gb.html``, ``style.css``, ``index.html``), so the same pages
    work from a folder, a static host or the bot's ``/guide/`` route.
    """
    codes = tuple(languages) if languages is not None else site_languages(catalogue)
    translators: dict[str, Translate] = {code: _translator(catalogue, code) for code in codes}
    env = _environment()
    css = _stylesheet()
    # A changed stylesheet gets a new URL, so a browser never shows new pages with old styles.
    css_version = hashlib.sha256(css).hexdigest()[:10]
    languages = tuple(translators)
    site = Site(languages=languages)
    site.pages[STYLESHEET] = css
    for lang, translate in translators.items():
        site.pages.update(_Builder(catalogue, env, lang, languages, translate, css_version).build())
        site.not_found[lang] = translate("web.not-found")
    first = languages[0]
    site.pages["index.html"] = (
        env.get_template("languages.html.j2")
        .render(
            t=translators[first],
            lang=first,
            languages=[(code, translators[code]("web.language-name")) for code in languages],
            css=f"{STYLESHEET}?v={css_version}",
        )
        .encode("utf-8")
    )
    return site
