"""The local console: the same commands as Slack, typed at a prompt, answered as text."""

from bot.adapters.console.adapter import COMMUNITY_ID, ConsoleAdapter, ConsoleMessenger
from bot.adapters.console.render import render_text

__all__ = ["COMMUNITY_ID", "ConsoleAdapter", "ConsoleMessenger", "render_text"]
