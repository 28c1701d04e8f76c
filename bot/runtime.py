"""Running Lookout: the console session, and the platforms with scheduled delivery."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.adapters.console import ConsoleAdapter
from bot.app import App
from bot.config import Settings

log = logging.getLogger(__name__)


async def run_console(app: App, adapter: ConsoleAdapter) -> None:
    """The interactive console until the user quits."""
    await adapter.repl()


async def run_platforms(settings: Settings) -> int:
    """Start every configured platform and run until stopped."""
    from bot.app import build_app

    app = await build_app(settings)
    stops: list[Callable[[], Awaitable[None]]] = []
    try:
        if settings.slack_enabled:
            from bot.adapters.slack import start_slack

            stops.append((await start_slack(app)).stop)
        await asyncio.Event().wait()  # until cancelled (Ctrl-C or a signal)
    finally:
        for stop in reversed(stops):
            await stop()
        await app.close()
    return 0
