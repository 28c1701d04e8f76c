"""Slack adapter: ``/safety`` and ``/safety-admin``, Block Kit replies, App Home, installs, Messenger.

Start with ``build_slack_app`` (see ``factory``); ``start_slack`` connects it (see ``runtime``).
"""

from bot.adapters.slack.factory import Slack, build_slack, build_slack_app
from bot.adapters.slack.messenger import SlackAdminNotifier, SlackMessenger
from bot.adapters.slack.render import reply_blocks, reply_message
from bot.adapters.slack.runtime import SlackRuntime, open_slack, start_slack

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
