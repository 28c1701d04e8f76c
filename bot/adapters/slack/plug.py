"""Slack's entry in the adapter registry (imports slack_bolt only when started)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.adapters.registry import Adapter, Running
from bot.core.messaging import BucketScope, Idempotency, PacingPolicy
from bot.ops.backoff import keep_trying

if TYPE_CHECKING:
    from aiohttp import ClientSession, web

    from bot.app import App
    from bot.config import Settings
    from bot.ops.findings import Finding

NAME = "slack"


def enabled(settings: Settings) -> bool:
    """A bot token (or an OAuth client) and a way to receive events (Socket Mode or HTTP)."""
    return settings.slack_enabled


def pacing(settings: Settings) -> PacingPolicy:
    """About one message a second per channel; Slack has no idempotency key, so a resend shows twice."""
    return PacingPolicy(
        per_second=settings.slack_sends_per_channel_per_second,
        scope=BucketScope.CHANNEL,
        max_in_flight=settings.slack_max_in_flight,
        idempotency=Idempotency.NONE,
    )


async def start(app: App, http_app: web.Application) -> Running:
    """Add Slack's routes to the shared listener; ``serve`` then connects in the background."""
    from bot.adapters.slack.runtime import open_slack

    slack = await open_slack(app, http_app=http_app)

    async def serve() -> None:
        await keep_trying(slack.connect, slack.link)

    return Running(NAME, slack.link, serve, slack.stop)


def summary(settings: Settings) -> str:
    """Slack, with how it receives events and how many workspaces it serves."""
    from bot.adapters.slack.doctor import summary as describe

    return describe(settings)


async def check(settings: Settings, http: ClientSession, api: str | None = None) -> list[Finding]:
    """``lookout doctor``: ``auth.test`` (and the scopes) and ``apps.connections.open`` at SLACK_API_URL."""
    from bot.adapters.slack.doctor import check as check_tokens

    return await check_tokens(settings, http, api)


ADAPTER = Adapter(NAME, enabled, pacing, start, summary=summary, check=check)
