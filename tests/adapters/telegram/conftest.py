"""Fixtures: a fake Bot API on 127.0.0.1:0, the app pointed at it, and recorded-shape updates."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.adapters.telegram import Telegram, build_telegram
from bot.app import App, build_app
from bot.config import load_settings
from tests.adapters.telegram.fake_telegram import FakeTelegram, serving
from tests.conftest import Clock

PAYLOADS = Path(__file__).parent / "payloads"
GROUP = -1001234567890
MEMBER = 111
ADMIN = 222


def payload(name: str, text: str | None = None, *, user: int | None = None) -> dict[str, Any]:
    """A recorded-shape update from payloads/, with its command text (and sender) changed."""
    data = copy.deepcopy(json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8")))
    message = data.get("message")
    if message is not None and text is not None:
        message["text"] = text
        command = text.split(maxsplit=1)[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    if message is not None and user is not None:
        message["from"]["id"] = user
        if message["chat"]["type"] == "private":
            message["chat"]["id"] = user
    return data


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeTelegram, str]]:
    """The fake Bot API and its base URL."""
    async with serving() as served:
        yield served


@pytest.fixture
async def app(fake: tuple[FakeTelegram, str], tmp_path: Path, clock: Clock) -> AsyncIterator[App]:
    """Lookout with Telegram configured against the fake, on a fresh SQLite file."""
    state, url = fake
    settings = load_settings(
        database_url=f"sqlite:///{tmp_path / 'lookout.db'}",
        telegram_bot_token=state.token,
        telegram_api_url=url,
        default_timezone="Europe/London",
        jitter_minutes=0,
    )
    built = await build_app(settings, clock=clock)
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture
async def telegram(app: App) -> AsyncIterator[Telegram]:
    """The Telegram adapter, initialised (getMe) but not polling."""
    adapter = build_telegram(app)
    await adapter.application.initialize()
    try:
        yield adapter
    finally:
        await adapter.application.shutdown()


async def deliver(telegram: Telegram, data: dict[str, Any]) -> None:
    """Hand one update to the adapter, as polling or the webhook would."""
    await telegram.application.process_update(Update.de_json(data, telegram.application.bot))
