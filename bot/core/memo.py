"""A small bounded memo: a value worked out once per key, the oldest key dropped when full.

Used for answers the core works out once (a report for a country) and for the adapters'
rendered replies. Values must be immutable or treated as read-only: they are shared.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """``build()`` worked out once per ``key``, for the last ``max_entries`` keys (first in, first out)."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._values: dict[K, V] = {}

    def get(self, key: K, build: Callable[[], V]) -> V:
        """The value kept for ``key``, built (and kept) on first use."""
        found = self._values.get(key)
        if found is None:
            found = build()
            if len(self._values) >= self.max_entries:
                del self._values[next(iter(self._values))]
            self._values[key] = found
        return found
