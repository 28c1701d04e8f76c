"""``lookout doctor``'s Discord line: ask Discord who the token belongs to (``GET users/@me``)."""

from __future__ import annotations

import aiohttp

from bot.config import Settings
from bot.ops.findings import Finding, ok, problem, request_json

API = "https://discord.com/api/v10"


async def check(settings: Settings, http: aiohttp.ClientSession, api: str | None = None) -> list[Finding]:
    """The token's bot, or why Discord refused it; nothing when no token is set. ``api``: tests' fake."""
    if settings.discord_token is None:
        return []
    token = settings.discord_token.get_secret_value()
    url = f"{api or API}/users/@me"
    try:
        status, body, _ = await request_json(http, "GET", url, headers={"Authorization": f"Bot {token}"})
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        return [problem("discord", f"Discord could not be reached ({type(exc).__name__})", "Check the network.")]
    if status == 401:
        return [
            problem(
                "discord",
                "Discord rejected DISCORD_TOKEN (401)",
                "Copy the bot token again from the Developer Portal (Bot > Reset Token).",
            )
        ]
    if status != 200 or not isinstance(body, dict):
        return [problem("discord", f"Discord answered HTTP {status}", "Try again later.")]
    return [ok("discord", f"DISCORD_TOKEN accepted: the bot {body.get('username')} ({body.get('id')})")]
