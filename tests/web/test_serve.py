"""The bot's own HTTP listener serves the web guide under /guide/, from memory, script-free."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp

from bot.config import load_settings
from bot.runtime import run_platforms
from bot.web import Site


async def test_lookout_run_serves_the_guide(tmp_path: Path, catalogue) -> None:
    """A self-hosted Lookout has its web guide at /guide/ with no other server."""
    settings = load_settings(database_url=f"sqlite:///{tmp_path / 'lookout.db'}", http_port=0, tick_seconds=3600)
    stop = asyncio.Event()
    port: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    running = asyncio.create_task(run_platforms(settings, stop=stop, listening=port.set_result))
    base = f"http://127.0.0.1:{await asyncio.wait_for(port, 30)}"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/guide/en/report/gb.html") as resp:
                page = await resp.text()
                assert resp.status == 200
                assert resp.headers["Content-Type"].startswith("text/html")
                # Nothing may load from anywhere but this server, and no script may run at all.
                policy = resp.headers["Content-Security-Policy"]
                assert "default-src 'none'" in policy and "script-src" not in policy
                assert "form-action 'none'" in policy
            assert "call 999 now" in page
            async with http.get(f"{base}/guide/style.css") as resp:
                assert resp.status == 200 and resp.headers["Content-Type"].startswith("text/css")
            async with http.get(f"{base}/guide/", allow_redirects=False) as resp:
                assert resp.status == 200 and 'hreflang="en"' in await resp.text()
            async with http.get(f"{base}/guide", allow_redirects=False) as resp:
                assert resp.status == 308 and resp.headers["Location"] == "/guide/"
            async with http.get(f"{base}/guide/en/nothing-here.html") as resp:
                assert resp.status == 404
                assert await resp.text() == catalogue.texts.get("web.not-found", "en")
            async with http.post(f"{base}/guide/en/index.html") as resp:
                assert resp.status == 405  # no forms, nothing accepted
    finally:
        stop.set()
        assert await asyncio.wait_for(running, 15) == 0


def test_a_missing_page_is_worded_in_the_language_its_path_names() -> None:
    """/guide/de/… answers a missing page in German; a path naming no built language, in the first one."""
    site = Site(languages=("en", "de"), not_found={"en": "No such page.", "de": "Keine solche Seite."})
    assert site.missing("de/report/xx.html") == "Keine solche Seite."
    assert site.missing("xx/whatever.html") == "No such page."
    assert site.missing("index2.html") == "No such page."
