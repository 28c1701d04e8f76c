"""Telegram: ``/safety`` and ``/safety_admin`` in private chats, groups and supergroups (python-telegram-bot).

Start with ``build_telegram`` (see ``factory``); ``render`` turns a reply into Telegram HTML
messages, ``messenger`` posts scheduled tips, ``updates`` turns updates into core requests.
The names below are imported on first use, so the adapter registry can read ``plug.py``
without importing python-telegram-bot in a process that does not run Telegram (the console's
one-shot start-up was paying for it).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.adapters.telegram.factory import Telegram, build_telegram
    from bot.adapters.telegram.messenger import TelegramAdminNotifier, TelegramMessenger
    from bot.adapters.telegram.render import render

_WHERE = {
    "Telegram": "factory",
    "build_telegram": "factory",
    "TelegramAdminNotifier": "messenger",
    "TelegramMessenger": "messenger",
    "render": "render",
}


def __getattr__(name: str) -> Any:
    """Import ``name`` from its module on first use."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)


__all__ = ["Telegram", "TelegramAdminNotifier", "TelegramMessenger", "build_telegram", "render"]
