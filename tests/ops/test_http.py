"""Health, readiness and metrics over real HTTP on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from bot.ops.http import Readiness, build_http_app
from bot.ops.metrics import Metrics


@pytest.fixture
async def served() -> AsyncIterator[tuple[str, Readiness, Metrics]]:
    readiness, metrics = Readiness(), Metrics()
    runner = web.AppRunner(build_http_app(readiness, metrics))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}", readiness, metrics
    finally:
        await runner.cleanup()


async def test_healthz_is_alive(served) -> None:
    """/healthz answers 200 while the process runs."""
    base, _, _ = served
    async with aiohttp.ClientSession() as http, http.get(f"{base}/healthz") as resp:
        assert resp.status == 200 and (await resp.json())["status"] == "alive"


async def test_readyz_reports_each_check(served) -> None:
    """/readyz is 200 when every check passes and 503 naming the one that fails."""
    base, readiness, _ = served

    async def ok() -> tuple[bool, str]:
        return True, "fine"

    async def down() -> tuple[bool, str]:
        raise ConnectionError("no database")

    readiness.checks["database"] = ok
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/readyz") as resp:
            assert resp.status == 200
        readiness.checks["scheduler"] = down
        async with http.get(f"{base}/readyz") as resp:
            body = await resp.json()
            assert resp.status == 503
            assert body["checks"]["scheduler"] == {"ok": False, "detail": "ConnectionError"}
            assert body["checks"]["database"]["ok"] is True


async def test_metrics_expose_posts_commands_and_refreshed_gauges(served) -> None:
    """/metrics shows post and command counters and gauges refreshed at scrape time."""
    base, _, metrics = served
    metrics.post_sent("discord")
    metrics.post_failed("slack", "channel_gone")
    metrics.observe_command("safety report", 0.02, False)

    async def refresh() -> None:
        metrics.subscriptions.labels("active").set(7)

    metrics.before_scrape.append(refresh)
    async with aiohttp.ClientSession() as http, http.get(f"{base}/metrics") as resp:
        text = await resp.text()
    assert resp.status == 200
    assert 'lookout_posts_total{platform="discord",reason="",result="sent"} 1.0' in text
    assert 'lookout_posts_total{platform="slack",reason="channel_gone",result="failed"} 1.0' in text
    assert 'lookout_commands_total{command="safety report"} 1.0' in text
    assert 'lookout_subscriptions{state="active"} 7.0' in text


async def test_scheduled_posts_are_counted_by_platform_and_reason(db, catalogue, clock) -> None:
    """A sent post and a failed one show in lookout_posts_total with their platform and reason."""
    from prometheus_client import generate_latest

    from bot.core.messaging import FailureKind
    from bot.store import Store
    from tests.delivery.delivery_helpers import FakeSleep, RecordingMessenger, failing, make_service, subscribe

    store = Store(db)
    metrics = Metrics()
    ok, broken = RecordingMessenger(), RecordingMessenger(fail=failing(FailureKind.CHANNEL_GONE))
    sleep = FakeSleep(clock)
    service = make_service(db, catalogue, {"discord": ok, "slack": broken}, clock, sleep)
    service.on_outcome = metrics.observe_post
    await subscribe(store, clock(), platform="discord", community="g1")
    await subscribe(store, clock(), platform="slack", community="T1")
    clock.now = clock.now.replace(hour=18, minute=0, second=5)  # both fall due at 18:00 London (GMT)
    await service.tick()
    text = generate_latest(metrics.registry).decode()
    assert 'lookout_posts_total{platform="discord",reason="",result="sent"} 1.0' in text
    assert 'lookout_posts_total{platform="slack",reason="channel_gone",result="failed"} 1.0' in text
