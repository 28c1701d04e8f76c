"""Telegram: ``/safety`` and ``/safety_admin`` in private chats, groups and supergroups (python-telegram-bot).

Start with ``build_telegram`` (see ``factory``); ``render`` turns a reply into Telegram HTML
messages, ``messenger`` posts scheduled tips, ``updates`` turns updates into core requests.
The names below are imported on first use, so the adapter registry can read ``plug.py``
without importing python-telegram-bot in a process that does not run Telegram (the console's
one-shot start-up was paying for it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.lazy import lazy_names

if TYPE_CHECKING:
    from bot.adapters.telegram.factory import Telegram, build_telegram
    from bot.adapters.telegram.messenger import TelegramAdminNotifier, TelegramMessenger
    from bot.adapters.telegram.render import render

__getattr__ = lazy_names(
    __name__,
    factory=("Telegram", "build_telegram"),
    messenger=("TelegramAdminNotifier", "TelegramMessenger"),
    render=("render",),
)

__all__ = ["Telegram", "TelegramAdminNotifier", "TelegramMessenger", "build_telegram", "render"]
