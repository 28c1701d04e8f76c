"""Running Lookout: the console session, and the platforms with scheduled delivery."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from bot.adapters.console import ConsoleAdapter
from bot.app import App, build_app
from bot.config import Settings

log = logging.getLogger(__name__)


async def run_console(app: App, adapter: ConsoleAdapter) -> None:
    """The interactive console until the user quits."""
    await adapter.repl()


def platform_tasks(app: App) -> list[Coroutine[Any, Any, None]]:
    """Return one long-running coroutine per configured platform."""
    tasks: list[Coroutine[Any, Any, None]] = []
    if app.settings.discord_enabled:
        from bot.adapters.discord import run_discord

        tasks.append(run_discord(app))
    return tasks


async def run_platforms(settings: Settings) -> int:
    """Start every configured platform and run until stopped."""
    app = await build_app(settings)
    try:
        tasks = platform_tasks(app)
        if not tasks:
            log.error("no platform could be started with the current settings")
            return 1
        await asyncio.gather(*tasks)
        return 0
    finally:
        await app.close()
