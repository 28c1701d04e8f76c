"""`lookout run` serves health, readiness and metrics over real HTTP while it runs."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import aiohttp

from bot.config import load_settings
from bot.runtime import run_platforms
from bot.store import Database, Store


async def test_run_serves_readiness_and_metrics_then_stops(tmp_path: Path) -> None:
    """/readyz reports the database and the scheduler; /metrics counts subscriptions and commands."""
    url = f"sqlite:///{tmp_path / 'lookout.db'}"
    db = Database(url)
    await db.upgrade()
    store = Store(db)
    community = await store.ensure_community("console", "c1")
    await store.save_subscription(
        community.id, "tips", anchor_date=dt.date(2026, 11, 30), next_due_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    )
    await db.dispose()

    settings = load_settings(database_url=url, http_port=0, tick_seconds=3600)
    stop = asyncio.Event()
    port: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    running = asyncio.create_task(run_platforms(settings, stop=stop, listening=port.set_result))
    base = f"http://127.0.0.1:{await asyncio.wait_for(port, 30)}"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/healthz") as resp:
                assert resp.status == 200
            async with http.get(f"{base}/readyz") as resp:
                body = await resp.json()
                assert resp.status == 200, body
                assert body["checks"]["database"]["ok"] and body["checks"]["scheduler"]["detail"] == "ticking"
            async with http.get(f"{base}/metrics") as resp:
                text = await resp.text()
            assert 'lookout_subscriptions{state="active"} 1.0' in text
            assert "lookout_tick_lag_seconds 0.0" in text
    finally:
        stop.set()
        assert await asyncio.wait_for(running, 15) == 0


async def test_readiness_names_slack_while_it_is_unreachable(tmp_path: Path) -> None:
    """With Slack unreachable, /readyz is 503 and names slack as down; the other checks still pass."""
    from tests.net import closed_port

    settings = load_settings(
        database_url=f"sqlite:///{tmp_path / 'lookout.db'}",
        http_port=0,
        tick_seconds=3600,
        slack_bot_token="xoxb-offline",
        slack_signing_secret="offline-signing-secret",
        slack_api_url=f"http://127.0.0.1:{closed_port()}/api/",
    )
    stop = asyncio.Event()
    port: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    running = asyncio.create_task(run_platforms(settings, stop=stop, listening=port.set_result))
    base = f"http://127.0.0.1:{await asyncio.wait_for(port, 30)}"
    try:
        async with aiohttp.ClientSession() as http, http.get(f"{base}/readyz") as resp:
            body = await resp.json()
        assert resp.status == 503
        assert body["down"] == ["slack"]
        assert body["checks"]["database"]["ok"] and body["checks"]["scheduler"]["ok"]
    finally:
        stop.set()
        assert await asyncio.wait_for(running, 15) == 0
