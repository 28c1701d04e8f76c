"""A stored subscription's timing: its ``Schedule`` and when its next post is due.

Shared by the admin commands (setup, resume, preview) and scheduled delivery.
"""

from __future__ import annotations

import datetime as dt

from bot.core.schedules import Schedule, parse_cadence, parse_time, upcoming
from bot.store.schema import Subscription


def schedule_of(sub: Subscription) -> Schedule:
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


def next_due(sub: Subscription, after: dt.datetime) -> dt.datetime:
    """When the subscription's next post is due: its next slot plus its jitter."""
    return upcoming(schedule_of(sub), after, 1)[0] + dt.timedelta(seconds=sub.jitter_seconds)
