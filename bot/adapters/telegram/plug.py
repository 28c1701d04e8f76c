"""Telegram's entry in the adapter registry."""

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

NAME = "telegram"


def enabled(settings: Settings) -> bool:
    """A bot token is set."""
    return settings.telegram_enabled


def pacing(settings: Settings) -> PacingPolicy:
    """One bucket for the bot token; Telegram has no idempotency key, so a resend shows twice."""
    return PacingPolicy(
        per_second=settings.telegram_sends_per_second,
        scope=BucketScope.CREDENTIAL,
        max_in_flight=settings.telegram_max_in_flight,
        idempotency=Idempotency.NONE,
    )


async def start(app: App, http_app: web.Application) -> Running:
    """Build the bot and its webhook route; ``serve`` then connects in the background."""
    from bot.adapters.telegram import build_telegram

    telegram = build_telegram(app)
    telegram.add_webhook_route(http_app)

    async def serve() -> None:
        await keep_trying(telegram.connect, telegram.link)

    return Running(NAME, telegram.link, serve, telegram.stop)


def summary(settings: Settings) -> str:
    """Telegram, as ``lookout doctor`` lists it."""
    return "Telegram"


async def check(settings: Settings, http: ClientSession, api: str | None = None) -> list[Finding]:
    """``lookout doctor``: ``getMe`` for TELEGRAM_BOT_TOKEN at TELEGRAM_API_URL."""
    from bot.adapters.telegram.doctor import check as check_token

    return await check_token(settings, http, api)


ADAPTER = Adapter(NAME, enabled, pacing, start, summary=summary, check=check)
