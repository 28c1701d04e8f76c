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

from bot.core.models import Reply

T = TypeVar("T")


class RenderCache(Generic[T]):
    """``render(reply)`` worked out once per distinct reply, for the last ``max_entries`` replies."""

    def __init__(self, render: Callable[[Reply], T], max_entries: int = 256) -> None:
        self.render = render
        self.max_entries = max_entries
        self._rendered: dict[Reply, T] = {}

    def get(self, reply: Reply) -> T:
        """The rendered ``reply``, rendered on first use."""
        found = self._rendered.get(reply)
        if found is None:
            found = self.render(reply)
            if len(self._rendered) >= self.max_entries:
                del self._rendered[next(iter(self._rendered))]
            self._rendered[reply] = found
        return found
