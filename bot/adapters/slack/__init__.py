"""Slack adapter: ``/safety`` and ``/safety-admin``, Block Kit replies, App Home, installs, Messenger.

Start with ``build_slack_app`` (see ``factory``); ``start_slack`` connects it (see ``runtime``).
The names below are imported on first use, so the adapter registry can read ``plug.py``
without importing slack_bolt in a process that does not run Slack.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.adapters.slack.factory import Slack, build_slack, build_slack_app
    from bot.adapters.slack.messenger import SlackAdminNotifier, SlackMessenger
    from bot.adapters.slack.render import reply_blocks, reply_message
    from bot.adapters.slack.runtime import SlackRuntime, open_slack, start_slack

_WHERE = {
    "Slack": "factory",
    "build_slack": "factory",
    "build_slack_app": "factory",
    "SlackAdminNotifier": "messenger",
    "SlackMessenger": "messenger",
    "reply_blocks": "render",
    "reply_message": "render",
    "SlackRuntime": "runtime",
    "open_slack": "runtime",
    "start_slack": "runtime",
}


def __getattr__(name: str) -> Any:
    """Import ``name`` from its module on first use."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)


__all__ = [
    "Slack",
    "SlackAdminNotifier",
    "SlackMessenger",
    "SlackRuntime",
    "build_slack",
    "build_slack_app",
    "open_slack",
    "reply_blocks",
    "reply_message",
    "start_slack",
]
