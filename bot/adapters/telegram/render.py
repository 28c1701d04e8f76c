"""A core ``Reply`` as Telegram messages: HTML with everything escaped, URL buttons, 4,096 limit.

Telegram has one text per message and no embeds, so a reply becomes the title in bold, the
notice, the body, the fields and the sources, split at section boundaries into messages of at
most 4,096 characters; the first message always starts with the body's first paragraph (the
emergency line of a report). Link buttons go under the last message. Nothing anyone typed can
become markup or a mention: every text is HTML-escaped, and an ``@`` that could start a
username mention is followed by a word joiner.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.core.models import Link, Reply, show_channels

MESSAGE_MAX = 4096  # https://core.telegram.org/bots/api#sendmessage (text: 1-4096 characters)
BUTTON_TEXT_MAX = 64
BUTTONS_MAX = 20
BUTTONS_PER_ROW = 1

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_BULLET = re.compile(r"^(\s*)- ", re.MULTILINE)
# "@name" at the start of a word would be a mention (it notifies that user); "help@nspcc.org.uk"
# is an e-mail address and stays as it is.
_MENTION = re.compile(r"(?<![\w.+-])@(?=\w)")
_WORD_JOINER = "\u2060"
# A tg:// address in plain text could be turned into a link to a user's profile by a client.
_TG_LINK = re.compile(r"tg://", re.IGNORECASE)
# Telegram commands cannot contain a hyphen: the admin group is /safety_admin there.
_ADMIN_COMMAND = re.compile(r"/safety-admin\b")


@dataclass(frozen=True, slots=True)
class Message:
    """One Telegram message: HTML text and the link buttons under it (rows of (label, url))."""

    text: str
    buttons: tuple[tuple[str, str], ...] = ()


def escape(text: str) -> str:
    """HTML-escape ``text`` and defuse anything that could mention a user (``@name``, ``tg://user``)."""
    # A channel the core names (a group, or a forum topic "<chat>:<topic>") is shown as "#<id>":
    # Telegram has no channel links, and the core's invisible markers must not reach the reader.
    text = html.escape(_ADMIN_COMMAND.sub("/safety_admin", show_channels(text)), quote=False)
    text = _TG_LINK.sub("tg:" + _WORD_JOINER + "//", text)
    return _MENTION.sub("@" + _WORD_JOINER, text)


def markup(text: str) -> str:
    """The core's small Markdown subset (``**bold**``, ``- `` lists) as escaped Telegram HTML."""
    text = escape(text)
    text = _BOLD.sub(r"<b>\1</b>", text)
    return _BULLET.sub(lambda m: m.group(1) + "• ", text)


def _sections(reply: Reply) -> list[str]:
    title = _BOLD.sub(r"\1", reply.title)
    sections = [f"<b>{escape(title)}</b>"]
    if reply.notice:
        sections.append("⚠️ " + markup(reply.notice))
    sections += [markup(p) for p in reply.body.split("\n\n") if p.strip()]
    sections += [f"<b>{escape(f.name)}</b>\n{markup(f.value)}" for f in reply.fields]
    if reply.footer:
        sections.append(f"<i>{escape(reply.footer)}</i>")
    return sections


def _cut(section: str, limit: int) -> list[str]:
    """A section longer than a message, cut at line breaks (then spaces) outside any tag."""
    pieces: list[str] = []
    while len(section) > limit:
        cut = section.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = section.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        piece = section[:cut]
        # Never leave a tag open across messages: Telegram refuses unbalanced HTML.
        if piece.count("<b>") > piece.count("</b>"):
            piece += "</b>"
            section = "<b>" + section[cut:].lstrip()
        else:
            section = section[cut:].lstrip()
        pieces.append(piece)
    pieces.append(section)
    return pieces


def _buttons(links: tuple[Link, ...]) -> tuple[tuple[str, str], ...]:
    seen: set[str] = set()
    buttons: list[tuple[str, str]] = []
    for link in links:
        if link.url.startswith("https://") and link.url not in seen and link.label.strip():
            seen.add(link.url)
            label = link.label if len(link.label) <= BUTTON_TEXT_MAX else link.label[: BUTTON_TEXT_MAX - 1] + "…"
            buttons.append((label, link.url))
    return tuple(buttons[:BUTTONS_MAX])


def render(reply: Reply, *, limit: int = MESSAGE_MAX) -> list[Message]:
    """The reply as one or more messages, each within ``limit`` characters."""
    messages: list[str] = []
    current = ""
    for section in _sections(reply):
        for piece in _cut(section, limit):
            candidate = f"{current}\n\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    buttons = _buttons(reply.links)
    out = [Message(text) for text in messages]
    out[-1] = Message(out[-1].text, buttons)
    return out
