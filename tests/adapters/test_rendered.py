"""Rendered replies kept for every adapter: each answer is shown as itself, never as another."""

from __future__ import annotations

from bot.adapters.rendered import RenderCache
from bot.core.models import Reply


def test_every_reply_is_shown_as_itself_while_old_ones_are_forgotten() -> None:
    """Hundreds of answers through a tiny cache (old replies freed, their ids reused): each shows its own text."""
    cache = RenderCache(lambda reply: f"shown: {reply.body}", max_entries=2)
    for n in range(500):
        # A fresh reply each time, dropped straight after: Python may give the next one the same id.
        assert cache.get(Reply("Report a worry", f"answer {n}")) == f"shown: answer {n}"


def test_the_same_answer_asked_again_is_shown_the_same_and_rendered_once() -> None:
    """The core's remembered reply, and an equal copy of it, show the same rendering; a different answer its own."""
    rendered: list[str] = []

    def render(reply: Reply) -> str:
        rendered.append(reply.body)
        return f"shown: {reply.body}"

    cache = RenderCache(render)
    gb = Reply("Report a worry: United Kingdom", "call 999")
    assert cache.get(gb) == cache.get(gb) == cache.get(Reply("Report a worry: United Kingdom", "call 999"))
    assert cache.get(Reply("Report a worry: United States", "call 911")) == "shown: call 911"
    assert rendered == ["call 999", "call 911"]
