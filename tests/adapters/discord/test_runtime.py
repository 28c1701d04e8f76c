"""`lookout run` starts Discord when DISCORD_TOKEN is set, and explains a rejected token."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest

import bot.adapters.discord as discord_adapter
from bot.adapters.discord import LookoutBot, run_discord
from bot.app import App
from bot.config import SettingsError, load_settings
from bot.runtime import run_platforms
from tests.adapters.discord.transcript import make_app


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
    """Discord refusing the token ends in a SettingsError naming DISCORD_TOKEN, not a traceback."""

    async def refuse(self: LookoutBot, token: str, *, reconnect: bool = True) -> None:
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setattr(LookoutBot, "start", refuse)
    app = make_app(catalogue, db, store, clock, discord_token="bad")
    with pytest.raises(SettingsError, match="DISCORD_TOKEN"):
        await run_discord(app)
