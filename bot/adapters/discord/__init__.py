"""Discord: the ``/safety`` commands, rendering, scheduled posts and guild events (discord.py).

The names below are imported on first use, so the adapter registry can read ``plug.py``
without importing discord.py in a process that does not run Discord. (The ``render``
function is imported from ``bot.adapters.discord.render``: its module has the same name.)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.adapters.discord.bot import LookoutBot, build_discord_bot, run_discord
    from bot.adapters.discord.messenger import DiscordAdminNotifier, DiscordMessenger
    from bot.adapters.discord.render import Rendered

_WHERE = {
    "LookoutBot": "bot",
    "build_discord_bot": "bot",
    "run_discord": "bot",
    "DiscordAdminNotifier": "messenger",
    "DiscordMessenger": "messenger",
    "Rendered": "render",
}


def __getattr__(name: str) -> Any:
    """Import ``name`` from its module on first use."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)


__all__ = [
    "DiscordAdminNotifier",
    "DiscordMessenger",
    "LookoutBot",
    "Rendered",
    "build_discord_bot",
    "run_discord",
]
