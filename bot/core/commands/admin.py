"""The ``/safety-admin`` commands: set up, inspect and change a community's scheduled tips.

Every handler validates everything it was given before it changes anything, so a typo gets a
kind, specific reply and leaves the settings as they were.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from bot.core.commands.context import Context
from bot.core.commands.public import DEFAULT_AUDIENCE
from bot.core.commands.setup_options import SetupError, read_setup
from bot.core.content.models import AGE_BANDS, AUDIENCES
from bot.core.messaging import DeliveryFailure
from bot.core.models import Field, Reply
from bot.core.rotation import choose, eligible
from bot.core.schedules import (
    Schedule,
    ScheduleError,
    jitter_seconds,
    parse_cadence,
    parse_days,
    parse_quiet_hours,
    parse_time,
    parse_timezone,
    upcoming,
)
from bot.core.text import quote
from bot.core.timing import next_due, schedule_of
from bot.store.schema import Subscription

NO_SCHEDULE = Reply(
    "No schedule yet",
    "Tips are not set up here yet. Run /safety-admin setup in the channel you want them in.",
    private=True,
)


def _problem(message: str) -> Reply:
    return Reply("That didn't work", f"{message}\n\nNothing was changed.", private=True, is_error=True)


def _local(moment: dt.datetime, timezone: str) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local:%a %d %b %Y, %H:%M} {local.tzname()}"


async def _subscription(ctx: Context) -> Subscription | None:
    community = await ctx.store.community(ctx.request.platform, ctx.request.community_id)
    if community is None:
        return None
    subs = await ctx.store.subscriptions(community.id)
    return subs[0] if subs else None


def _status(sub: Subscription) -> str:
    if sub.paused and sub.paused_reason == "failures":
        return f"paused after repeated failures ({(sub.last_failure_kind or 'unknown').replace('_', ' ')})"
    if sub.paused:
        return "paused"
    if sub.failure_count:
        return f"failing ({(sub.last_failure_kind or 'unknown').replace('_', ' ')}), still trying"
    return "active"


def _settings_fields(sub: Subscription, region: str | None) -> tuple[Field, ...]:
    schedule = schedule_of(sub)
    quiet = f"{sub.quiet_start}-{sub.quiet_end}" if sub.quiet_start else "off"
    audience = sub.audience + (f" (ages {sub.age_band})" if sub.age_band else "")
    next_post = (
        _local(sub.next_due_at - dt.timedelta(seconds=sub.jitter_seconds), sub.timezone)
        if sub.next_due_at and not sub.paused
        else "none while paused"
    )
    return (
        Field("Channel", f"#{sub.channel_id}"),
        Field("When", schedule.describe()),
        Field("Audience", audience),
        Field("Region", region or "not set (uses the platform language, then international routes)"),
        Field("Quiet hours", quiet),
        Field("Status", _status(sub)),
        Field("Next post", next_post),
    )


def _first_slot_day(schedule: Schedule, now: dt.datetime) -> dt.date:
    """The local date of the first matching day after ``now``: fortnightly weeks count from it."""
    weekly = Schedule("weekly", schedule.days, schedule.local_time, schedule.timezone)
    return upcoming(weekly, now, 1)[0].astimezone(schedule.zone).date()


async def setup(ctx: Context) -> Reply:
    """Create or change the community's schedule in one step; nothing is stored if any value is wrong."""
    req = ctx.request
    try:
        choice = read_setup(ctx.request.options, ctx.catalogue)
    except SetupError as exc:
        return _problem(str(exc))
    existing = await _subscription(ctx)
    # Without a channel (Slack's App Home has none) a change keeps the channel already set up.
    channel = choice.channel or (existing.channel_id if existing else None) or req.channel_id
    if not channel:
        return _problem("Tell me which channel to post in, for example: /safety-admin setup #safety-tips")
    try:
        schedule = Schedule(
            cadence=choice.cadence or (parse_cadence(existing.cadence) if existing else "weekly"),
            days=choice.days or (parse_days(existing.days) if existing else ("mon",)),
            local_time=choice.time or (parse_time(existing.local_time) if existing else dt.time(18, 0)),
            timezone=choice.timezone or (existing.timezone if existing else parse_timezone(ctx.defaults.timezone)),
        )
    except ScheduleError as exc:  # a stored value from an older version that no longer parses
        return _problem(str(exc))
    audience = choice.audience or (existing.audience if existing else DEFAULT_AUDIENCE)

    community = await ctx.store.ensure_community(req.platform, req.community_id)
    if choice.region is not None:
        await ctx.store.update_community(community.id, region=choice.region)
    # An admin's pause survives a settings change; a pause after failures is lifted, since
    # running setup is how an admin says the channel is fixed.
    still_paused = bool(existing and existing.paused and existing.paused_reason == "admin")
    values = {
        "cadence": schedule.cadence,
        "days": ",".join(schedule.days),
        "local_time": f"{schedule.local_time:%H:%M}",
        "timezone": schedule.timezone,
        "audience": audience,
        "anchor_date": _first_slot_day(schedule, ctx.now),
        "jitter_seconds": jitter_seconds(f"{req.platform}:{req.community_id}", ctx.defaults.jitter_minutes),
        "paused": still_paused,
        "paused_reason": "admin" if still_paused else None,
        "failure_count": 0,
        "last_failure_kind": None,
    }
    sub = await ctx.store.save_subscription(community.id, channel, **values)
    sub = await ctx.store.update_subscription(sub.id, next_due_at=next_due(sub, ctx.now)) or sub
    slots = upcoming(schedule_of(sub), ctx.now, 3)
    paused_note = "\n\nTips are still paused: run /safety-admin resume to start them." if still_paused else ""
    body = (
        f"Lookout will post a short safety tip in #{channel} {schedule_of(sub).describe()}.\n\n"
        "Next posts:\n" + "\n".join(f"- {_local(s, sub.timezone)}" for s in slots) + paused_note + "\n\n"
        "You can change any setting by running setup again, or see it with /safety-admin schedule."
    )
    region = choice.region or community.region
    return Reply("Safety tips are set up", body, fields=_settings_fields(sub, region), private=True)


async def schedule(ctx: Context) -> Reply:
    """The community's settings and status."""
    sub = await _subscription(ctx)
    if sub is None:
        return NO_SCHEDULE
    return Reply(
        "Safety tips schedule",
        "Here is how tips are set up. Change anything with /safety-admin setup.",
        fields=_settings_fields(sub, await ctx.community_region()),
        private=True,
    )


async def pause(ctx: Context) -> Reply:
    """Stop scheduled posts until resumed."""
    sub = await _subscription(ctx)
    if sub is None:
        return NO_SCHEDULE
    await ctx.store.update_subscription(sub.id, paused=True, paused_reason="admin")
    return Reply("Tips paused", "No tips will be posted until you run /safety-admin resume.", private=True)


async def resume(ctx: Context) -> Reply:
    """Restart scheduled posts from now on (missed slots are not posted as a burst)."""
    sub = await _subscription(ctx)
    if sub is None:
        return NO_SCHEDULE
    due = next_due(sub, ctx.now)
    slot = due - dt.timedelta(seconds=sub.jitter_seconds)
    await ctx.store.update_subscription(
        sub.id, paused=False, paused_reason=None, failure_count=0, last_failure_kind=None, next_due_at=due
    )
    return Reply(
        "Tips resumed",
        # Shown without the few minutes of jitter: people set "18:00" and expect to read it back.
        f"The next tip will be posted in #{sub.channel_id} on {_local(slot, sub.timezone)}.",
        private=True,
    )


async def preview(ctx: Context) -> Reply:
    """The next posts with their local times and the tip each would show."""
    sub = await _subscription(ctx)
    if sub is None:
        return NO_SCHEDULE
    typed = ctx.option("count") or "5"
    if not re.fullmatch(r"[0-9]{1,2}", typed) or not 1 <= int(typed) <= 10:
        return _problem(f"“{quote(typed, 10)}” is not a number from 1 to 10.")
    count = int(typed)
    community = await ctx.store.community(ctx.request.platform, ctx.request.community_id)
    region = community.region if community else None
    shown = list(await ctx.store.tips_shown(sub.community_id, sub.channel_id))
    place = f"{ctx.request.platform}:{ctx.request.community_id}:{sub.channel_id}"
    lines = []
    for slot in upcoming(schedule_of(sub), ctx.now, count):
        candidates = eligible(
            ctx.catalogue.tips, audience=sub.audience, today=slot.date(), age_band=sub.age_band, region=region
        )
        tip, new_cycle = choose(candidates, shown, place)
        if new_cycle:
            shown = shown[-1:]
        if tip is not None:
            shown.append(tip.id)
        lines.append(f"- {_local(slot, sub.timezone)}: {tip.title if tip else 'no tip available'}")
    note = "\n\nScheduled posts are paused; these are the times once you resume." if sub.paused else ""
    body = "\n".join(lines) + note + "\n\nTo post the next one now: /safety-admin post-now"
    # The channel goes in the body: titles cannot show channel links on every platform.
    return Reply(f"Next {count} posts", f"In #{sub.channel_id}:\n" + body, private=True)


async def post_now(ctx: Context) -> Reply:
    """Post the next tip to the scheduled channel now."""
    sub = await _subscription(ctx)
    if sub is None:
        return NO_SCHEDULE
    if ctx.poster is None:
        return _problem("Posting is not available while Lookout is starting. Try again in a minute.")
    try:
        title = await ctx.poster.post_now(sub.id)
    except DeliveryFailure as exc:
        reason = exc.kind.value.replace("_", " ")
        return _problem(f"I couldn't post in #{sub.channel_id} ({reason}). Check that I can see and post there.")
    return Reply("Posted", f"I posted “{title}” in #{sub.channel_id}. The schedule carries on as before.", private=True)


async def region(ctx: Context) -> Reply:
    """Set the country whose reporting routes this community sees."""
    typed = ctx.option("country") or ""
    if typed.casefold() in ("off", "none", "clear"):
        existing = await ctx.store.community(ctx.request.platform, ctx.request.community_id)
        if existing is not None:
            await ctx.store.update_community(existing.id, region=None)
        return Reply(
            "Region cleared",
            "Reporting routes will follow each person's language, then international ones.",
            private=True,
        )
    country = ctx.catalogue.find_country(typed)
    if country is None:
        known = ctx.catalogue.known_countries()
        return _problem(f"I don't know the country “{quote(typed)}” yet. Countries I know: {known}.")
    community = await ctx.store.ensure_community(ctx.request.platform, ctx.request.community_id)
    await ctx.store.update_community(community.id, region=country.code)
    return Reply(
        "Region set",
        f"/safety report now shows the routes for {country.name} here. Try it: /safety report",
        private=True,
    )


async def audience(ctx: Context) -> Reply:
    """Set who the channel's tips are for, and optionally the age band."""
    sub = await _subscription(ctx)
    if sub is None:
        return NO_SCHEDULE
    value = (ctx.option("audience") or "").casefold()
    if value not in AUDIENCES:
        return _problem(f"“{quote(value)}” is not an audience. Choose {', '.join(AUDIENCES)}.")
    band_text = ctx.option("age")
    band = None if band_text in (None, "any") else band_text
    if band is not None and band not in AGE_BANDS:
        return _problem(f"“{quote(band, 10)}” is not an age band. Choose {', '.join(AGE_BANDS)} or any.")
    await ctx.store.update_subscription(sub.id, audience=value, age_band=band)
    ages = f" aged {band}" if band else ""
    return Reply("Audience set", f"Tips in #{sub.channel_id} are now for {value}{ages}.", private=True)


async def quiet_hours(ctx: Context) -> Reply:
    """Set local hours in which nothing is posted (posts wait until they end)."""
    sub = await _subscription(ctx)
    if sub is None:
        return NO_SCHEDULE
    try:
        hours = parse_quiet_hours(ctx.option("hours") or "")
    except ScheduleError as exc:
        return _problem(str(exc))
    start, end = (f"{hours[0]:%H:%M}", f"{hours[1]:%H:%M}") if hours else (None, None)
    sub = await ctx.store.update_subscription(sub.id, quiet_start=start, quiet_end=end) or sub
    if not sub.paused:
        sub = await ctx.store.update_subscription(sub.id, next_due_at=next_due(sub, ctx.now)) or sub
    text = (
        f"No posts between {start} and {end} ({sub.timezone}); a post due then waits until {end}."
        if hours
        else "Quiet hours are off."
    )
    return Reply("Quiet hours set", text, private=True)


async def forget(ctx: Context) -> Reply:
    """Delete everything stored about the community, after a confirmation."""
    if (ctx.option("confirm") or "").casefold() not in ("confirm", "yes"):
        return Reply(
            "Delete this community's data?",
            "This deletes the schedule, settings and tip history Lookout keeps for this community. "
            "It cannot be undone. To go ahead, run: /safety-admin forget confirm",
            private=True,
        )
    deleted = await ctx.store.forget(ctx.request.platform, ctx.request.community_id)
    body = (
        "Everything Lookout stored about this community is deleted. No more tips will be posted. "
        "Run /safety-admin setup to start again."
        if deleted
        else "Lookout had nothing stored for this community."
    )
    return Reply("Data deleted", body, private=True)
