"""When scheduled tips are due: local-time cadences, daylight saving, quiet hours and jitter.

APScheduler's ``CronTrigger`` does the calendar arithmetic in the community's IANA timezone.
Two rules are added on top of it. On the autumn change day a local time such as 01:30 occurs
twice and the trigger fires at both: only the first occurrence is a slot. A local time that
does not exist on the spring change day is moved forward by the gap (01:30 becomes 02:30), as
the trigger does, and posts once. Every function takes ``now``/``after`` explicitly, so tests
never depend on the wall clock.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo, available_timezones

from rapidfuzz import fuzz, process

from bot.core.countries import SURE, UNSURE, key, zone_countries
from bot.core.text import Texts, quote
from bot.core.text.cldr import cldr_locale
from bot.core.text.said import TextError

if TYPE_CHECKING:
    from apscheduler.triggers.cron import CronTrigger

Cadence = Literal["daily", "weekdays", "weekly", "fortnightly"]
CADENCES: tuple[Cadence, ...] = ("daily", "weekdays", "weekly", "fortnightly")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = {
    **{d: d for d in DAYS},
    **{
        name: DAYS[i]
        for i, names in enumerate(
            [
                ("monday", "mondays"),
                ("tuesday", "tuesdays", "tues"),
                ("wednesday", "wednesdays"),
                ("thursday", "thursdays", "thur", "thurs"),
                ("friday", "fridays"),
                ("saturday", "saturdays"),
                ("sunday", "sundays"),
            ]
        )
        for name in names
    },
}
_CADENCE_NAMES: dict[str, Cadence] = {
    "daily": "daily",
    "everyday": "daily",
    "weekdays": "weekdays",
    "weekday": "weekdays",
    "weekly": "weekly",
    "fortnightly": "fortnightly",
    "biweekly": "fortnightly",
    "every-two-weeks": "fortnightly",
}


class ScheduleError(TextError):
    """A schedule setting a person typed is not valid; the message (``timing.*``) says how to fix it."""


@dataclass(frozen=True, slots=True)
class Schedule:
    """A subscription's timing, in the community's local time."""

    cadence: Cadence = "weekly"
    days: tuple[str, ...] = ("mon",)
    local_time: dt.time = dt.time(18, 0)
    timezone: str = "UTC"
    anchor: dt.date = dt.date(2026, 1, 5)
    quiet_start: dt.time | None = None
    quiet_end: dt.time | None = None

    @property
    def zone(self) -> ZoneInfo:
        """The timezone object."""
        return ZoneInfo(self.timezone)

    def describe(self, texts: Texts, locale: str | None = None) -> str:
        """A short description in ``locale``, e.g. 'weekly on Mon at 18:00 (Europe/London)'."""
        days = texts.get("common.list-separator", locale).join(texts.get(f"timing.day-{d}", locale) for d in self.days)
        return texts.get(
            f"timing.when-{self.cadence}", locale, days=days, time=f"{self.local_time:%H:%M}", timezone=self.timezone
        )


def parse_time(text: str) -> dt.time:
    """Parse '18:00', '6pm', '6:30pm' or '0930' into a time."""
    value = text.strip().lower().replace(".", ":")
    match = re.fullmatch(r"(\d{1,2})(?::?(\d{2}))?\s*(am|pm)?", value)
    if not match:
        raise ScheduleError("timing.bad-time", typed=quote(text, 20))
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if not 1 <= hour <= 12:
            raise ScheduleError("timing.bad-time", typed=quote(text, 20))
        hour = hour % 12 + (12 if match.group(3) == "pm" else 0)
    if hour == 24 and minute == 0:
        # "24:00" is midnight at the end of a day: say which midnight it is rather than refuse.
        raise ScheduleError("timing.midnight", typed=quote(text, 20))
    if hour > 23 or minute > 59:
        raise ScheduleError("timing.not-time-of-day", typed=quote(text, 20))
    return dt.time(hour, minute)


def parse_timezone(text: str, languages: tuple[str, ...] = ()) -> str:
    """Validate an IANA timezone name, matching case-insensitively ('europe/london').

    ``languages``: cities may also be named in these (CLDR's "Londres", "Wien", "Nueva York").
    """
    value = text.strip()
    # Only the IANA names: "localtime" or "posix/..." would make two hosts disagree on a slot.
    known = _zone_names()
    if value in known:
        return value
    lowered = value.casefold()
    for name in known:
        if name.casefold() == lowered:
            return name
    # A city as people say it: "London", "new york", "Sydney" (and small typos, "Sidney").
    city = find_city_timezone(value, languages)
    if city.zone is not None:
        return city.zone
    if city.suggestions:
        raise ScheduleError("timing.unknown-timezone-suggest", typed=quote(text), names=", ".join(city.suggestions))
    raise ScheduleError("timing.unknown-timezone", typed=quote(text))


@dataclass(frozen=True, slots=True)
class CityMatch:
    """A timezone found from a city name: ``zone`` when sure, else up to three ``suggestions``."""

    zone: str | None = None
    suggestions: tuple[str, ...] = ()


def find_city_timezone(text: str, languages: tuple[str, ...] = ()) -> CityMatch:
    """The IANA zone whose city is ``text`` ('London' -> Europe/London, 'New York' -> America/New_York).

    Only the tz database's canonical zones (``zone.tab``) count, so a city never names two zones.
    A close misspelling is corrected; an unsure one comes back as suggestions.
    """
    wanted = key(text)
    if len(wanted) < 3 or len(wanted) > 60:
        return CityMatch()
    cities = _cities(languages)
    if wanted in cities:
        return CityMatch(zone=cities[wanted])
    found = process.extract(wanted, list(cities), scorer=fuzz.ratio, limit=3, score_cutoff=UNSURE)
    if len(found) >= 1 and found[0][1] >= SURE and (len(found) == 1 or found[1][1] < found[0][1]):
        return CityMatch(zone=cities[found[0][0]])
    return CityMatch(suggestions=tuple(cities[name] for name, _, _ in found))


def city_zone(text: str, languages: tuple[str, ...] = ()) -> str | None:
    """The IANA zone of a city named exactly ('new york' -> America/New_York), else None (no typo forgiven)."""
    return _cities(languages).get(key(text))


def _cities(languages: tuple[str, ...]) -> dict[str, str]:
    return _city_zones() if not languages else _reader_city_zones(tuple(sorted(languages)))


@functools.cache
def _reader_city_zones(languages: tuple[str, ...]) -> dict[str, str]:
    """Folded city -> zone: the English names, then CLDR's exemplar cities in ``languages``.

    A French admin types "Londres", a German one "Wien", a Spanish one "Nueva York". English
    names win a clash; only canonical zones count, as for the English names.
    """
    canonical = set(zone_countries())
    table = dict(_city_zones())
    for where in filter(None, map(cldr_locale, languages)):
        for zone, names in where.time_zones.items():
            city = names.get("city")
            if zone in canonical and city and (k := key(str(city))):
                table.setdefault(k, zone)
    return table


@functools.cache
def _city_zones() -> dict[str, str]:
    # zone.tab lists each canonical zone once; the city is its last part ("New_York").
    return {key(zone.rsplit("/", 1)[-1]): zone for zone in zone_countries()}


@functools.cache
def _zone_names() -> tuple[str, ...]:
    # available_timezones() walks the tz database on disk (about 12 ms): once per process, not
    # on every autocomplete keystroke. The set of zones does not change while Lookout runs.
    return tuple(
        sorted(n for n in available_timezones() if ("/" in n or n == "UTC") and not n.startswith(("posix/", "right/")))
    )


def search_timezones(prefix: str, limit: int = 25) -> list[str]:
    """IANA timezone names containing ``prefix`` (for autocomplete), shortest matches first."""
    wanted = prefix.strip().casefold().replace(" ", "_")
    names = _zone_names()
    starts = [n for n in names if n.casefold().startswith(wanted)]
    contains = [n for n in names if wanted in n.casefold() and n not in starts]
    return (starts + contains)[:limit]


def parse_cadence(text: str) -> Cadence:
    """Parse a cadence name: daily, weekdays, weekly or fortnightly."""
    value = _CADENCE_NAMES.get(text.strip().casefold())
    if value is None:
        raise ScheduleError("timing.bad-cadence", typed=quote(text, 20))
    return value


def parse_days(text: str) -> tuple[str, ...]:
    """Parse 'mon,thu' or 'monday thursday' into sorted day codes."""
    parts = [p for p in re.split(r"[\s,+/]+", text.strip().casefold()) if p]
    days: set[str] = set()
    for part in parts:
        if part not in _DAY_NAMES:
            raise ScheduleError("timing.bad-day", typed=quote(part, 20))
        days.add(_DAY_NAMES[part])
    if not days:
        raise ScheduleError("timing.no-days")
    return tuple(d for d in DAYS if d in days)


def parse_quiet_hours(text: str) -> tuple[dt.time, dt.time] | None:
    """Parse '21:00-07:00' (or 'off') into a local start and end."""
    value = text.strip().casefold()
    if value in ("off", "none", "no"):
        return None
    match = re.fullmatch(r"(.+?)\s*(?:-|–|to)\s*(.+)", value)
    if not match:
        raise ScheduleError("timing.bad-range", typed=quote(text, 20))
    start, end = parse_time(match.group(1)), parse_time(match.group(2))
    if start == end:
        raise ScheduleError("timing.same-start-end")
    return start, end


def in_quiet_hours(local: dt.time, start: dt.time, end: dt.time) -> bool:
    """Whether a local time falls inside quiet hours (which may wrap midnight)."""
    if start < end:
        return start <= local < end
    return local >= start or local < end


def _trigger(schedule: Schedule) -> CronTrigger:
    # Imported here: answering a command that needs no schedule should not pay for APScheduler.
    from apscheduler.triggers.cron import CronTrigger

    if schedule.cadence == "daily":
        day_of_week = "*"
    elif schedule.cadence == "weekdays":
        day_of_week = "mon-fri"
    else:
        day_of_week = ",".join(schedule.days)
    return CronTrigger(
        day_of_week=day_of_week,
        hour=schedule.local_time.hour,
        minute=schedule.local_time.minute,
        timezone=schedule.zone,
    )


def _is_repeat_of_ambiguous_time(moment: dt.datetime, zone: ZoneInfo) -> bool:
    """True for the second occurrence of a local time that happens twice (autumn change)."""
    local = moment.astimezone(zone).replace(tzinfo=None)
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return False
    return moment.astimezone(dt.UTC) == second.astimezone(dt.UTC)


def _week_matches(schedule: Schedule, moment: dt.datetime) -> bool:
    if schedule.cadence != "fortnightly":
        return True
    local_day = moment.astimezone(schedule.zone).date()
    anchor_monday = schedule.anchor - dt.timedelta(days=schedule.anchor.weekday())
    if all(DAYS.index(d) < schedule.anchor.weekday() for d in schedule.days):
        # Set up after the week's last chosen day: the first post is next week, not in 9+ days.
        anchor_monday += dt.timedelta(days=7)
    return ((local_day - anchor_monday).days // 7) % 2 == 0


def _after_quiet_hours(schedule: Schedule, moment: dt.datetime) -> dt.datetime:
    if schedule.quiet_start is None or schedule.quiet_end is None:
        return moment
    zone = schedule.zone
    local = moment.astimezone(zone)
    if not in_quiet_hours(local.time(), schedule.quiet_start, schedule.quiet_end):
        return moment
    end_day = local.date()
    if schedule.quiet_start > schedule.quiet_end and local.time() >= schedule.quiet_start:
        end_day += dt.timedelta(days=1)
    moved = dt.datetime.combine(end_day, schedule.quiet_end, tzinfo=zone)
    return moved.astimezone(dt.UTC)


def _weekdays(schedule: Schedule) -> frozenset[int]:
    if schedule.cadence == "daily":
        return frozenset(range(7))
    if schedule.cadence == "weekdays":
        return frozenset(range(5))
    return frozenset(DAYS.index(d) for d in schedule.days)


def next_slot(schedule: Schedule, after: dt.datetime) -> dt.datetime:
    """The first slot strictly after ``after`` (UTC-aware), quiet hours applied."""
    if after.tzinfo is None:
        raise ValueError("after must be timezone-aware")
    trigger = _trigger(schedule)
    zone = schedule.zone
    allowed = _weekdays(schedule)
    day = after.astimezone(zone).date()
    for _ in range(800):  # at most two years of candidate days; the loop normally runs once or twice
        if day.weekday() in allowed:
            # Ask the trigger from the local midnight of each candidate day, so it only moves the
            # hour and minute forward: APScheduler 3.11 can skip a day when it rolls the date
            # over a daylight-saving change itself (00:30 the day after the spring change).
            start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
            fire = trigger.get_next_fire_time(None, start)
            if (
                fire is not None
                and fire > after
                and not _is_repeat_of_ambiguous_time(fire, zone)
                and _week_matches(schedule, fire)
            ):
                slot = _after_quiet_hours(schedule, fire).astimezone(dt.UTC)
                if slot > after:
                    return slot
        day += dt.timedelta(days=1)
    raise ScheduleError("timing.no-slot")  # pragma: no cover


def upcoming(schedule: Schedule, after: dt.datetime, count: int) -> list[dt.datetime]:
    """The next ``count`` slots after ``after``, in UTC."""
    slots: list[dt.datetime] = []
    cursor = after
    for _ in range(count):
        cursor = next_slot(schedule, cursor)
        slots.append(cursor)
    return slots


def jitter_seconds(community_key: str, window_minutes: int) -> int:
    """A stable per-community offset inside the window, so equal settings do not post together."""
    if window_minutes <= 0:
        return 0
    digest = hashlib.sha256(community_key.encode()).digest()
    return int.from_bytes(digest[:4], "big") % (window_minutes * 60)
