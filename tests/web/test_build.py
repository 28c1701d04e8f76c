"""The web guide build: every page exists, facts come first, nothing loads from elsewhere."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from bot.core.commands.context import Defaults
from bot.core.content import Catalogue
from bot.core.content.checks import domain_allowed
from bot.core.engine import Core
from bot.core.models import Link
from bot.store import Store
from bot.web import Site, build_site
from tests.conftest import Clock
from tests.web.site_helpers import page_text, parse


@pytest.fixture(scope="module")
def site(catalogue: Catalogue) -> Site:
    return build_site(catalogue)


def test_every_country_and_guide_has_its_page(site: Site, catalogue: Catalogue) -> None:
    """A parent can open the report card of every country and the page of every guide."""
    for code in catalogue.countries:
        assert f"en/report/{code.lower()}.html" in site.pages
    for guide in catalogue.guides.values():
        text = page_text(site.pages[f"en/guides/{guide.id}.html"])
        for step_set in (*guide.parental_controls, *guide.step_sets):
            assert step_set.title in text
            assert step_set.steps[0] in text


def test_uk_card_puts_999_before_ceop(site: Site) -> None:
    """The emergency number is the first thing on the UK card, before any route."""
    text = page_text(site.pages["en/report/gb.html"])
    assert "call 999 now" in text
    assert text.index("999") < text.index("CEOP")
    assert text.index("999") < text.index("Write down usernames")


def test_every_report_page_starts_with_an_emergency_line(site: Site, catalogue: Catalogue) -> None:
    """Every country's card opens with its own emergency number; the international card with the local one."""
    for code, country in catalogue.countries.items():
        html = site.pages[f"en/report/{code.lower()}.html"].decode()
        first = re.search(r'<p class="emergency" id="emergency">(.*?)</p>', html)
        assert first is not None, code
        expected = country.emergency.number if country.emergency else "local emergency number"
        assert expected in first.group(1), code
        assert html.index('id="emergency"') < html.index('class="situation"'), code


def test_every_link_is_https_on_an_allowlisted_domain(site: Site, catalogue: Catalogue) -> None:
    """A link leaves the site only for an official or recognised page over HTTPS."""
    for path, body in site.pages.items():
        if not path.endswith(".html"):
            continue
        for href in parse(body).hrefs:
            if href.startswith(("#", "../")) or "://" not in href:
                continue
            assert href.startswith("https://"), (path, href)
            assert domain_allowed(href, catalogue.allowed_domains), (path, href)


def test_no_page_loads_anything_from_another_host(site: Site) -> None:
    """No fonts, scripts, images or trackers from elsewhere, and no forms at all."""
    for path, body in site.pages.items():
        if not path.endswith(".html"):
            continue
        page = parse(body)
        assert all("://" not in src and not src.startswith("//") for src in page.loads), (path, page.loads)
        tags = {tag for tag, _ in page.tags}
        assert not tags & {"script", "form", "input", "textarea", "iframe", "img"}, (path, tags)
    css = site.pages["style.css"].decode()
    assert "url(" not in css and "@import" not in css


def test_every_page_is_well_formed_with_a_language_and_one_heading(site: Site) -> None:
    """Valid structure: every element closed in order, a lang attribute, a title and one h1."""
    for path, body in site.pages.items():
        if not path.endswith(".html"):
            continue
        page = parse(body)
        assert page.problems == [], (path, page.problems)
        html_tag = next(attrs for tag, attrs in page.tags if tag == "html")
        assert html_tag.get("lang"), path
        assert [tag for tag, _ in page.tags].count("h1") == 1, path
        assert any(tag == "title" for tag, _ in page.tags), path


def test_pages_name_their_other_languages(site: Site) -> None:
    """Every page links its versions in every built language with hreflang."""
    for path, body in site.pages.items():
        if not path.startswith("en/"):
            continue
        alternates = {
            attrs.get("hreflang") for tag, attrs in parse(body).tags if tag == "link" and attrs.get("hreflang")
        }
        assert alternates == set(site.languages), path


def test_every_page_shows_its_sources_with_dates(site: Site, catalogue: Catalogue) -> None:
    """Like the chat replies, each page of facts lists its sources and when they were checked."""
    emergency = catalogue.countries["GB"].emergency
    assert emergency is not None
    text = page_text(site.pages["en/report/gb.html"])
    assert "Sources and review dates" in text
    assert f"checked {emergency.reviewed.isoformat()}" in text
    roblox = page_text(site.pages["en/guides/roblox.html"])
    assert "checked 20" in roblox


def test_content_is_escaped(catalogue: Catalogue) -> None:
    """Text from the content can never become markup on a page."""
    tip = catalogue.tips[0]
    hostile = replace(catalogue, tips=(tip.model_copy(update={"title": "<script>alert(1)</script>"}),))
    site = build_site(hostile)
    html = site.pages["en/tips.html"].decode()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_written_site_is_the_same_as_served(tmp_path: Path, site: Site) -> None:
    """`lookout site build DIR` writes exactly the pages the bot serves."""
    from bot.cli import main

    assert main(["site", "build", str(tmp_path / "out")]) == 0
    written = {
        str(p.relative_to(tmp_path / "out")): p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()
    }
    assert written.keys() == site.pages.keys()
    assert written["en/report/gb.html"] == site.pages["en/report/gb.html"]


async def test_chat_answers_link_to_the_web_guide_when_public(catalogue: Catalogue, store: Store, clock: Clock) -> None:
    """With LOOKOUT_PUBLIC_URL, /safety guide links "Full guide" and /safety report "Print the card"."""
    public = "https://lookout.example.org"
    core = Core(catalogue, store, defaults=Defaults(timezone="Europe/London", public_url=public), clock=clock)
    ask = {"platform": "console", "community_id": "c", "channel_id": "x", "user_id": "u", "user_is_admin": False}
    guide = await core.handle_text("/safety guide roblox", **ask)  # type: ignore[arg-type]
    assert Link("Full guide", f"{public}/guide/en/guides/roblox.html") in guide.links
    report = await core.handle_text("/safety report GB grooming", **ask)  # type: ignore[arg-type]
    assert report.links[-1] == Link("Print the card", f"{public}/guide/en/report/gb.html")
    site = build_site(catalogue)
    for link in (*guide.links, *report.links):
        if link.url.startswith(public):
            assert link.url.removeprefix(f"{public}/guide/") in site.pages


async def test_without_a_public_url_no_answer_links_the_web_guide(core: Core) -> None:
    """Nobody is sent to a page that is not served: no public URL, no web link."""
    reply = await core.handle_text(
        "/safety guide roblox", platform="console", community_id="c", channel_id="x", user_id="u", user_is_admin=False
    )
    assert all("/guide/" not in link.url for link in reply.links)


def test_card_offers_take_it_down_where_the_chat_answer_does(site: Site, catalogue: Catalogue) -> None:
    """Germany lists no take-down tool for sextortion: its card adds Take It Down, as `/safety report DE` does."""
    from bot.core.commands.report_parts import situation_routes

    germany = catalogue.countries["DE"]
    routes, international = situation_routes(germany, "sextortion", catalogue.international)
    assert not international and any(r.id == "intl-take-it-down" for r in routes)
    assert "Take It Down" in page_text(site.pages["en/report/de.html"])


def test_pages_name_countries_in_their_language(site: Site) -> None:
    """The French home page lists "Allemagne" and titles the card "Royaume-Uni"; English keeps English."""
    if "fr/index.html" not in site.pages:
        pytest.skip("no French web guide in this build")
    assert "Allemagne" in page_text(site.pages["fr/index.html"])
    assert "Royaume-Uni" in page_text(site.pages["fr/report/gb.html"])
    assert "Germany" in page_text(site.pages["en/index.html"])
