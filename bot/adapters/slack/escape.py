"""Text for Slack's ``mrkdwn``: escaped so nothing anyone typed can ping or link.

Slack turns ``<!channel>``, ``<!here>``, ``<@U123>`` and ``<#C123>`` into mentions, and treats
``&``, ``<`` and ``>`` as control characters. The core echoes what people type in its error
replies (“<!channel>” is not a /safety command), so every piece of text is escaped before it
reaches Slack; only the adapter adds markup, after escaping.
"""

from __future__ import annotations

import re

from bot.core.models import show_channels

# Broadcast words: Slack does not link them in plain text unless ``link_names`` is set, but a
# word joiner after the @ keeps them inert even if a client or a future flag starts linking.
_BROADCAST = re.compile(r"@(here|channel|everyone)\b", re.IGNORECASE)
_WORD_JOINER = "\u2060"
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_BULLET = re.compile(r"^(\s*)- ", re.MULTILINE)
# A channel id: shown as a channel link, which reads better and pings nobody.
_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{8,12}")


def _channel(channel_id: str) -> str:
    return f"<#{channel_id}>" if _CHANNEL_ID.fullmatch(channel_id) else f"#{channel_id}"


def escape(text: str) -> str:
    """Escape Slack's control characters and defuse broadcast words."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(lambda m: "@" + _WORD_JOINER + m.group(1), text)


def mrkdwn(text: str) -> str:
    """Convert the core's small Markdown subset to escaped Slack ``mrkdwn``.

    ``**bold**`` becomes ``*bold*`` and ``- `` list items become bullets; everything else is
    shown as typed.
    """
    text = escape(text)
    text = _BOLD.sub(r"*\1*", text)
    text = _BULLET.sub(lambda m: m.group(1) + "• ", text)
    return show_channels(text, _channel)


def plain(text: str) -> str:
    """Text for ``plain_text`` objects (headers, buttons): no markup, bold markers removed.

    Slack does not turn ``plain_text`` into mentions; angle brackets are still swapped for
    look-alikes so a title that ever carries typed text cannot read as ``<!channel>`` either.
    """
    return show_channels(_BOLD.sub(r"\1", text)).replace("<", "‹").replace(">", "›")


def clip(text: str, limit: int) -> str:
    """Shorten ``text`` to ``limit`` characters, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    # Never leave half an escape sequence such as "&am" behind.
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + "…"
