"""The ``/safety-admin`` commands: set up, inspect and change a community's scheduled tips.

Every handler validates everything it was given before it changes anything, so a typo gets a
kind, specific reply and leaves the settings as they were.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from bot.core.commands import reach
from bot.core.commands.context import Context
from bot.core.commands.public import DEFAULT_AUDIENCE
from bot.core.commands.setup_options import SetupError, read_setup
from bot.core.content.models import AGE_BANDS, AUDIENCES
from bot.core.messaging import DeliveryFailure
from bot.core.models import ChannelRef, Field, Reply
from bot.core.ports import PauseReason, ScheduleSettings, SubscriptionRecord
from bot.core.rotation import Ask, place_key
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


def _no_schedule(ctx: Context) -> Reply:
    return Reply(ctx.t("admin.no-schedule-title"), ctx.t("admin.no-schedule-body"), private=True)


def _problem(ctx: Context, message: str) -> Reply:
    body = ctx.t("admin.nothing-changed", problem=message)
    return Reply(ctx.t("admin.problem-title"), body, private=True, is_error=True)


def _local(moment: dt.datetime, timezone: str) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local:%a %d %b %Y, %H:%M} {local.tzname()}"


def _channel(channel_id: str) -> ChannelRef:
    return ChannelRef(channel_id)


async def _subscription(ctx: Context) -> SubscriptionRecord | None:
    community = await ctx.store.community(ctx.request.platform, ctx.request.community_id)
    if community is None:
        return None
    subs = await ctx.store.subscriptions(community.id)
    return subs[0] if subs else None


def _status(ctx: Context, sub: SubscriptionRecord) -> str:
    reason = (sub.last_failure_kind or "").replace("_", " ") or ctx.t("admin.unknown-reason")
    if sub.paused and sub.paused_reason is PauseReason.FAILURES:
        return ctx.t("admin.status-paused-failures", reason=reason)
    if sub.paused:
        return ctx.t("admin.status-paused")
    if sub.failure_count:
        return ctx.t("admin.status-failing", reason=reason)
    return ctx.t("admin.status-active")


def _settings_fields(ctx: Context, sub: SubscriptionRecord, region: str | None) -> tuple[Field, ...]:
    schedule = schedule_of(sub)
    quiet = f"{sub.quiet_start}-{sub.quiet_end}" if sub.quiet_start else ctx.t("admin.quiet-off-value")
    audience = (
        ctx.t("admin.audience-with-ages", audience=sub.audience, band=sub.age_band) if sub.age_band else sub.audience
    )
    next_post = (
        _local(sub.next_due_at - dt.timedelta(seconds=sub.jitter_seconds), sub.timezone)
        if sub.next_due_at and not sub.paused
        else ctx.t("admin.next-none-paused")
    )
    return (
        Field(ctx.t("admin.field-channel"), str(_channel(sub.channel_id))),
        Field(ctx.t("admin.field-when"), schedule.describe()),
        Field(ctx.t("admin.field-audience"), audience),
        Field(ctx.t("admin.field-region"), region or ctx.t("admin.region-not-set")),
        Field(ctx.t("admin.field-quiet-hours"), quiet),
        Field(ctx.t("admin.field-status"), _status(ctx, sub)),
        Field(ctx.t("admin.field-next-post"), next_post),
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
        return _problem(ctx, str(exc))
    existing = await _subscription(ctx)
    # Without a channel (Slack's App Home has none) a change keeps the channel already set up.
    channel = choice.channel or (existing.channel_id if existing else None) or req.channel_id
    if not channel:
        return _problem(ctx, ctx.t("admin.setup-no-channel"))
    try:
        schedule = Schedule(
            cadence=choice.cadence or (parse_cadence(existing.cadence) if existing else "weekly"),
            days=choice.days or (parse_days(existing.days) if existing else ("mon",)),
            local_time=choice.time or (parse_time(existing.local_time) if existing else dt.time(18, 0)),
            timezone=choice.timezone or (existing.timezone if existing else parse_timezone(ctx.defaults.timezone)),
        )
    except ScheduleError as exc:  # a stored value from an older version that no longer parses
        return _problem(ctx, str(exc))
    audience = choice.audience or (existing.audience if existing else DEFAULT_AUDIENCE)
    # Asked before anything is stored: a channel the bot cannot even find is not saved.
    reached = await reach.check_channel(ctx, channel)
    if reached.channel_gone and reached.warning:
        return _problem(ctx, reached.warning)

    community = await ctx.store.ensure_community(req.platform, req.community_id)
    if req.community_locale and req.community_locale != community.locale:
        # The first schedule's posts read in the server's language on auto (Discord's locale).
        await ctx.store.set_locale(community.id, req.community_locale)
    if choice.region is not None:
        await ctx.store.set_region(community.id, choice.region)
    # An admin's pause survives a settings change; a pause after failures is lifted, since
    # running setup is how an admin says the channel is fixed.
    still_paused = bool(existing and existing.paused and existing.paused_reason is PauseReason.ADMIN)
    settings = ScheduleSettings(
        cadence=schedule.cadence,
        days=",".join(schedule.days),
        local_time=f"{schedule.local_time:%H:%M}",
        timezone=schedule.timezone,
        audience=audience,
        anchor_date=_first_slot_day(schedule, ctx.now),
        jitter_seconds=jitter_seconds(f"{req.platform}:{req.community_id}", ctx.defaults.jitter_minutes),
    )
    sub = await ctx.store.save_schedule(community.id, channel, settings, paused_by_admin=still_paused)
    sub = await ctx.store.set_next_due(sub.id, next_due(sub, ctx.now)) or sub
    slots = "\n".join(f"- {_local(s, sub.timezone)}" for s in upcoming(schedule_of(sub), ctx.now, 3))
    paused_note = "\n\n" + ctx.t("admin.setup-still-paused") if still_paused else ""
    when = schedule_of(sub).describe()
    body = ctx.t("admin.setup-body", channel=_channel(channel), when=when, slots=slots, paused=paused_note)
    region = choice.region or community.region
    return await _setup_reply(ctx, channel, reached, body, when, _settings_fields(ctx, sub, region))


async def _setup_reply(
    ctx: Context, channel: str, reached: reach.Reached, body: str, when: str, fields: tuple[Field, ...]
) -> Reply:
    """Setup's reply, assembled in one place: what stops Lookout posting first, then the schedule, then the test."""
    title = ctx.t("reach.cannot-post-title") if reached.warning else ctx.t("admin.setup-title")
    parts = [reached.warning, body, await reach.test_post(ctx, channel, reached, when)]
    return Reply(title, "\n\n".join(p for p in parts if p), fields=fields, private=True)


async def schedule(ctx: Context) -> Reply:
    """The community's settings and status."""
    sub = await _subscription(ctx)
    if sub is None:
        return _no_schedule(ctx)
    return Reply(
        ctx.t("admin.schedule-title"),
        ctx.t("admin.schedule-body"),
        fields=_settings_fields(ctx, sub, await ctx.community_region()),
        private=True,
    )


async def pause(ctx: Context) -> Reply:
    """Stop scheduled posts until resumed."""
    sub = await _subscription(ctx)
    if sub is None:
        return _no_schedule(ctx)
    await ctx.store.pause(sub.id, PauseReason.ADMIN)
    return Reply(ctx.t("admin.paused-title"), ctx.t("admin.paused-body"), private=True)


async def resume(ctx: Context) -> Reply:
    """Restart scheduled posts from now on (missed slots are not posted as a burst)."""
    sub = await _subscription(ctx)
    if sub is None:
        return _no_schedule(ctx)
    due = next_due(sub, ctx.now)
    slot = due - dt.timedelta(seconds=sub.jitter_seconds)
    await ctx.store.resume(sub.id, due)
    # Shown without the few minutes of jitter: people set "18:00" and expect to read it back.
    body = ctx.t("admin.resumed-body", channel=_channel(sub.channel_id), when=_local(slot, sub.timezone))
    return Reply(ctx.t("admin.resumed-title"), body, private=True)


async def preview(ctx: Context) -> Reply:
    """The next posts with their local times and the tip each would show."""
    sub = await _subscription(ctx)
    if sub is None:
        return _no_schedule(ctx)
    typed = ctx.option("count") or "5"
    if not re.fullmatch(r"[0-9]{1,2}", typed) or not 1 <= int(typed) <= 10:
        return _problem(ctx, ctx.t("admin.bad-count", typed=quote(typed, 10)))
    count = int(typed)
    community = await ctx.store.community(ctx.request.platform, ctx.request.community_id)
    region = community.region if community else None
    slots = upcoming(schedule_of(sub), ctx.now, count)
    key = place_key(ctx.request.platform, ctx.request.community_id, sub.channel_id)
    ask = Ask((sub.community_id, sub.channel_id), key, sub.audience, ctx.now.date(), sub.age_band, region)
    tips = await ctx.rotation.preview(ask, [slot.date() for slot in slots])
    lines = [
        ctx.t("admin.preview-line", when=_local(slot, sub.timezone), title=tip.title if tip else ctx.t("admin.no-tip"))
        for slot, tip in zip(slots, tips, strict=True)
    ]
    note = "\n\n" + ctx.t("admin.preview-paused") if sub.paused else ""
    body = "\n".join(lines) + note + "\n\n" + ctx.t("admin.preview-post-now")
    # The channel goes in the body: titles cannot show channel links on every platform.
    heading = ctx.t("admin.preview-in", channel=_channel(sub.channel_id))
    return Reply(ctx.t("admin.preview-title", count=count), heading + "\n" + body, private=True)


async def post_now(ctx: Context) -> Reply:
    """Post the next tip to the scheduled channel now."""
    sub = await _subscription(ctx)
    if sub is None:
        return _no_schedule(ctx)
    if ctx.poster is None:
        return _problem(ctx, ctx.t("admin.post-starting"))
    try:
        title = await ctx.poster.post_now(sub.id)
    except DeliveryFailure as exc:
        reason = exc.kind.value.replace("_", " ")
        return _problem(ctx, ctx.t("admin.post-failed", channel=_channel(sub.channel_id), reason=reason))
    body = ctx.t("admin.posted-body", title=title, channel=_channel(sub.channel_id))
    return Reply(ctx.t("admin.posted-title"), body, private=True)


async def region(ctx: Context) -> Reply:
    """Set the country whose reporting routes this community sees."""
    typed = ctx.option("country") or ""
    if typed.casefold() in ("off", "none", "clear"):
        existing = await ctx.store.community(ctx.request.platform, ctx.request.community_id)
        if existing is not None:
            await ctx.store.set_region(existing.id, None)
        return Reply(ctx.t("admin.region-cleared-title"), ctx.t("admin.region-cleared-body"), private=True)
    country = ctx.catalogue.find_country(typed)
    if country is None:
        known = ctx.catalogue.known_countries()
        return _problem(ctx, ctx.t("admin.unknown-country", typed=quote(typed), known=known))
    community = await ctx.store.ensure_community(ctx.request.platform, ctx.request.community_id)
    await ctx.store.set_region(community.id, country.code)
    body = ctx.t("admin.region-set-body", country=country.name)
    return Reply(ctx.t("admin.region-set-title"), body, private=True)


async def audience(ctx: Context) -> Reply:
    """Set who the channel's tips are for, and optionally the age band."""
    sub = await _subscription(ctx)
    if sub is None:
        return _no_schedule(ctx)
    value = (ctx.option("audience") or "").casefold()
    if value not in AUDIENCES:
        return _problem(ctx, ctx.t("admin.bad-audience", typed=quote(value), audiences=", ".join(AUDIENCES)))
    band_text = ctx.option("age")
    band = None if band_text in (None, "any") else band_text
    if band is not None and band not in AGE_BANDS:
        return _problem(ctx, ctx.t("admin.bad-age-band", typed=quote(band, 10), bands=", ".join(AGE_BANDS)))
    await ctx.store.set_audience(sub.id, value, band)
    channel = _channel(sub.channel_id)
    body = (
        ctx.t("admin.audience-body-ages", channel=channel, audience=value, band=band)
        if band
        else ctx.t("admin.audience-body", channel=channel, audience=value)
    )
    return Reply(ctx.t("admin.audience-title"), body, private=True)


async def quiet_hours(ctx: Context) -> Reply:
    """Set local hours in which nothing is posted (posts wait until they end)."""
    sub = await _subscription(ctx)
    if sub is None:
        return _no_schedule(ctx)
    try:
        hours = parse_quiet_hours(ctx.option("hours") or "")
    except ScheduleError as exc:
        return _problem(ctx, str(exc))
    start, end = (f"{hours[0]:%H:%M}", f"{hours[1]:%H:%M}") if hours else (None, None)
    sub = await ctx.store.set_quiet_hours(sub.id, start, end) or sub
    if not sub.paused:
        sub = await ctx.store.set_next_due(sub.id, next_due(sub, ctx.now)) or sub
    text = ctx.t("admin.quiet-body", start=start, end=end, timezone=sub.timezone) if hours else ctx.t("admin.quiet-off")
    return Reply(ctx.t("admin.quiet-title"), text, private=True)


async def forget(ctx: Context) -> Reply:
    """Delete everything stored about the community, after a confirmation."""
    if (ctx.option("confirm") or "").casefold() not in ("confirm", "yes"):
        return Reply(ctx.t("admin.forget-confirm-title"), ctx.t("admin.forget-confirm-body"), private=True)
    deleted = await ctx.store.forget(ctx.request.platform, ctx.request.community_id)
    body = ctx.t("admin.forget-done-body") if deleted else ctx.t("admin.forget-nothing-body")
    return Reply(ctx.t("admin.forget-done-title"), body, private=True)
