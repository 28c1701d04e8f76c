"""Discord's entry in the adapter registry (imports discord.py only when started)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.adapters.registry import Adapter, Running, Tool
from bot.core.messaging import BucketScope, Idempotency, PacingPolicy
from bot.ops.backoff import Link

if TYPE_CHECKING:
    from aiohttp import ClientSession, web

    from bot.app import App
    from bot.config import Settings
    from bot.ops.findings import Finding
    from bot.ops.metrics import Metrics

NAME = "discord"


def enabled(settings: Settings) -> bool:
    """A bot token is set."""
    return settings.discord_enabled


def pacing(settings: Settings) -> PacingPolicy:
    """One bucket for the bot token (Discord allows 50 a second), this process's share of it.

    Discord honours the message nonce, so a resent post never shows twice.
    """
    return PacingPolicy(
        per_second=settings.discord_sends_per_second * settings.discord_process_share,
        scope=BucketScope.CREDENTIAL,
        max_in_flight=settings.discord_max_in_flight,
        idempotency=Idempotency.HONOURED,
    )


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


def summary(settings: Settings) -> str:
    """Discord, as ``lookout doctor`` lists it."""
    return "Discord"


async def check(settings: Settings, http: ClientSession, api: str | None = None) -> list[Finding]:
    """``lookout doctor``: whose token DISCORD_TOKEN is (``users/@me``)."""
    from bot.adapters.discord.doctor import check as check_token

    return await check_token(settings, http, api)


def invite(settings: Settings) -> int:
    """``lookout discord invite``: the links that add Lookout to a server or an account."""
    from bot.adapters.discord.invite import print_invite

    return print_invite(settings)


ADAPTER = Adapter(
    NAME,
    enabled,
    pacing,
    start,
    summary=summary,
    check=check,
    tools={"invite": Tool("print the links that add Lookout to a server or an account", invite)},
)
