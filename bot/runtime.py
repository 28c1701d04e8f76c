"""Running Lookout: the console session, and the platforms with scheduled delivery."""

from __future__ import annotations

import logging

from bot.adapters.console import ConsoleAdapter
from bot.app import App
from bot.config import Settings

log = logging.getLogger(__name__)


async def run_console(app: App, adapter: ConsoleAdapter) -> None:
    """The interactive console until the user quits."""
    await adapter.repl()


async def run_platforms(settings: Settings) -> int:
    """Start every configured platform and run until stopped."""
    raise NotImplementedError("platform adapters are not wired yet")
