"""`lookout run` starts Discord when DISCORD_TOKEN is set, and explains a rejected token."""

from __future__ import annotations

import random
from pathlib import Path

import discord
import pytest

import bot.adapters.discord as discord_adapter
from bot.adapters.discord import run_discord
from bot.adapters.discord.bot import _logged_in
from bot.app import App
from bot.config import SettingsError, load_settings
from bot.ops.backoff import Link, keep_trying
from bot.runtime import run_platforms
from tests.adapters.discord.transcript import make_app
from tests.fake_discord import FakeDiscord
from tests.net import closed_port


async def test_no_token_no_discord(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without DISCORD_TOKEN nothing Discord is started."""
    import asyncio

    started: list[App] = []

    async def fake_run_discord(app: App, **_: object) -> None:
        started.append(app)

    monkeypatch.setattr(discord_adapter, "run_discord", fake_run_discord)
    settings = load_settings(database_url=f"sqlite:///{tmp_path / 'lookout.db'}", http_port=0)
    stop = asyncio.Event()
    stop.set()
    assert await run_platforms(settings, stop=stop) == 0
    assert started == []


async def test_run_starts_discord_when_a_token_is_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With DISCORD_TOKEN set, `lookout run` runs the Discord bot on the app; if it stops, run exits 1."""
    started: list[App] = []

    async def fake_run_discord(app: App, **_: object) -> None:
        started.append(app)

    monkeypatch.setattr(discord_adapter, "run_discord", fake_run_discord)
    settings = load_settings(
        discord_token="not-a-real-token", database_url=f"sqlite:///{tmp_path / 'lookout.db'}", http_port=0
    )
    # The fake connection ends at once: Lookout stops (exit 1) so a supervisor restarts it.
    assert await run_platforms(settings) == 1
    assert len(started) == 1 and started[0].settings is settings


async def test_a_rejected_token_is_one_clear_sentence(
    catalogue, db, store, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Discord answering 401 to the login ends in a SettingsError naming DISCORD_TOKEN, without retrying."""
    fake = await FakeDiscord().start()
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
    app = make_app(catalogue, db, store, clock, discord_token="bad")
    try:
        with pytest.raises(SettingsError, match="Discord rejected DISCORD_TOKEN"):
            await run_discord(app)
    finally:
        await fake.close()
    assert fake.requests == ["/api/v10/users/@me"]


async def test_an_unreachable_discord_is_retried_with_backoff(
    catalogue, db, store, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While Discord cannot be reached, each login attempt is one log line and the waits grow (no real sleep)."""
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{closed_port()}/api/v10")
    waits: list[float] = []

    class Enough(Exception):
        pass

    async def record(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 4:
            raise Enough

    link = Link("discord")
    app = make_app(catalogue, db, store, clock, discord_token="any")
    with pytest.raises(Enough):
        await keep_trying(lambda: _logged_in(app, "any", None), link, sleep=record, rng=random.Random(1))
    # 1, 2, 4, 8 s, each scaled by a random 50-100 % (jitter).
    assert all(ceiling / 2 <= wait <= ceiling for wait, ceiling in zip(waits, [1, 2, 4, 8], strict=True))
    ready, detail = await link.ready()
    assert not ready and detail.startswith("unreachable: ClientConnectorError") and "attempt 4" in detail
