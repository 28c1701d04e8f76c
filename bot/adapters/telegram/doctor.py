"""``lookout doctor``'s Telegram line: ``getMe`` for the bot token, at ``TELEGRAM_API_URL``."""

from __future__ import annotations

import aiohttp

from bot.config import Settings
from bot.ops.findings import Finding, ok, problem, request_json


async def check(settings: Settings, http: aiohttp.ClientSession, api: str | None = None) -> list[Finding]:
    """Who the token's bot is, or why Telegram refused it; nothing when no token is set."""
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        return []
    base = (api or settings.telegram_api_url).rstrip("/")
    token = settings.telegram_bot_token.get_secret_value()
    try:
        # The token is part of the path (Bot API convention); it is never logged or shown.
        status, body, _ = await request_json(http, "GET", f"{base}/bot{token}/getMe")
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        return [
            problem(
                "telegram",
                f"Telegram could not be reached at {base} ({type(exc).__name__})",
                "Check the network and TELEGRAM_API_URL.",
            )
        ]
    if status in (401, 404):
        # The Bot API answers 401 for a wrong token, 404 for one that is not a token at all.
        return [
            problem(
                "telegram",
                f"Telegram rejected TELEGRAM_BOT_TOKEN ({status})",
                "Copy the token again from @BotFather (/mybots > API Token).",
            )
        ]
    if status != 200 or not isinstance(body, dict) or not body.get("ok"):
        return [problem("telegram", f"Telegram answered HTTP {status}", "Try again later.")]
    me = body.get("result") or {}
    username = me.get("username") if isinstance(me, dict) else None
    bot_id = me.get("id") if isinstance(me, dict) else None
    return [ok("telegram", f"TELEGRAM_BOT_TOKEN accepted: the bot @{username} ({bot_id})")]
