"""Discord: the ``/safety`` commands, rendering, scheduled posts and guild events (discord.py).

The names below are imported on first use, so the adapter registry can read ``plug.py``
without importing discord.py in a process that does not run Discord. (The ``render``
function is imported from ``bot.adapters.discord.render``: its module has the same name.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.lazy import lazy_names

if TYPE_CHECKING:
    from bot.adapters.discord.bot import LookoutBot, build_discord_bot, run_discord
    from bot.adapters.discord.messenger import DiscordAdminNotifier, DiscordMessenger
    from bot.adapters.discord.render import Rendered

__getattr__ = lazy_names(
    __name__,
    bot=("LookoutBot", "build_discord_bot", "run_discord"),
    messenger=("DiscordAdminNotifier", "DiscordMessenger"),
    render=("Rendered",),
)

__all__ = [
    "DiscordAdminNotifier",
    "DiscordMessenger",
    "LookoutBot",
    "Rendered",
    "build_discord_bot",
    "run_discord",
]
