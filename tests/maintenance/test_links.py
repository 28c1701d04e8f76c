"""`lookout content links`, checked against a local HTTP server (never the internet)."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiohttp import web
from rich.console import Console

from bot.cli import main
from bot.core.content.loader import SourcedFact
from bot.maintenance.links import LinkResult, check_links, language_of, render_text
from tests.content.test_loader import write_tip

DAY = dt.date(2026, 12, 1)


def fact(url: str, file: str = "messages/tips/parents-x.md") -> SourcedFact:
    return SourcedFact(file=file, line=7, item="parents-x", where="links.0", source=url, reviewed=DAY, urls=(url,))


def make_app(never: asyncio.Event) -> web.Application:
    async def ok(request: web.Request) -> web.Response:
        return web.Response(text="ok", headers={"Content-Language": "en"})

    async def gone(request: web.Request) -> web.Response:
        return web.Response(status=404)

    async def moved(request: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently("/new-home")

    async def to_french(request: web.Request) -> web.Response:
        raise web.HTTPFound("/fr/help")

    async def french(request: web.Request) -> web.Response:
        return web.Response(text="bonjour", headers={"Content-Language": "fr"})

    async def to_login(request: web.Request) -> web.Response:
        raise web.HTTPFound("/login?next=/account")

    async def no_head(request: web.Request) -> web.Response:
        if request.method == "HEAD":
            return web.Response(status=405)
        return web.Response(text="only GET")

    async def hang(request: web.Request) -> web.Response:
        await never.wait()  # never set: the client's timeout ends it
        return web.Response()

    app = web.Application()
    for path, handler in [
        ("/ok", ok),
        ("/new-home", ok),
        ("/login", ok),
        ("/gone", gone),
        ("/old-home", moved),
        ("/en/help", to_french),
        ("/fr/help", french),
        ("/ru/guide", french),
        ("/account", to_login),
        ("/no-head", no_head),
        ("/hang", hang),
    ]:
        app.router.add_route("*", path, handler)
    return app


@pytest.fixture
async def server() -> AsyncIterator[str]:
    never = asyncio.Event()
    runner = web.AppRunner(make_app(never))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}"
    never.set()
    await runner.cleanup()


@pytest.fixture
def server_thread() -> Iterator[str]:
    """The same server on its own event loop in a thread, for the CLI (which runs its own loop)."""
    loop = asyncio.new_event_loop()
    started = threading.Event()
    address: list[str] = []
    runner = web.AppRunner(make_app(asyncio.Event()))

    async def start() -> None:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        address.append(f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}")  # type: ignore[union-attr]
        started.set()

    thread = threading.Thread(target=lambda: (loop.run_until_complete(start()), loop.run_forever()), daemon=True)
    thread.start()
    started.wait()
    yield address[0]
    asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result()
    loop.call_soon_threadsafe(loop.stop)
    thread.join()
    loop.close()


def by_path(results: list[LinkResult]) -> dict[str, LinkResult]:
    return {r.url.removeprefix("https://example.org"): r for r in results}


async def test_dead_links_redirects_language_changes_and_logins_are_reported(server: str) -> None:
    """Each kind of change is found, on the original address, with the file that uses it."""
    paths = ["/ok", "/gone", "/old-home", "/en/help", "/account", "/no-head", "/hang"]
    facts = [fact(f"https://example.org{p}") for p in paths]
    facts.append(fact("https://example.org/ru/guide", file="messages/routes/fr.yaml"))
    out = io.StringIO()
    results = await check_links(
        facts, base_url=server, per_request_seconds=0.5, concurrency=3, console=Console(file=out)
    )
    found = {path: [f.kind for f in r.findings] for path, r in by_path(results).items()}
    assert found["/ok"] == [] and found["/no-head"] == []
    assert found["/gone"] == ["dead"] and found["/hang"] == ["dead"]
    assert found["/old-home"] == ["redirect"]
    assert by_path(results)["/old-home"].final_url == "https://example.org/new-home"
    assert found["/en/help"] == ["redirect", "language"]
    assert set(found["/account"]) == {"redirect", "login"}
    # A route may link a French page; an English tip may not (see the next test).
    assert found["/ru/guide"] == ["language"]  # asked for Russian, served French
    text = render_text(results)
    assert "https://example.org/gone\n  dead: HTTP 404\n  used in messages/tips/parents-x.md:7" in text
    assert "now at https://example.org/new-home" in text and "127.0.0.1" not in text
    assert text.endswith("8 URL(s) checked: 2 dead, 3 redirect, 2 language, 1 login.")


async def test_an_english_tip_linking_another_language_is_reported(server: str) -> None:
    """A tip (English) linking a French page is a finding; a French route linking it is not."""
    tip = await check_links([fact("https://example.org/fr/help")], base_url=server, console=Console(file=io.StringIO()))
    assert [f.kind for f in tip[0].findings] == ["language"]
    route = [fact("https://example.org/fr/help", file="messages/routes/fr.yaml")]
    assert (await check_links(route, base_url=server, console=Console(file=io.StringIO())))[0].ok


def test_language_of_reads_path_and_query() -> None:
    """/en-gb/, /ru/ and ?hl=fr are languages; /us/ and /usao-sdin/ are not."""
    assert language_of("https://help.example.com/en-gb/articles/1") == "en"
    assert language_of("https://store.example.com/ru/app") == "ru"
    assert language_of("https://support.example.com/answer/1?hl=fr") == "fr"
    assert language_of("https://www.justice.gov/usao-sdin/what-sextortion-0") is None


def test_cli_links_exits_1_on_a_dead_link_and_speaks_json(
    tmp_path: Path, server_thread: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`lookout content links --base-url ... --json`: every URL's result; exit 1 when one is dead."""
    root = tmp_path / "messages"
    write_tip(
        root,
        "parents-x",
        "id: parents-x\ntitle: A tip\naudience: parents\ntopics: [talking]\n"
        "source: https://example.org/ok\nreviewed: 2026-12-01\n"
        "links:\n  - label: Gone\n    url: https://example.org/gone\n"
        "    source: https://example.org/ok\n    reviewed: 2026-12-01",
    )
    code = main(["content", "links", "--dir", str(root), "--base-url", server_thread, "--json", "--timeout", "2"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and data["checked"] == 2
    assert data["results"][0]["url"] == "https://example.org/gone"
    assert data["results"][0]["findings"] == [{"kind": "dead", "detail": "HTTP 404"}]
