"""Where a claimed subscription goes next: the following slot, or the latest one inside catch-up.

After an outage every subscription is late at once and most share a few schedules (the default
is Monday 18:00), so the calendar arithmetic is done once per distinct schedule per batch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from operator import attrgetter
from typing import Any, cast

from bot.core.schedules import Schedule, next_slot
from bot.core.timing import schedule_of

# The columns that make up a schedule: rows equal in these share one parsed Schedule.
TIMING = ("cadence", "days", "local_time", "timezone", "anchor_date", "quiet_start", "quiet_end")
_timing = attrgetter(*TIMING)


def _cache_key(schedule: Schedule) -> Schedule:
    # The anchor date only matters for fortnightly schedules (which week is "on").
    if schedule.cadence == "fortnightly":
        return schedule
    return replace(schedule, anchor=dt.date(2026, 1, 5))


class NextSlots:
    """The next due time of each subscription claimed at ``now``, with per-batch caches."""

    def __init__(self, now: dt.datetime, catch_up: dt.timedelta) -> None:
        self.now = now
        self.catch_up = catch_up
        # Subscriptions moved back onto a slot due now (inside the window): claimed again.
        self.caught_up = 0
        self._schedules: dict[tuple[Any, ...], Schedule] = {}
        self._following: dict[Schedule, dt.datetime] = {}
        self._latest: dict[tuple[Schedule, int], dt.datetime | None] = {}

    def schedule(self, row: Any) -> Schedule:
        """The row's parsed schedule (``ScheduleError``, ``ValueError`` or ``LookupError`` if it no longer parses)."""
        stored = _timing(row)
        found = self._schedules.get(stored)
        if found is None:
            found = self._schedules[stored] = _cache_key(schedule_of(cast(Any, row)))
        return found

    def after(self, row: Any, *, late: bool) -> dt.datetime:
        """The due time the row's subscription moves to once its current slot is claimed (or missed).

        A slot due more than the catch-up window ago moves to the latest slot still inside the
        window, if any (posted late, once), else to the first slot after ``now``.
        """
        schedule = self.schedule(row)
        if schedule not in self._following:
            self._following[schedule] = next_slot(schedule, self.now)
        following = self._following[schedule] + dt.timedelta(seconds=row.jitter_seconds)
        if late:
            latest = self._latest_due_in_window(schedule, row.jitter_seconds)
            if latest is not None:
                self.caught_up += 1
                return latest
        return following

    def _latest_due_in_window(self, schedule: Schedule, jitter_seconds: int) -> dt.datetime | None:
        """The due time of the latest slot due by ``now`` but no more than ``catch_up`` ago, if any."""
        key = (schedule, jitter_seconds)
        if key not in self._latest:
            jitter = dt.timedelta(seconds=jitter_seconds)
            found: dt.datetime | None = None
            slot = next_slot(schedule, self.now - self.catch_up - jitter - dt.timedelta(microseconds=1))
            while slot + jitter <= self.now:
                found = slot + jitter
                slot = next_slot(schedule, slot)
            self._latest[key] = found
        return self._latest[key]
