"""The ``/safety-admin`` commands: set up, inspect and change a community's scheduled tips.

Every handler validates everything it was given before it changes anything, so a typo gets a
kind, specific reply and leaves the settings as they were.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.core.commands import reach
from bot.core.commands.audience import audience_label, audience_word
from bot.core.commands.context import Context
from bot.core.commands.public import DEFAULT_AUDIENCE
from bot.core.commands.setup_options import SetupError, read_setup
from bot.core.commands.targets import choose, no_schedule, problem, schedules, target, typed_channel
from bot.core.content.models import AGE_BANDS, AUDIENCES
from bot.core.messaging import DeliveryFailure
from bot.core.models import ChannelRef, Field, Reply
from bot.core.notices import why_failed
from bot.core.ports import MAX_SCHEDULES, PauseReason, ScheduleSettings, SubscriptionRecord
from bot.core.rotation import Ask, place_key
from bot.core.schedules import (
    Schedule,
    ScheduleError,
    in_quiet_hours,
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
from bot.core.words import OFF


def _channel(channel_id: str) -> ChannelRef:
    return ChannelRef(channel_id)


def _status(ctx: Context, sub: SubscriptionRecord) -> str:
    reason = why_failed(ctx.catalogue.texts, sub.last_failure_kind, locale=ctx.locale)
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
    audience = audience_label(ctx, sub.audience, sub.age_band)
    next_post = (
        ctx.when(sub.next_due_at - dt.timedelta(seconds=sub.jitter_seconds), sub.timezone)
        if sub.next_due_at and not sub.paused
        else ctx.t("admin.next-none-paused")
    )
    return (
        Field(ctx.t("admin.field-channel"), str(_channel(sub.channel_id))),
        Field(ctx.t("admin.field-when"), schedule.describe(ctx.catalogue.texts, ctx.locale)),
        Field(ctx.t("admin.field-audience"), audience),
        Field(ctx.t("admin.field-region"), region or ctx.t("admin.region-not-set")),
        Field(ctx.t("admin.field-quiet-hours"), quiet),
        Field(ctx.t("admin.field-status"), _status(ctx, sub)),
        Field(ctx.t("admin.field-next-post"), next_post),
    )


def _quiet_covers_post(ctx: Context, sub: SubscriptionRecord) -> str:
    """A note when quiet hours cover the posting time (posts then wait until they end), else ''."""
    if not sub.quiet_start or not sub.quiet_end:
        return ""
    start, end, posting = parse_time(sub.quiet_start), parse_time(sub.quiet_end), parse_time(sub.local_time)
    if not in_quiet_hours(posting, start, end):
        return ""
    return "\n\n" + ctx.t("admin.quiet-covers-post", time=sub.local_time, start=sub.quiet_start, end=sub.quiet_end)


def _first_slot_day(schedule: Schedule, now: dt.datetime) -> dt.date:
    """The local date of the first matching day after ``now``: fortnightly weeks count from it."""
    weekly = Schedule("weekly", schedule.days, schedule.local_time, schedule.timezone)
    return upcoming(weekly, now, 1)[0].astimezone(schedule.zone).date()


async def setup(ctx: Context) -> Reply:
    """Create or change one channel's schedule in one step; nothing is stored if any value is wrong.

    Each channel has its own schedule: setting up another channel adds one (up to
    ``MAX_SCHEDULES``) and leaves the others as they are.
    """
    req = ctx.request
    try:
        choice = read_setup(ctx.request.options, ctx.catalogue)
    except SetupError as exc:
        return problem(ctx, ctx.say(exc))
    _, subs = await schedules(ctx)
    # Without a channel named, setup changes the schedule of the channel it is typed in, or
    # the community's only one (Slack's App Home has no channel at all); it adds a schedule
    # only where one is named or where there is none yet, so a settings change typed in the
    # wrong channel never starts a second stream of tips.
    channel = choice.channel
    elsewhere = False
    if channel is None:
        here = next((s for s in subs if s.channel_id == req.channel_id), None)
        if here is not None or (not subs and req.channel_id):
            channel = req.channel_id
        elif len(subs) == 1:
            channel, elsewhere = subs[0].channel_id, bool(req.channel_id)
        elif subs:
            return choose(ctx, subs, "setup")
        else:
            return problem(ctx, ctx.t("admin.setup-no-channel"))
    assert channel is not None  # nosec B101 - every branch above sets it or returns
    existing = next((s for s in subs if s.channel_id == channel), None)
    if existing is None and len(subs) >= MAX_SCHEDULES:
        channels = ", ".join(str(_channel(s.channel_id)) for s in subs)
        body = ctx.t("schedules.cap-body", count=MAX_SCHEDULES, channels=channels)
        return Reply(ctx.t("schedules.cap-title"), body, private=True)
    # A new channel's timezone defaults to the community's first schedule's: one community
    # is usually in one place.
    model = existing or (subs[0] if subs else None)
    try:
        schedule = Schedule(
            cadence=choice.cadence or (parse_cadence(existing.cadence) if existing else "weekly"),
            days=choice.days or (parse_days(existing.days) if existing else ("mon",)),
            local_time=choice.time or (parse_time(existing.local_time) if existing else dt.time(18, 0)),
            timezone=choice.timezone or (model.timezone if model else parse_timezone(ctx.defaults.timezone)),
        )
    except ScheduleError as exc:  # a stored value from an older version that no longer parses
        return problem(ctx, ctx.say(exc))
    audience = choice.audience or (existing.audience if existing else DEFAULT_AUDIENCE)
    timezone_set = True if choice.timezone else (model.timezone_set if model else False)
    # Asked before anything is stored: a channel the bot cannot even find is not saved.
    reached = await reach.check_channel(ctx, channel)
    if reached.channel_gone and reached.warning:
        return problem(ctx, reached.warning)

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
        timezone_set=timezone_set,
    )
    sub = await ctx.store.save_schedule(community.id, channel, settings, paused_by_admin=still_paused)
    sub = await ctx.store.set_next_due(sub.id, next_due(sub, ctx.now)) or sub
    add_here = req.channel_id if elsewhere else None
    region = choice.region or community.region
    return await setup_reply(ctx, sub, reached, region=region, still_paused=still_paused, add_here=add_here)


async def setup_reply(
    ctx: Context,
    sub: SubscriptionRecord,
    reached: reach.Reached,
    *,
    region: str | None,
    still_paused: bool,
    add_here: str | None = None,
) -> Reply:
    """Setup's reply, assembled in one place: what stops Lookout posting first, then the schedule, then the test.

    ``add_here``: the channel setup was typed in, when it changed another channel's schedule.
    """
    slots = "\n".join(f"- {ctx.when(s, sub.timezone)}" for s in upcoming(schedule_of(sub), ctx.now, 3))
    paused_note = "\n\n" + ctx.t("admin.setup-still-paused") if still_paused else ""
    if add_here is not None:
        paused_note += "\n\n" + ctx.t("schedules.setup-add-here", channel=_channel(add_here))
    paused_note += _quiet_covers_post(ctx, sub)
    when = schedule_of(sub).describe(ctx.catalogue.texts, ctx.locale)
    body = ctx.t("admin.setup-body", channel=_channel(sub.channel_id), when=when, slots=slots, paused=paused_note)
    if sub.timezone_set is False:
        # Said first: every time below is in this zone, and it may not be the admin's.
        body = ctx.t("admin.setup-default-timezone", timezone=sub.timezone) + "\n\n" + body
    title = ctx.t("reach.cannot-post-title") if reached.warning else ctx.t("admin.setup-title")
    parts = [reached.warning, body, await reach.test_post(ctx, sub.channel_id, reached, when)]
    fields = _settings_fields(ctx, sub, region)
    return Reply(title, "\n\n".join(p for p in parts if p), fields=fields, private=True)


async def schedule(ctx: Context) -> Reply:
    """Every schedule of the community: its settings and status."""
    community, subs = await schedules(ctx)
    if not subs:
        return no_schedule(ctx)
    region = community.region if community else None
    if len(subs) == 1:
        fields = _settings_fields(ctx, subs[0], region)
        return Reply(ctx.t("admin.schedule-title"), ctx.t("admin.schedule-body"), fields=fields, private=True)
    fields = tuple(
        Field(
            ctx.t("schedules.field-schedule", number=i),
            "\n".join(f"{f.name}: {f.value}" for f in _settings_fields(ctx, sub, region)),
        )
        for i, sub in enumerate(subs, 1)
    )
    body = ctx.t("schedules.list-body", count=len(subs), most=MAX_SCHEDULES)
    return Reply(ctx.t("schedules.list-title"), body, fields=fields, private=True)


async def remove(ctx: Context) -> Reply:
    """End one channel's schedule; the community's other schedules carry on."""
    sub = await target(ctx, "remove", only_fallback=False)
    if isinstance(sub, Reply):
        return sub
    await ctx.store.remove_schedule(sub.id)
    _, left = await schedules(ctx)
    channel = _channel(sub.channel_id)
    if left:
        others = ", ".join(str(_channel(s.channel_id)) for s in left)
        body = ctx.t("schedules.removed-body-others", channel=channel, others=others)
    else:
        body = ctx.t("schedules.removed-body-last", channel=channel)
    return Reply(ctx.t("schedules.removed-title"), body, private=True)


async def pause(ctx: Context) -> Reply:
    """Stop one channel's scheduled posts until resumed."""
    sub = await target(ctx, "pause")
    if isinstance(sub, Reply):
        return sub
    await ctx.store.pause(sub.id, PauseReason.ADMIN)
    body = ctx.t("schedules.pause-body", channel=_channel(sub.channel_id))
    return Reply(ctx.t("admin.paused-title"), body, private=True)


async def resume(ctx: Context) -> Reply:
    """Restart one channel's scheduled posts from now on (missed slots are not posted as a burst)."""
    sub = await target(ctx, "resume")
    if isinstance(sub, Reply):
        return sub
    due = next_due(sub, ctx.now)
    slot = due - dt.timedelta(seconds=sub.jitter_seconds)
    await ctx.store.resume(sub.id, due)
    # Shown without the few minutes of jitter: people set "18:00" and expect to read it back.
    body = ctx.t("admin.resumed-body", channel=_channel(sub.channel_id), when=ctx.when(slot, sub.timezone))
    return Reply(ctx.t("admin.resumed-title"), body, private=True)


async def preview(ctx: Context) -> Reply:
    """The next posts with their local times and the tip each would show."""
    words = typed_channel(ctx, "count")
    sub = await target(ctx, "preview", words)
    if isinstance(sub, Reply):
        return sub
    typed = words.rest.get("count") or "5"
    if not re.fullmatch(r"[0-9]{1,2}", typed) or not 1 <= int(typed) <= 10:
        return problem(ctx, ctx.t("admin.bad-count", typed=quote(typed, 10)))
    count = int(typed)
    community = await ctx.store.community(ctx.request.platform, ctx.request.community_id)
    region = community.region if community else None
    slots = upcoming(schedule_of(sub), ctx.now, count)
    key = place_key(ctx.request.platform, ctx.request.community_id, sub.channel_id)
    ask = Ask((sub.community_id, sub.channel_id), key, sub.audience, ctx.now.date(), sub.age_band, region)
    tips = await ctx.rotation.preview(ask, [slot.date() for slot in slots])
    # Each tip's title in the reader's language, as the post itself will read.
    titles = [ctx.localise(tip)[0].title if tip else ctx.t("admin.no-tip") for tip in tips]
    lines = [
        ctx.t("admin.preview-line", when=ctx.when(slot, sub.timezone), title=title)
        for slot, title in zip(slots, titles, strict=True)
    ]
    note = "\n\n" + ctx.t("admin.preview-paused") if sub.paused else ""
    body = "\n".join(lines) + note + "\n\n" + ctx.t("admin.preview-post-now")
    # The channel goes in the body: titles cannot show channel links on every platform.
    heading = ctx.t("admin.preview-in", channel=_channel(sub.channel_id))
    return Reply(ctx.t("admin.preview-title", count=count), heading + "\n" + body, private=True)


async def post_now(ctx: Context) -> Reply:
    """Post the next tip to a scheduled channel now."""
    sub = await target(ctx, "post-now")
    if isinstance(sub, Reply):
        return sub
    if ctx.poster is None:
        return problem(ctx, ctx.t("admin.post-starting"))
    try:
        title = await ctx.poster.post_now(sub.id)
    except DeliveryFailure as exc:
        why = why_failed(ctx.catalogue.texts, exc.kind.value, [p.value for p in exc.missing], ctx.locale)
        return problem(ctx, ctx.t("schedules.post-now-failed", channel=_channel(sub.channel_id), why=why))
    # While paused, "the schedule carries on" would be untrue: say it is still paused.
    posted = "admin.posted-body-paused" if sub.paused else "admin.posted-body"
    body = ctx.t(posted, title=title, channel=_channel(sub.channel_id))
    return Reply(ctx.t("admin.posted-title"), body, private=True)


async def region(ctx: Context) -> Reply:
    """Set the country whose reporting routes this community sees."""
    typed = ctx.option("country") or ""
    country = ctx.catalogue.find_country(typed)
    # "off" in the reader's language ("stopp") too, but never a country's name or code ("AUS").
    off = typed.casefold() in ("off", "none", "clear") or (
        ctx.catalogue.names.find(typed) is None and ctx.catalogue.words.meaning(typed, (OFF,)) is not None
    )
    if off:
        existing = await ctx.store.community(ctx.request.platform, ctx.request.community_id)
        if existing is not None:
            await ctx.store.set_region(existing.id, None)
        return Reply(ctx.t("admin.region-cleared-title"), ctx.t("admin.region-cleared-body"), private=True)
    if country is None:
        known = ctx.catalogue.known_countries(ctx.locale)
        return problem(ctx, ctx.t("admin.unknown-country", typed=quote(typed), known=known))
    community = await ctx.store.ensure_community(ctx.request.platform, ctx.request.community_id)
    await ctx.store.set_region(community.id, country.code)
    body = ctx.t("admin.region-set-body", country=ctx.catalogue.country_name(country.code, ctx.locale))
    return Reply(ctx.t("admin.region-set-title"), body, private=True)


async def audience(ctx: Context) -> Reply:
    """Set who the channel's tips are for, and optionally the age band."""
    words = typed_channel(ctx, "audience", "age")
    sub = await target(ctx, "audience", words)
    if isinstance(sub, Reply):
        return sub
    value = (words.rest.get("audience") or "").casefold()
    if value not in AUDIENCES:
        near = audience_word(value)
        if near is not None:
            return problem(ctx, ctx.t("admin.bad-audience-suggest", typed=quote(value), suggestion=near))
        return problem(ctx, ctx.t("admin.bad-audience", typed=quote(value)))
    band_text = words.rest.get("age")
    band = None if band_text in (None, "any") else band_text
    if band is not None and band not in AGE_BANDS:
        return problem(ctx, ctx.t("admin.bad-age-band", typed=quote(band, 10), bands=", ".join(AGE_BANDS)))
    await ctx.store.set_audience(sub.id, value, band)
    channel = _channel(sub.channel_id)
    body = ctx.t("admin.audience-body", channel=channel, audience=audience_label(ctx, value, band))
    return Reply(ctx.t("admin.audience-title"), body, private=True)


async def quiet_hours(ctx: Context) -> Reply:
    """Set local hours in which nothing is posted in one channel (posts wait until they end)."""
    words = typed_channel(ctx, "hours")
    sub = await target(ctx, "quiet-hours", words)
    if isinstance(sub, Reply):
        return sub
    try:
        hours = parse_quiet_hours(words.rest.get("hours") or "")
    except ScheduleError as exc:
        return problem(ctx, ctx.say(exc))
    start, end = (f"{hours[0]:%H:%M}", f"{hours[1]:%H:%M}") if hours else (None, None)
    sub = await ctx.store.set_quiet_hours(sub.id, start, end) or sub
    if not sub.paused:
        sub = await ctx.store.set_next_due(sub.id, next_due(sub, ctx.now)) or sub
    if hours is None:
        return Reply(ctx.t("admin.quiet-off-title"), ctx.t("admin.quiet-off"), private=True)
    text = ctx.t("admin.quiet-body", start=start, end=end, timezone=sub.timezone)
    return Reply(ctx.t("admin.quiet-title"), text + _quiet_covers_post(ctx, sub), private=True)


async def forget(ctx: Context) -> Reply:
    """Delete everything stored about the community, after a confirmation."""
    if (ctx.option("confirm") or "").casefold() not in ("confirm", "yes"):
        return Reply(ctx.t("admin.forget-confirm-title"), ctx.t("admin.forget-confirm-body"), private=True)
    deleted = await ctx.store.forget(ctx.request.platform, ctx.request.community_id)
    body = ctx.t("admin.forget-done-body") if deleted else ctx.t("admin.forget-nothing-body")
    return Reply(ctx.t("admin.forget-done-title"), body, private=True)
