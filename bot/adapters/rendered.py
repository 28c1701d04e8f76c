"""Rendered replies kept by reply, for every adapter: a repeated answer is not rendered again.

Most answers repeat (``/safety report GB`` is the same for everyone, a scheduled tip the same
in every channel), and rendering (escaping, splitting, building embeds, Block Kit or keyboards)
costs about as much as the core's answer itself. Replies are immutable, so they key the cache
directly; the oldest entry goes first when it is full. What is kept is shared between sends:
callers must treat it as read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from bot.core.memo import Memo
from bot.core.models import Reply

T = TypeVar("T")


class RenderCache(Generic[T]):
    """``render(reply)`` worked out once per distinct reply, for the last ``max_entries`` replies."""

    def __init__(self, render: Callable[[Reply], T], max_entries: int = 256) -> None:
        self.render = render
        self._rendered: Memo[Reply, T] = Memo(max_entries)
        # The core hands out the very same Reply object for an answer it remembers: found by
        # identity first, a reply is not hashed field by field on every send. Each entry keeps
        # its reply alive, so no other object can have that id while the entry is there.
        self._same: Memo[int, tuple[Reply, T]] = Memo(max_entries)

    def get(self, reply: Reply) -> T:
        """The rendered ``reply``, rendered on first use."""
        return self._same.get(id(reply), lambda: (reply, self._rendered.get(reply, lambda: self.render(reply))))[1]
