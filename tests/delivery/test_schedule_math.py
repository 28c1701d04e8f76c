"""Local-time arithmetic with a fixed ``now``: daylight saving in three hemispheres/zones, quiet hours."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main
from bot.core.schedules import Schedule, jitter_seconds, next_slot, upcoming

UTC = dt.UTC


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def daily(zone: str, hh: int, mm: int = 0, **kw) -> Schedule:
    return Schedule(cadence="daily", local_time=dt.time(hh, mm), timezone=zone, **kw)


# Each change day of 2026: (zone, the local day before, a normal time, the normal time in UTC on
# the day before and on the change day).
WALL_CLOCK = [
    ("Europe/London", dt.date(2026, 3, 28), 18, utc(2026, 3, 28, 18), utc(2026, 3, 29, 17)),  # spring
    ("Europe/London", dt.date(2026, 10, 24), 18, utc(2026, 10, 24, 17), utc(2026, 10, 25, 18)),  # autumn
    ("America/New_York", dt.date(2026, 3, 7), 9, utc(2026, 3, 7, 14), utc(2026, 3, 8, 13)),  # spring
    ("America/New_York", dt.date(2026, 10, 31), 9, utc(2026, 10, 31, 13), utc(2026, 11, 1, 14)),  # autumn
    ("Australia/Sydney", dt.date(2026, 10, 3), 9, utc(2026, 10, 2, 23), utc(2026, 10, 3, 22)),  # spring
    ("Australia/Sydney", dt.date(2026, 4, 4), 9, utc(2026, 4, 3, 22), utc(2026, 4, 4, 23)),  # autumn
]


@pytest.mark.parametrize(("zone", "day", "hour", "before", "on"), WALL_CLOCK)
def test_posts_follow_the_wall_clock_across_the_change(zone, day, hour, before, on) -> None:
    """A daily 09:00/18:00 stays at that local time; only its UTC instant moves by the hour."""
    now = dt.datetime.combine(day, dt.time(0), tzinfo=ZoneInfo(zone))
    slots = upcoming(daily(zone, hour), now, 2)
    assert slots == [before, on]
    assert all(s.astimezone(ZoneInfo(zone)).hour == hour for s in slots)


# A local time that does not exist on the spring day: (zone, the day, the time, the one slot).
SPRING_GAP = [
    ("Europe/London", dt.date(2026, 3, 29), dt.time(1, 30), utc(2026, 3, 29, 1, 30)),  # 02:30 BST
    ("America/New_York", dt.date(2026, 3, 8), dt.time(2, 30), utc(2026, 3, 8, 7, 30)),  # 03:30 EDT
    ("Australia/Sydney", dt.date(2026, 10, 4), dt.time(2, 30), utc(2026, 10, 3, 16, 30)),  # 03:30 AEDT
]


@pytest.mark.parametrize(("zone", "day", "at", "slot"), SPRING_GAP)
def test_missing_spring_time_posts_once_at_the_next_valid_time(zone, day, at, slot) -> None:
    """01:30/02:30 does not exist on the spring day: one post, moved forward by the gap."""
    tz = ZoneInfo(zone)
    now = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(12), tzinfo=tz)
    slots = upcoming(daily(zone, at.hour, at.minute), now, 3)
    on_the_day = [s for s in slots if s.astimezone(tz).date() == day]
    assert on_the_day == [slot]
    assert on_the_day[0].astimezone(tz).time() == dt.time(at.hour + 1, at.minute)


# A local time that happens twice on the autumn day: (zone, the day, the time, the first one).
AUTUMN_REPEAT = [
    ("Europe/London", dt.date(2026, 10, 25), dt.time(1, 30), utc(2026, 10, 25, 0, 30)),  # BST, not GMT
    ("America/New_York", dt.date(2026, 11, 1), dt.time(1, 30), utc(2026, 11, 1, 5, 30)),  # EDT, not EST
    ("Australia/Sydney", dt.date(2026, 4, 5), dt.time(2, 30), utc(2026, 4, 4, 15, 30)),  # AEDT, not AEST
]


@pytest.mark.parametrize(("zone", "day", "at", "first"), AUTUMN_REPEAT)
def test_repeated_autumn_time_posts_once(zone, day, at, first) -> None:
    """01:30 happens twice on the autumn day: only the first is a slot, even starting between them."""
    tz = ZoneInfo(zone)
    schedule = daily(zone, at.hour, at.minute)
    now = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(12), tzinfo=tz)
    slots = upcoming(schedule, now, 3)
    assert [s for s in slots if s.astimezone(tz).date() == day] == [first]
    # A process (re)started between the two occurrences does not treat the second as a new slot.
    between = first + dt.timedelta(minutes=30)
    assert next_slot(schedule, between).astimezone(tz).date() == day + dt.timedelta(days=1)


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York", "Australia/Sydney"])
@pytest.mark.parametrize("at", [dt.time(0, 30), dt.time(1, 30), dt.time(2, 0), dt.time(2, 30), dt.time(3, 0)])
def test_every_local_day_of_the_year_gets_exactly_one_post(zone, at) -> None:
    """Over all of 2026, a daily schedule posts exactly once on each local day, change days included."""
    tz = ZoneInfo(zone)
    start = dt.datetime(2026, 1, 1, tzinfo=tz) - dt.timedelta(microseconds=1)
    slots = upcoming(daily(zone, at.hour, at.minute), start, 365)
    per_day = Counter(s.astimezone(tz).date() for s in slots)
    assert set(per_day.values()) == {1}
    assert min(per_day) == dt.date(2026, 1, 1) and max(per_day) == dt.date(2026, 12, 31)


def test_weekly_default_is_monday_1800_local() -> None:
    """The default schedule posts on Mondays at 18:00 local time."""
    schedule = Schedule(timezone="America/New_York")
    slots = upcoming(schedule, utc(2026, 11, 25), 3)
    assert [s.astimezone(ZoneInfo("America/New_York")).strftime("%a %H:%M") for s in slots] == ["Mon 18:00"] * 3
    assert slots[1] - slots[0] == dt.timedelta(days=7)


def test_weekdays_skip_the_weekend() -> None:
    """Weekdays: Friday is followed by Monday."""
    slots = upcoming(Schedule(cadence="weekdays", timezone="UTC"), utc(2026, 12, 4, 12), 2)
    assert [s.strftime("%a") for s in slots] == ["Fri", "Mon"]


def test_fortnightly_alternates_weeks_and_starts_in_the_setup_week() -> None:
    """Every two weeks on Monday, set up on a Saturday: first post two days later, then every 14 days."""
    schedule = Schedule(cadence="fortnightly", days=("mon",), timezone="Europe/London", anchor=dt.date(2026, 10, 24))
    slots = upcoming(schedule, utc(2026, 10, 24, 9), 3)
    assert [s.date() for s in slots] == [dt.date(2026, 10, 26), dt.date(2026, 11, 9), dt.date(2026, 11, 23)]


def test_quiet_hours_move_a_post_to_their_end() -> None:
    """22:00 with quiet hours 21:00-07:00 posts at 07:00 the next morning, once a day."""
    schedule = daily("Europe/London", 22, quiet_start=dt.time(21), quiet_end=dt.time(7))
    slots = upcoming(schedule, utc(2026, 11, 30, 9), 2)
    assert slots == [utc(2026, 12, 1, 7), utc(2026, 12, 2, 7)]


def test_post_outside_quiet_hours_is_unchanged() -> None:
    """Quiet hours that do not cover the posting time change nothing."""
    schedule = daily("Europe/London", 18, quiet_start=dt.time(21), quiet_end=dt.time(7))
    assert next_slot(schedule, utc(2026, 11, 30, 9)) == utc(2026, 11, 30, 18)


def test_jitter_is_stable_per_community_and_inside_the_window() -> None:
    """Communities with the same settings get different, repeatable offsets within the window."""
    offsets = [jitter_seconds(f"discord:{i}", 10) for i in range(200)]
    assert offsets == [jitter_seconds(f"discord:{i}", 10) for i in range(200)]
    assert all(0 <= o < 600 for o in offsets)
    assert len(set(offsets)) > 150
    assert jitter_seconds("discord:1", 0) == 0


def test_cli_preview_prints_local_and_utc_across_the_autumn_change(capsys) -> None:
    """`lookout schedule preview` shows 01:30 once on 25 October, local and UTC, without a database."""
    code = main(
        [
            "schedule",
            "preview",
            "--timezone",
            "Europe/London",
            "--cadence",
            "daily",
            "--time",
            "01:30",
            "--from",
            "2026-10-24",
            "--count",
            "4",
        ]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0] == "every day at 01:30 (Europe/London):"
    assert [line.split()[1] for line in out[1:]] == ["2026-10-24", "2026-10-25", "2026-10-26", "2026-10-27"]
    assert "01:30 BST" in out[2] and "2026-10-25 00:30 UTC" in out[2]
    assert "01:30 GMT" in out[3] and "2026-10-26 01:30 UTC" in out[3]


def test_cli_preview_explains_a_bad_timezone(capsys) -> None:
    """A typo in the timezone gets one clear sentence and exit code 2."""
    code = main(["schedule", "preview", "--timezone", "Europe/Londn"])
    err = capsys.readouterr().err
    assert code == 2 and "not a timezone I know" in err
