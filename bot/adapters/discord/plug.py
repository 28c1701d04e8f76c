"""Discord's entry in the adapter registry (imports discord.py only when started)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.adapters.registry import Adapter, Running
from bot.ops.backoff import Link

if TYPE_CHECKING:
    from aiohttp import web

    from bot.app import App
    from bot.config import Settings
    from bot.ops.metrics import Metrics

NAME = "discord"


def enabled(settings: Settings) -> bool:
    """A bot token is set."""
    return settings.discord_enabled


async def start(app: App, http_app: web.Application) -> Running:
    """Prepare the gateway connection; ``serve`` logs in and runs until the connection ends."""
    # Looked up on the package at start, so an embedder (or a test) can swap the runner.
    import bot.adapters.discord as package

    bots: list[Any] = []
    link = Link(NAME)

    async def serve() -> None:
        await package.run_discord(app, built=bots.append, link=link)

    async def stop() -> None:
        # Cancelling ``serve`` closes the bot (run_discord's finally): nothing else to release.
        return None

    async def gauges(metrics: Metrics) -> None:
        latency = bots[-1].latency if bots else float("nan")
        if latency == latency and latency != float("inf"):  # not NaN/inf before the first heartbeat
            metrics.discord_latency.set(latency)

    return Running(NAME, link, serve, stop, serve_ends_with_connection=True, gauges=gauges)


ADAPTER = Adapter(NAME, enabled, start)
