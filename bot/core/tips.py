"""A tip as a reply (the rotation that chooses it is ``bot.core.rotation``)."""

from __future__ import annotations

from bot.core.content.models import Tip
from bot.core.models import Reply
from bot.core.text import Texts, link_of, sources_footer


def render_tip_reply(chosen: Tip, texts: Texts, locale: str | None = None) -> Reply:
    """A tip as a reply: title, body, its links and its source."""
    return Reply(
        title=chosen.title,
        body=chosen.body,
        links=tuple(link_of(link) for link in chosen.links),
        footer=sources_footer([chosen], texts, locale),
    )
