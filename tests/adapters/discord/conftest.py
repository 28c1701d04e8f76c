"""A Lookout bot on simcord's in-memory Discord, over the suite's database, content and clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.adapters.discord import LookoutBot, build_discord_bot
from bot.app import App
from bot.core.content import Catalogue
from bot.store import Database, Store
from tests.adapters.discord.transcript import Server, make_app

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Production leaves the shard count to Discord; simcord needs it stated (one shard)."""
    for item in items:
        if HERE in Path(str(item.fspath)).parents and item.get_closest_marker("simcord") is None:
            item.add_marker(pytest.mark.simcord(shard_count=1))


@pytest.fixture
def app(catalogue: Catalogue, db: Database, store: Store, clock: Any) -> App:
    return make_app(catalogue, db, store, clock)


@pytest.fixture
def simcord_bot(app: App) -> LookoutBot:
    return build_discord_bot(app)


@pytest.fixture
def server(simcord_env: Any) -> Server:
    return Server(simcord_env)
