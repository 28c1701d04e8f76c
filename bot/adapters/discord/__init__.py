"""Discord: the ``/safety`` commands, rendering, scheduled posts and guild events (discord.py)."""

from bot.adapters.discord.bot import LookoutBot, build_discord_bot, run_discord
from bot.adapters.discord.messenger import DiscordAdminNotifier, DiscordMessenger
from bot.adapters.discord.render import Rendered, render

__all__ = [
    "DiscordAdminNotifier",
    "DiscordMessenger",
    "LookoutBot",
    "Rendered",
    "build_discord_bot",
    "render",
    "run_discord",
]
