"""Schedule arithmetic and tip rotation, with fixed dates (no wall clock)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.content import Catalogue
from bot.core.rotation import choose, eligible, in_season
from bot.core.schedules import (
    Schedule,
    ScheduleError,
    next_slot,
    parse_quiet_hours,
    parse_time,
    parse_timezone,
    upcoming,
)

UTC = dt.UTC


def test_quiet_hours_across_midnight_move_to_the_morning() -> None:
    """A 22:30 post with quiet hours 21:00-07:00 goes out at 07:00 the next morning."""
    schedule = Schedule(
        "daily", local_time=dt.time(22, 30), timezone="Europe/London", quiet_start=dt.time(21), quiet_end=dt.time(7)
    )
    slot = next_slot(schedule, dt.datetime(2026, 12, 1, 12, tzinfo=UTC))
    assert slot == dt.datetime(2026, 12, 2, 7, 0, tzinfo=UTC)


def test_weekdays_skip_the_weekend() -> None:
    """Weekdays at 08:00 New York: Friday, then Monday."""
    schedule = Schedule("weekdays", local_time=dt.time(8), timezone="America/New_York")
    slots = upcoming(schedule, dt.datetime(2026, 12, 4, 12, tzinfo=UTC), 2)  # Friday 07:00 in New York
    assert [s.astimezone(schedule.zone).strftime("%a %H:%M") for s in slots] == ["Fri 08:00", "Mon 08:00"]


def test_weekly_on_two_days() -> None:
    """Weekly on Monday and Thursday gives both days each week."""
    schedule = Schedule("weekly", days=("mon", "thu"), local_time=dt.time(18), timezone="Australia/Sydney")
    slots = upcoming(schedule, dt.datetime(2026, 11, 29, tzinfo=UTC), 4)
    assert [s.astimezone(schedule.zone).strftime("%a") for s in slots] == ["Mon", "Thu", "Mon", "Thu"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("18:00", dt.time(18)),
        ("6pm", dt.time(18)),
        ("6:30am", dt.time(6, 30)),
        ("0930", dt.time(9, 30)),
        ("12am", dt.time(0)),
    ],
)
def test_times_people_type(text: str, expected: dt.time) -> None:
    """Common ways of writing a time are understood."""
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "13pm", "noonish", "", "localtime", "posix/Europe/London"])
def test_bad_times_and_timezones(text: str) -> None:
    """Nonsense times and host-dependent timezone names are refused with a hint."""
    with pytest.raises(ScheduleError):
        parse_time(text) if ":" in text or "pm" in text or not text else parse_timezone(text)


def test_timezone_case_insensitive_and_quiet_hours_off() -> None:
    """'europe/london' finds Europe/London; 'off' turns quiet hours off."""
    assert parse_timezone("europe/london") == "Europe/London"
    assert parse_quiet_hours("off") is None


def test_seasons_wrap_the_new_year() -> None:
    """A December-to-January season is in season on 2 January and not in March."""
    from bot.core.content.models import Season

    season = Season(name="New consoles", start="12-01", end="01-06")
    assert in_season(season, dt.date(2027, 1, 2)) and not in_season(season, dt.date(2027, 3, 1))


def test_rotation_prefers_unseen_tips_and_starts_a_new_cycle(catalogue: Catalogue) -> None:
    """Unseen tips come first; once all were shown, a new cycle never repeats the last one."""
    tips = eligible(catalogue.tips, audience="moderators", today=dt.date(2026, 6, 1))
    shown: list[str] = []
    for _ in tips:
        tip, new_cycle = choose(tips, shown, "place")
        assert tip is not None and tip.id not in shown and not new_cycle
        shown.append(tip.id)
    again, new_cycle = choose(tips, shown, "place")
    assert new_cycle and again is not None and again.id != shown[-1]


def test_rotation_order_differs_between_channels(catalogue: Catalogue) -> None:
    """Two channels with the same audience do not get the same sequence."""
    tips = eligible(catalogue.tips, audience="parents", today=dt.date(2026, 6, 1))
    first_a, _ = choose(tips, [], "discord:1:a")
    firsts = {choose(tips, [], f"discord:1:{c}")[0].id for c in "bcdefgh"}  # type: ignore[union-attr]
    assert first_a is not None and len(firsts | {first_a.id}) > 1


def test_eligibility_filters_region_age_and_season(catalogue: Catalogue) -> None:
    """Region-only tips need the region; age-banded tips need the band; seasonal ones their season."""
    summer = dt.date(2026, 8, 1)
    assert all(
        t.region in (None, "GB") for t in eligible(catalogue.tips, audience="parents", today=summer, region="GB")
    )
    assert all(t.region is None for t in eligible(catalogue.tips, audience="parents", today=summer))
    banded = eligible(catalogue.tips, audience="parents", today=summer, age_band="5-7")
    assert all(t.age_band in (None, "5-7") for t in banded)
    assert all(in_season(t.season, summer) for t in banded)
