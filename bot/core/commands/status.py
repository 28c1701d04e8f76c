"""``/safety-admin status`` and ``/safety-admin history``: how each schedule is doing.

Both read only settings and the deliveries table (when, where, which tip, how it ended):
nothing about people and nothing anyone wrote.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.core import limits
from bot.core.commands.context import Context
from bot.core.commands.targets import no_schedule, problem, schedules, typed_channel
from bot.core.countries import resolve
from bot.core.models import ChannelRef, Field, Reply
from bot.core.notices import permission_names, why_failed
from bot.core.ports import DeliveryRecord, DeliveryStatus, PauseReason, SubscriptionRecord
from bot.core.text import quote

# How many posts ``history`` shows by default, and at most (a reply must fit one screen).
HISTORY_DEFAULT = 10
HISTORY_MOST = 20


def _tip_title(ctx: Context, tip_id: str | None) -> str:
    tip = next((t for t in ctx.catalogue.tips if t.id == tip_id), None) if tip_id else None
    if tip is None:
        return ctx.t("schedules.no-tip")
    shown, _ = ctx.localise(tip)
    return shown.title


def result(ctx: Context, delivery: DeliveryRecord) -> str:
    """How one post ended, in a few words ("posted", "failed: I'm missing ...")."""
    if delivery.status is DeliveryStatus.SENT:
        return ctx.t("schedules.result-unconfirmed") if delivery.unconfirmed else ctx.t("schedules.result-sent")
    if delivery.status is DeliveryStatus.FAILED:
        why = why_failed(ctx.catalogue.texts, delivery.failure_kind, delivery.missing, ctx.locale)
        return ctx.t("schedules.result-failed", why=why)
    return ctx.t(f"schedules.result-{delivery.status.value}")


def _paused(ctx: Context, sub: SubscriptionRecord) -> str:
    if not sub.paused:
        return ctx.t("schedules.state-running")
    if sub.paused_reason is PauseReason.FAILURES:
        return ctx.t("schedules.state-paused-failures")
    if sub.paused_reason is PauseReason.SCHEDULE:
        return ctx.t("schedules.state-paused-schedule")
    return ctx.t("schedules.state-paused-admin")


def _last_attempt(ctx: Context, sub: SubscriptionRecord, last: DeliveryRecord | None) -> str:
    """What the platform showed at the last attempt: missing permissions, else the failure."""
    if last is not None and last.missing:
        names = permission_names(ctx.catalogue.texts, last.missing, ctx.locale)
        return ctx.t("schedules.attempt-missing", permissions=names)
    kind = last.failure_kind if last is not None and last.status is DeliveryStatus.FAILED else None
    kind = kind or (sub.last_failure_kind if sub.failure_count else None)
    if kind:
        return ctx.t("schedules.attempt-failed", why=why_failed(ctx.catalogue.texts, kind, (), ctx.locale))
    if last is not None and last.status is DeliveryStatus.SENT:
        return ctx.t("schedules.attempt-ok")
    return ctx.t("schedules.attempt-none")


def _timezone(ctx: Context, sub: SubscriptionRecord) -> str:
    if sub.timezone_set is False:
        return ctx.t("schedules.timezone-default", timezone=sub.timezone)
    if sub.timezone_set:
        return ctx.t("schedules.timezone-set", timezone=sub.timezone)
    return ctx.t("schedules.timezone-unknown", timezone=sub.timezone)


def _region(ctx: Context, region: str | None, sub: SubscriptionRecord) -> str:
    """The country reporting answers use in this channel, and how Lookout found it."""
    found = resolve(
        None,
        names=ctx.catalogue.names,
        region=region,
        timezone=sub.timezone,
        default_region=ctx.defaults.region,
    )
    name = ctx.catalogue.country_name(found.code, ctx.locale)
    if found.how == "region":
        return ctx.t("schedules.region-set", country=name)
    if found.how == "timezone":
        return ctx.t("schedules.region-timezone", country=name, timezone=sub.timezone)
    if found.how == "default":
        return ctx.t("schedules.region-default", country=name)
    return ctx.t("schedules.region-none")


async def status(ctx: Context) -> Reply:
    """Per schedule: next and last post, failures in a row, paused or not, and where it thinks it is.

    ``status #channel`` shows that channel's alone; a community with many schedules whose status
    would not fit one reply gets the first ones and a line saying how to see the others.
    """
    community, subs = await schedules(ctx)
    if community is None or not subs:
        return no_schedule(ctx)
    typed = typed_channel(ctx)
    if typed.channel is not None or typed.bad is not None:
        named = [s for s in subs if s.channel_id == typed.channel]
        if not named:
            channels = ", ".join(str(ChannelRef(s.channel_id)) for s in subs)
            shown = ChannelRef(typed.channel) if typed.channel else quote(typed.bad or "")
            return problem(ctx, ctx.t("schedules.not-scheduled", channel=shown, channels=channels))
        subs = named
    fields: list[Field] = []
    for i, sub in enumerate(subs, 1):
        recent = await ctx.store.recent_deliveries(community.id, 5, subscription_id=sub.id)
        done = [d for d in recent if d.status is not DeliveryStatus.CLAIMED]
        last = done[0] if done else None
        next_post = (
            ctx.when(sub.next_due_at - dt.timedelta(seconds=sub.jitter_seconds), sub.timezone)
            if sub.next_due_at and not sub.paused
            else ctx.t("schedules.next-none")
        )
        last_post = (
            ctx.t("schedules.last-post", when=ctx.when(last.slot_at, sub.timezone), result=result(ctx, last))
            if last is not None
            else ctx.t("schedules.last-none")
        )
        lines = [
            ctx.t("schedules.status-channel", channel=ChannelRef(sub.channel_id)),
            ctx.t("schedules.status-next", when=next_post),
            last_post,
            ctx.t("schedules.status-failures", count=sub.failure_count),
            _paused(ctx, sub),
            _last_attempt(ctx, sub, last),
            _region(ctx, community.region, sub),
            _timezone(ctx, sub),
        ]
        fields.append(Field(ctx.t("schedules.field-schedule", number=i), "\n".join(lines)[: limits.FIELD_VALUE]))
    body = ctx.t("schedules.status-body")
    reply = Reply(ctx.t("schedules.status-title"), body, fields=tuple(fields), private=True)
    while limits.violations(reply) and len(fields) > 1:
        fields.pop()
        more = ctx.t("schedules.status-more", shown=len(fields), count=len(subs))
        reply = Reply(reply.title, body + "\n\n" + more, fields=tuple(fields), private=True)
    return reply


async def history(ctx: Context) -> Reply:
    """The community's last scheduled posts: date, channel, tip and how each ended."""
    typed = ctx.option("count") or str(HISTORY_DEFAULT)
    if not re.fullmatch(r"[0-9]{1,2}", typed) or not 1 <= int(typed) <= HISTORY_MOST:
        return problem(ctx, ctx.t("schedules.bad-history-count", typed=quote(typed, 10), most=HISTORY_MOST))
    community, subs = await schedules(ctx)
    if community is None or not subs:
        return no_schedule(ctx)
    zones = {s.id: s.timezone for s in subs}
    posts = await ctx.store.recent_deliveries(community.id, int(typed))
    if not posts:
        return Reply(ctx.t("schedules.history-title"), ctx.t("schedules.history-none"), private=True)
    lines: list[str] = []
    for post in posts:
        line = ctx.t(
            "schedules.history-line",
            when=ctx.when(post.slot_at, zones.get(post.subscription_id, "UTC"), with_time=False),
            channel=ChannelRef(post.channel_id),
            title=_tip_title(ctx, post.tip_id),
            result=result(ctx, post),
        )
        # Room is kept for the closing line; a channel shows as a longer mention on some platforms.
        if sum(len(x) + 1 for x in lines) + len(line) > limits.BODY - 200:
            lines.append(ctx.t("schedules.history-more", shown=len(lines)))
            break
        lines.append(line)
    return Reply(ctx.t("schedules.history-title"), "\n".join(lines), private=True)
