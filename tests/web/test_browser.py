"""The web guide in a real browser: Debian's chromium driven by Playwright, pages served by the bot's own route.

These tests need /usr/bin/chromium (apt package ``chromium``) and axe-core (npm, installed by
``make browser-deps``). Without them they skip with the reason, unless
``LOOKOUT_TEST_BROWSER=required`` (CI) makes a missing browser a failure.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.core.content import Catalogue
from bot.web import add_guide_routes, build_site

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("LOOKOUT_CHROMIUM", "/usr/bin/chromium")
AXE = Path(os.environ.get("LOOKOUT_AXE_JS", ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"))
# Read once at import of the test module (not in the event loop); None when not installed.
AXE_JS = AXE.read_text(encoding="utf-8") if AXE.is_file() else None
HAVE_CHROMIUM = Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None
PHONE = {"width": 390, "height": 844}
# Chromium reaches for Google's services at start; this machine has no network for them.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable(what: str) -> None:
    if os.environ.get("LOOKOUT_TEST_BROWSER") == "required":
        pytest.fail(f"{what} is required here (LOOKOUT_TEST_BROWSER=required)")
    pytest.skip(f"{what} is not installed (see `make browser-deps`)")


@pytest.fixture
async def guide_url(catalogue: Catalogue) -> AsyncIterator[str]:
    """The web guide served by the bot's /guide/ route on 127.0.0.1 with an ephemeral port."""
    app = web.Application()
    add_guide_routes(app, build_site(catalogue))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}/guide"
    finally:
        await runner.cleanup()


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    """Debian's chromium, headless, through Playwright (its own browser download is unreachable)."""
    if not HAVE_CHROMIUM:
        _unavailable("chromium")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield launched
        finally:
            await launched.close()


async def _phone_page(browser: Any, url: str) -> Any:
    page = await browser.new_page(viewport=PHONE)
    response = await page.goto(url)
    assert response is not None and response.status == 200, url
    return page


async def test_emergency_line_is_above_the_fold_on_a_phone(browser: Any, guide_url: str, catalogue: Catalogue) -> None:
    """On a 390x844 phone, every report card shows the emergency line without scrolling."""
    for code in catalogue.countries:
        page = await _phone_page(browser, f"{guide_url}/en/report/{code.lower()}.html")
        line = page.locator("#emergency")
        assert await line.is_visible(), code
        box = await line.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], (code, box)
        await page.close()


async def test_link_buttons_are_clickable(browser: Any, guide_url: str) -> None:
    """Buttons are big enough to tap, nothing covers them, and following one opens its page."""
    page = await _phone_page(browser, f"{guide_url}/en/index.html")
    buttons = page.locator("a.button")
    assert await buttons.count() > 10
    for i in range(await buttons.count()):
        button = buttons.nth(i)
        await button.scroll_into_view_if_needed()
        box = await button.bounding_box()
        assert box is not None and box["height"] >= 44, await button.inner_text()
        on_top = await button.evaluate(
            "el => { const r = el.getBoundingClientRect();"
            " return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }"
        )
        assert on_top, await button.inner_text()
    await page.get_by_role("link", name="United Kingdom").first.click()
    await page.wait_for_url(re.compile(r".*/en/report/gb\.html$"))
    assert "999" in await page.locator("#emergency").inner_text()
    await page.close()


async def test_screenshots_of_the_uk_card_and_the_roblox_guide(browser: Any, guide_url: str, tmp_path: Path) -> None:
    """A person sees the pages rendered: screenshots are taken and hold a full page."""
    for name, path in (("gb-card", "en/report/gb.html"), ("roblox-guide", "en/guides/roblox.html")):
        page = await _phone_page(browser, f"{guide_url}/{path}")
        shot = tmp_path / f"{name}.png"
        await page.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 20_000
        await page.close()


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
async def test_every_report_card_prints_on_one_page(
    browser: Any, guide_url: str, catalogue: Catalogue, paper: str, tmp_path: Path
) -> None:
    """The 'where to report' card of every country fits one A4 or Letter page, for the fridge."""
    page = await browser.new_page()
    for code in catalogue.countries:
        await page.goto(f"{guide_url}/en/report/{code.lower()}.html")
        pdf = await page.pdf(format=paper, print_background=True)
        if code == "GB":
            (tmp_path / f"gb-{paper}.pdf").write_bytes(pdf)
        assert _pdf_pages(pdf) == 1, (code, paper, _pdf_pages(pdf))
    await page.close()


async def test_no_serious_accessibility_violations(browser: Any, guide_url: str) -> None:
    """axe-core finds no serious or critical accessibility problem on the main pages."""
    if AXE_JS is None:
        _unavailable("axe-core")
    for path in (
        "index.html",
        "en/index.html",
        "en/report/gb.html",
        "en/guides/roblox.html",
        "en/tips.html",
        "en/about.html",
    ):
        # The pages forbid every script (Content-Security-Policy); the checker is the test's own,
        # injected with CSP bypassed, so the page itself stays script-free.
        context = await browser.new_context(viewport=PHONE, bypass_csp=True)
        page = await context.new_page()
        await page.goto(f"{guide_url}/{path}")
        await page.add_script_tag(content=AXE_JS)
        result = await page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], (path, serious)
        await context.close()
