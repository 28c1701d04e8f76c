"""Starting and stopping Telegram: the token check, the command menu, long polling and the webhook."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.adapters.telegram import build_telegram
from bot.adapters.telegram.factory import SECRET_HEADER, WEBHOOK_PATH
from bot.app import App, build_app
from bot.config import load_settings
from tests.adapters.telegram.conftest import MEMBER, payload
from tests.adapters.telegram.fake_telegram import FakeTelegram
from tests.conftest import Clock

SECRET = "s3cret-token_for-tests"


async def _app(url: str, token: str, tmp_path: Path, clock: Clock, **extra: str) -> App:
    settings = load_settings(
        database_url=f"sqlite:///{tmp_path / 'lookout.db'}", telegram_bot_token=token, telegram_api_url=url, **extra
    )
    return await build_app(settings, clock=clock)


async def test_long_polling_answers_an_update_and_stops(
    fake: tuple[FakeTelegram, str], tmp_path: Path, clock: Clock
) -> None:
    """start() checks the token, sets the command menu, polls; an update is answered; stop() ends it."""
    state, url = fake
    app = await _app(url, state.token, tmp_path, clock)
    telegram = build_telegram(app)
    try:
        await telegram.start()
        commands = next(c for c in state.calls if c.method == "setMyCommands").params["commands"]
        assert [c["command"] for c in commands] == ["safety", "safety_admin", "help"]
        assert all(c["description"] for c in commands)
        await state.updates.put(payload("private_command", "/safety help", user=MEMBER))
        await asyncio.wait_for(state.message_sent.wait(), 30)
        assert "/safety report" in str(state.sent(MEMBER)[0]["text"])
    finally:
        await asyncio.wait_for(telegram.stop(), 10)
        await app.close()
    assert "getUpdates" in state.methods()


async def test_a_rejected_token_stops_the_start(fake: tuple[FakeTelegram, str], tmp_path: Path, clock: Clock) -> None:
    """A token Telegram refuses ends the start with the library's InvalidToken (the CLI words it)."""
    from telegram.error import InvalidToken

    _, url = fake
    app = await _app(url, "1:WRONG", tmp_path, clock)
    telegram = build_telegram(app)
    try:
        with pytest.raises(InvalidToken):
            await telegram.start()
    finally:
        await app.close()


@pytest.fixture
async def webhook(fake: tuple[FakeTelegram, str], tmp_path: Path, clock: Clock) -> AsyncIterator[str]:
    """Lookout in webhook mode with its route on an HTTP listener on 127.0.0.1:0."""
    state, url = fake
    app = await _app(url, state.token, tmp_path, clock, telegram_webhook_secret=SECRET)
    telegram = build_telegram(app)
    http = web.Application()
    telegram.add_webhook_route(http)
    runner = web.AppRunner(http, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    await telegram.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}{WEBHOOK_PATH}"
    finally:
        await telegram.stop()
        await runner.cleanup()
        await app.close()


@pytest.mark.parametrize("header", [None, "wrong", SECRET + "x"])
async def test_webhook_without_the_secret_is_refused(
    webhook: str, fake: tuple[FakeTelegram, str], header: str | None
) -> None:
    """A missing or wrong X-Telegram-Bot-Api-Secret-Token gets 401 and nothing is done."""
    state, _ = fake
    headers = {SECRET_HEADER: header} if header is not None else {}
    data = payload("private_command", "/safety help")
    async with aiohttp.ClientSession() as http, http.post(webhook, json=data, headers=headers) as resp:
        assert resp.status == 401
    assert state.sent() == []
    assert "getUpdates" not in state.methods()


async def test_webhook_with_the_secret_is_answered(webhook: str, fake: tuple[FakeTelegram, str]) -> None:
    """The right secret: 200, and the command is answered."""
    state, _ = fake
    async with aiohttp.ClientSession() as http:
        data = payload("private_command", "/safety help", user=MEMBER)
        async with http.post(webhook, json=data, headers={SECRET_HEADER: SECRET}) as resp:
            assert resp.status == 200
    await asyncio.wait_for(state.message_sent.wait(), 30)
    assert "/safety report" in str(state.sent(MEMBER)[0]["text"])


async def test_lookout_run_connects_telegram_and_reports_ready(fake: tuple[FakeTelegram, str], tmp_path: Path) -> None:
    """`lookout run` with TELEGRAM_BOT_TOKEN: Telegram connects, /readyz says so, SIGTERM-style stop ends it."""
    from bot.runtime import run_platforms

    state, url = fake
    settings = load_settings(
        database_url=f"sqlite:///{tmp_path / 'lookout.db'}",
        telegram_bot_token=state.token,
        telegram_api_url=url,
        http_port=0,
        tick_seconds=3600,
    )
    stop = asyncio.Event()
    port: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    running = asyncio.create_task(run_platforms(settings, stop=stop, listening=port.set_result))
    base = f"http://127.0.0.1:{await asyncio.wait_for(port, 30)}"
    try:
        # Polling has begun once Telegram is asked for updates: the connection is up by then.
        await asyncio.wait_for(state.called["getUpdates"].wait(), 30)
        async with aiohttp.ClientSession() as http, http.get(f"{base}/readyz") as resp:
            body = await resp.json()
        assert body["checks"]["telegram"] == {"ok": True, "detail": "connected"}
        await state.updates.put(payload("private_command", "/safety report GB", user=MEMBER))
        await asyncio.wait_for(state.message_sent.wait(), 30)
        assert "999" in str(state.sent(MEMBER)[0]["text"])
    finally:
        stop.set()
        assert await asyncio.wait_for(running, 15) == 0


async def test_unreachable_telegram_is_retried_and_stops_cleanly(tmp_path: Path) -> None:
    """With the Bot API unreachable, readiness names Telegram as down and a stop still ends at once."""
    from bot.runtime import run_platforms

    closed = web.AppRunner(web.Application())
    await closed.setup()
    site = web.TCPSite(closed, "127.0.0.1", 0)
    await site.start()
    dead = f"http://127.0.0.1:{closed.addresses[0][1]}"
    await closed.cleanup()  # the port is free again: nothing answers there
    settings = load_settings(
        database_url=f"sqlite:///{tmp_path / 'lookout.db'}",
        telegram_bot_token="4242:TEST-TOKEN",
        telegram_api_url=dead,
        http_port=0,
        tick_seconds=3600,
    )
    stop = asyncio.Event()
    port: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    running = asyncio.create_task(run_platforms(settings, stop=stop, listening=port.set_result))
    base = f"http://127.0.0.1:{await asyncio.wait_for(port, 30)}"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/readyz") as resp:
                body = await resp.json()
            assert resp.status == 503
            assert body["checks"]["telegram"]["ok"] is False
    finally:
        stop.set()
        assert await asyncio.wait_for(running, 12) == 0
