"""A stored subscription's timing: its ``Schedule`` and when its next post is due.

Shared by the admin commands (setup, resume, preview) and scheduled delivery.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from bot.core.schedules import Schedule, parse_cadence, parse_time, upcoming


class StoredTiming(Protocol):
    """The timing fields of a stored subscription (a ``SubscriptionRecord`` or a store row)."""

    @property
    def cadence(self) -> str:
        """The cadence: daily, weekdays, weekly or fortnightly."""
        ...

    @property
    def days(self) -> str:
        """The weekdays, comma-separated ("mon,thu")."""
        ...

    @property
    def local_time(self) -> str:
        """The local time, "HH:MM"."""
        ...

    @property
    def timezone(self) -> str:
        """The IANA timezone name."""
        ...

    @property
    def anchor_date(self) -> dt.date:
        """The first slot's local date (fortnightly weeks count from it)."""
        ...

    @property
    def quiet_start(self) -> str | None:
        """Start of the quiet hours, "HH:MM", if any."""
        ...

    @property
    def quiet_end(self) -> str | None:
        """End of the quiet hours, "HH:MM", if any."""
        ...

    @property
    def jitter_seconds(self) -> int:
        """The community's offset from the exact time."""
        ...


def schedule_of(sub: StoredTiming) -> Schedule:
    """A stored subscription's timing as a ``Schedule``."""
    return Schedule(
        cadence=parse_cadence(sub.cadence),
        days=tuple(sub.days.split(",")) if sub.days else ("mon",),
        local_time=parse_time(sub.local_time),
        timezone=sub.timezone,
        anchor=sub.anchor_date,
        quiet_start=parse_time(sub.quiet_start) if sub.quiet_start else None,
        quiet_end=parse_time(sub.quiet_end) if sub.quiet_end else None,
    )


def next_due(sub: StoredTiming, after: dt.datetime) -> dt.datetime:
    """When the subscription's next post is due: its next slot plus its jitter."""
    return upcoming(schedule_of(sub), after, 1)[0] + dt.timedelta(seconds=sub.jitter_seconds)
