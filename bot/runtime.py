"""Running Lookout: the console session, and the platforms with scheduled delivery."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable

from bot.adapters.console import ConsoleAdapter
from bot.app import App
from bot.config import Settings

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def delivery_running(app: App) -> AsyncIterator[None]:
    """Tick scheduled delivery on the running loop for the duration of the block."""
    if app.delivery is None:
        yield
        return
    app.delivery.start()
    try:
        yield
    finally:
        app.delivery.stop()


async def run_console(app: App, adapter: ConsoleAdapter, *, read_line: Callable[[str], str] = input) -> None:
    """Run the interactive console until the user quits; scheduled tips print as they fall due."""
    async with delivery_running(app):
        await adapter.repl(read_line)


async def run_platforms(settings: Settings) -> int:
    """Start every configured platform and run until stopped."""
    raise NotImplementedError("platform adapters are not wired yet")
