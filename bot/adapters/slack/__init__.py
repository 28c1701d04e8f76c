"""Slack adapter: ``/safety`` and ``/safety-admin``, Block Kit replies, App Home, installs, Messenger.

Start with ``build_slack_app`` (see ``factory``); ``start_slack`` connects it (see ``runtime``).
The names below are imported on first use, so the adapter registry can read ``plug.py``
without importing slack_bolt in a process that does not run Slack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.lazy import lazy_names

if TYPE_CHECKING:
    from bot.adapters.slack.factory import Slack, build_slack, build_slack_app
    from bot.adapters.slack.messenger import SlackAdminNotifier, SlackMessenger
    from bot.adapters.slack.render import reply_blocks, reply_message
    from bot.adapters.slack.runtime import SlackRuntime, open_slack, start_slack

__getattr__ = lazy_names(
    __name__,
    factory=("Slack", "build_slack", "build_slack_app"),
    messenger=("SlackAdminNotifier", "SlackMessenger"),
    render=("reply_blocks", "reply_message"),
    runtime=("SlackRuntime", "open_slack", "start_slack"),
)

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
