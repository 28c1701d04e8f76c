"""A core ``Reply`` as Slack Block Kit, built with ``slack_sdk.models`` within Slack's limits.

Layout: a header (title), the notice for admins if any, the body in sections, short fields
side by side and long ones full width, link buttons, and a context line with the sources.
Every text object is escaped (see ``escape``); ``slack_sdk`` validates each block when it is
serialised, so a limit we got wrong fails loudly in tests instead of silently in Slack.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.adapters.rendered import RenderCache
from bot.adapters.slack.escape import clip, escape, mrkdwn, plain
from bot.core.models import Field, Reply
from bot.core.text import Texts

# Slack's documented limits (https://docs.slack.dev/reference/block-kit/blocks).
MAX_BLOCKS = 50
HEADER_CHARS = 150
SECTION_CHARS = 3000
FIELD_CHARS = 2000
FIELDS_PER_SECTION = 10
BUTTON_CHARS = 75
BUTTONS_PER_ROW = 5
CONTEXT_CHARS = 2000
FALLBACK_CHARS = 3000
# A field this short reads well in Slack's two-column layout; longer ones get a full row.
SHORT_FIELD_CHARS = 120
LINK_ACTION_PREFIX = "lookout_link"


def _paragraph_chunks(text: str, limit: int) -> list[str]:
    """Split text into chunks of at most ``limit`` characters, at paragraph breaks if possible."""
    chunks: list[str] = []
    current = ""
    for paragraph in text.split("\n\n"):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        while len(paragraph) > limit:
            # Cut at a line break or a space, which never falls inside an escape like "&amp;".
            cut = paragraph.rfind("\n", 0, limit)
            if cut < limit // 2:
                cut = paragraph.rfind(" ", 0, limit)
            if cut <= 0:
                cut = limit
            chunks.append(paragraph[:cut])
            paragraph = paragraph[cut:].lstrip()
        current = paragraph
    if current:
        chunks.append(current)
    return chunks


def _is_short(field: Field) -> bool:
    return len(field.name) + len(field.value) <= SHORT_FIELD_CHARS


def _field_text(field: Field, limit: int) -> str:
    return clip(f"*{mrkdwn(field.name)}*\n{mrkdwn(field.value)}", limit)


def field_blocks(fields: Sequence[Field]) -> list[Block]:
    """Lay out runs of short fields as two-column sections; each long field as its own section."""
    blocks: list[Block] = []
    run: list[Field] = []

    def flush() -> None:
        for start in range(0, len(run), FIELDS_PER_SECTION):
            group = run[start : start + FIELDS_PER_SECTION]
            blocks.append(SectionBlock(fields=[MarkdownTextObject(text=_field_text(f, FIELD_CHARS)) for f in group]))
        run.clear()

    for field in fields:
        if _is_short(field):
            run.append(field)
            continue
        flush()
        blocks.append(SectionBlock(text=MarkdownTextObject(text=_field_text(field, SECTION_CHARS))))
    flush()
    return blocks


def link_blocks(reply: Reply) -> list[Block]:
    """Link buttons, a few per row. Clicking one opens the page; the app only acknowledges."""
    buttons = [
        ButtonElement(
            text=PlainTextObject(text=clip(plain(link.label), BUTTON_CHARS)),
            url=link.url,
            action_id=f"{LINK_ACTION_PREFIX}_{i}",
        )
        for i, link in enumerate(reply.links)
    ]
    return [ActionsBlock(elements=buttons[i : i + BUTTONS_PER_ROW]) for i in range(0, len(buttons), BUTTONS_PER_ROW)]


def reply_blocks(reply: Reply, *, max_blocks: int = MAX_BLOCKS, texts: Texts | None = None) -> list[Block]:
    """Render the reply as blocks, never more than ``max_blocks``: fields are cut first.

    With ``texts`` (every caller in the bot gives it), a note in the reply's language says so.
    """
    title = clip(plain(reply.title), HEADER_CHARS) or "Lookout"
    head: list[Block] = [HeaderBlock(text=PlainTextObject(text=title))]
    if reply.notice:
        head.append(
            SectionBlock(text=MarkdownTextObject(text=clip(":warning: " + mrkdwn(reply.notice), SECTION_CHARS)))
        )
    head += [
        SectionBlock(text=MarkdownTextObject(text=chunk))
        for chunk in _paragraph_chunks(mrkdwn(reply.body), SECTION_CHARS)
    ]
    tail: list[Block] = link_blocks(reply)
    if reply.footer:
        tail.append(ContextBlock(elements=[MarkdownTextObject(text=clip(mrkdwn(reply.footer), CONTEXT_CHARS))]))
    fields = field_blocks(reply.fields)
    room = max_blocks - len(head) - len(tail)
    if len(fields) > room:
        fields = fields[: max(room - 1, 0)]
        if texts is not None:
            note = mrkdwn(texts.get("slack.shortened", reply.language))
            fields.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    return (head + fields + tail)[:max_blocks]


def fallback_text(reply: Reply) -> str:
    """Return the notification and screen-reader text: the title and the first paragraph, escaped."""
    first = reply.body.split("\n\n", 1)[0]
    return clip(f"{escape(plain(reply.title))}: {mrkdwn(first)}", FALLBACK_CHARS)


def reply_message(reply: Reply, texts: Texts | None = None) -> dict[str, Any]:
    """``text`` and ``blocks`` (as JSON-ready dicts) for ``chat.postMessage`` or a response URL."""
    blocks = reply_blocks(reply, texts=texts)
    return {"text": fallback_text(reply), "blocks": [block.to_dict() for block in blocks]}


class MessageCache:
    """Rendered messages by reply (see ``bot.adapters.rendered``).

    Building and validating Block Kit with ``slack_sdk.models`` costs milliseconds per message,
    more than the core's answer. The cached block dicts are shared: callers must not change
    them (slack_sdk only reads them).
    """

    def __init__(self, max_entries: int = 256, texts: Texts | None = None) -> None:
        self.texts = texts
        self._messages = RenderCache(lambda reply: reply_message(reply, self.texts), max_entries)

    def message(self, reply: Reply) -> dict[str, Any]:
        """``text`` and ``blocks`` for ``reply``, rendered on first use."""
        return dict(self._messages.get(reply))
