"""No flooding: at most one public answer per channel a minute; the rest are answered privately.

One member asking ``/safety guide`` ten times must not fill a channel with guides. The limit is
per channel and per process (one ``ChannelPace`` per ``Core``, no module state): with several
processes a channel can see one answer a minute from each, which still is no flood.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

Key = tuple[str, str, str]  # platform, community, channel


class ChannelPace:
    """Remembers when each channel last got a public answer; bounded in size."""

    def __init__(self, interval: dt.timedelta = dt.timedelta(minutes=1), *, max_channels: int = 10_000) -> None:
        self.interval = interval
        self.max_channels = max_channels
        self._last: OrderedDict[Key, dt.datetime] = OrderedDict()

    def allow(self, key: Key, now: dt.datetime) -> bool:
        """Whether a public answer may go to this channel now; if so, it counts from ``now``."""
        last = self._last.get(key)
        if last is not None and now - last < self.interval:
            return False
        self._last[key] = now
        self._last.move_to_end(key)
        while len(self._last) > self.max_channels:
            self._last.popitem(last=False)  # the channel answered longest ago
        return True
