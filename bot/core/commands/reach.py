"""Setup's check that Lookout can post in the channel, and its optional test post.

The adapter says what is missing (``Poster.can_post``, answered by the platform's Messenger);
this module words it for the admin, first thing in the reply, with how to fix it on that
platform. Platform-specific words are looked up under a platform-keyed message id
(``reach.not-a-member.slack``) with a neutral fallback, so the core names no platform.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context
from bot.core.messaging import UNKNOWN, DeliveryFailure, Destination, Missing, PostCheck
from bot.core.models import ChannelRef, Reply
from bot.core.text import quote

# Discord-style permissions, worded together in one sentence ("View Channel and Send Messages").
PERMISSIONS = (Missing.VIEW_CHANNEL, Missing.SEND_MESSAGES, Missing.EMBED_LINKS)


@dataclass(frozen=True, slots=True)
class Reached:
    """What setup learned about the channel: the check, and the words to put first in its reply."""

    check: PostCheck
    warning: str | None = None

    @property
    def channel_gone(self) -> bool:
        """No channel by that id that the bot can see: setup stores nothing for it."""
        return Missing.CHANNEL_GONE in self.check.missing


def _destination(ctx: Context, channel: str) -> Destination:
    return Destination(ctx.request.platform, ctx.request.community_id, channel)


def _permissions(ctx: Context, missing: tuple[Missing, ...]) -> str:
    names = [ctx.tp(f"reach.permission-{kind.value.replace('_', '-')}") for kind in PERMISSIONS if kind in missing]
    if len(names) == 1:
        return names[0]
    return ctx.t("reach.and-list", items=", ".join(names[:-1]), last=names[-1])


def warning(ctx: Context, channel: str, check: PostCheck) -> str | None:
    """The plain sentence saying what is missing and how to fix it; None when nothing is (or nobody knows)."""
    if not check.known or not check.missing:
        return None
    shown = ChannelRef(channel)
    if Missing.CHANNEL_GONE in check.missing:
        return ctx.tp("reach.channel-gone", channel=quote(channel))
    if Missing.NOT_A_MEMBER in check.missing:
        return ctx.tp("reach.not-a-member", channel=shown)
    if Missing.CANNOT_SEND in check.missing:
        return ctx.tp("reach.cannot-send", channel=shown)
    return ctx.tp("reach.missing-permissions", channel=shown, permissions=_permissions(ctx, check.missing))


async def check_channel(ctx: Context, channel: str) -> Reached:
    """Ask the platform whether Lookout can post in ``channel`` (``UNKNOWN`` without a poster)."""
    check = await ctx.poster.can_post(_destination(ctx, channel)) if ctx.poster is not None else UNKNOWN
    return Reached(check, warning(ctx, channel, check))


def wants_test(ctx: Context) -> bool:
    """Whether the admin asked for a test post (``test=yes``)."""
    return (ctx.option("test") or "").casefold() in ("yes", "y", "true", "1")


async def test_post(ctx: Context, channel: str, reached: Reached, when: str) -> str:
    """Send the short test post when asked (and possible); the line that says how it went, or offers one."""
    shown = ChannelRef(channel)
    if not wants_test(ctx):
        return ctx.tp("reach.test-offer")
    if reached.check.missing:
        return ctx.t("reach.test-skipped")
    if ctx.poster is None:
        return ctx.t("reach.test-failed", channel=shown, reason=ctx.t("admin.post-starting"))
    post = Reply(ctx.t("reach.test-title"), ctx.t("reach.test-body", when=when))
    try:
        await ctx.poster.post_test(_destination(ctx, channel), post)
    except DeliveryFailure as exc:
        return ctx.t("reach.test-failed", channel=shown, reason=exc.kind.value.replace("_", " "))
    return ctx.t("reach.test-sent", channel=shown)
