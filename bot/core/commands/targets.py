"""Which of a community's schedules an admin command is about.

A community has one schedule per channel. A command names the channel (``pause #gamers``, or
Discord's channel picker), or else means the channel it is typed in if that has a schedule,
or else the community's only schedule; with several and none named, the reply lists them and
asks which. ``remove`` never falls back to "the only one": ending a schedule needs the channel
named or the command typed in that channel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.commands.context import Context
from bot.core.commands.setup_options import channel_id
from bot.core.models import ChannelRef, Reply
from bot.core.ports import CommunityRecord, SubscriptionRecord
from bot.core.text import quote


@dataclass(frozen=True, slots=True)
class Typed:
    """A channel found among a command's words, and the words left once it is taken out."""

    channel: str | None
    rest: dict[str, str]
    # A word given as the channel that is not one (e.g. ``channel=tips`` without the #).
    bad: str | None = None


def typed_channel(ctx: Context, *also: str) -> Typed:
    """The channel named by the ``channel`` option or by a channel-shaped word in ``also``.

    The typed grammar fills options in order, so ``preview #gamers`` arrives as
    ``count="#gamers"`` and ``quiet-hours 21:00-07:00 #gamers`` as one ``hours`` value: the
    channel is recognised by its shape wherever it landed, and removed from that option.
    """
    rest = {name: value for name in also if (value := ctx.option(name)) is not None}
    given = ctx.option("channel")
    if given is not None:
        found = channel_id(given)
        return Typed(found, rest) if found else Typed(None, rest, bad=given)
    for name, value in rest.items():
        words = value.split()
        for i, word in enumerate(words):
            found = channel_id(word)
            if found is not None:
                left = " ".join(words[:i] + words[i + 1 :])
                rest = {**rest, name: left} if left else {k: v for k, v in rest.items() if k != name}
                return Typed(found, rest)
    return Typed(None, rest)


def channel_list(subs: Sequence[SubscriptionRecord]) -> str:
    """The channels of ``subs``, comma-separated, as channel links."""
    return ", ".join(str(ChannelRef(s.channel_id)) for s in subs)


async def schedules(ctx: Context) -> tuple[CommunityRecord | None, list[SubscriptionRecord]]:
    """The community and its schedules, oldest first (none if Lookout has nothing stored)."""
    community = await ctx.store.community(ctx.request.platform, ctx.request.community_id)
    if community is None:
        return None, []
    return community, list(await ctx.store.subscriptions(community.id))


def no_schedule(ctx: Context) -> Reply:
    """The reply when the community has no schedule at all."""
    return Reply(ctx.t("admin.no-schedule-title"), ctx.t("admin.no-schedule-body"), private=True)


def problem(ctx: Context, message: str) -> Reply:
    """A refusal that changed nothing."""
    body = ctx.t("admin.nothing-changed", problem=message)
    return Reply(ctx.t("admin.problem-title"), body, private=True, is_error=True)


def choose(ctx: Context, subs: Sequence[SubscriptionRecord], command: str) -> Reply:
    """Ask which channel's schedule is meant, listing them."""
    example = f"/safety-admin {command} {ChannelRef(subs[0].channel_id)}"
    body = ctx.t("schedules.choose-body", channels=channel_list(subs), example=example)
    return Reply(ctx.t("schedules.choose-title"), body, private=True)


async def target(
    ctx: Context, command: str, typed: Typed | None = None, *, only_fallback: bool = True
) -> SubscriptionRecord | Reply:
    """The schedule ``command`` is about, or the reply to give instead (none, not found, which one?)."""
    typed = typed if typed is not None else typed_channel(ctx)
    if typed.bad is not None:
        return problem(ctx, ctx.t("schedules.not-a-channel", typed=quote(typed.bad)))
    _, subs = await schedules(ctx)
    if not subs:
        return no_schedule(ctx)
    if typed.channel is not None:
        named = next((s for s in subs if s.channel_id == typed.channel), None)
        if named is not None:
            return named
        body = ctx.t("schedules.not-scheduled", channel=ChannelRef(typed.channel), channels=channel_list(subs))
        return problem(ctx, body)
    here = next((s for s in subs if s.channel_id == ctx.request.channel_id), None)
    if here is not None:
        return here
    if len(subs) == 1 and only_fallback:
        return subs[0]
    return choose(ctx, subs, command)
