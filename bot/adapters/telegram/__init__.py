"""Telegram: ``/safety`` and ``/safety_admin`` in private chats, groups and supergroups (python-telegram-bot).

Start with ``build_telegram`` (see ``factory``); ``render`` turns a reply into Telegram HTML
messages, ``messenger`` posts scheduled tips, ``updates`` turns updates into core requests.
"""

from bot.adapters.telegram.factory import Telegram, build_telegram
from bot.adapters.telegram.messenger import TelegramAdminNotifier, TelegramMessenger
from bot.adapters.telegram.render import render

__all__ = ["Telegram", "TelegramAdminNotifier", "TelegramMessenger", "build_telegram", "render"]
