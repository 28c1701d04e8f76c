"""Scheduled posts over REST: the embed arrives once, and Discord's refusals become failure kinds."""

from __future__ import annotations

import aiohttp
import discord
import pytest

from bot.adapters.discord import LookoutBot
from bot.adapters.discord.messenger import NONCE_MAX, failure_of, nonce_for
from bot.core.content import Catalogue
from bot.core.messaging import DeliveryFailure, Destination, FailureKind, Missing
from bot.core.ports import Notice, NoticeKind
from bot.delivery.compose import scheduled_reply
from tests.adapters.discord.transcript import Server, embed_of


def _destination(server: Server) -> Destination:
    return Destination("discord", str(server.guild.id), str(server.tips.id))


async def test_a_scheduled_post_arrives_with_its_buttons_and_a_nonce(
    server: Server, simcord_env, catalogue: Catalogue
) -> None:
    """The tip is posted as one embed with link buttons, a short nonce, enforce_nonce and no pings."""
    tip = next(t for t in catalogue.tips if t.links)
    bot: LookoutBot = simcord_env.bot
    key = "9f1c2b7e4d5a6b7c8d9e0f1a2b3c4d5e"
    message_id = await bot.messenger.send(
        _destination(server), scheduled_reply(tip, catalogue.texts), idempotency_key=key
    )
    posted = server.tips.last_message
    assert posted is not None and str(posted.id) == message_id
    assert posted.embeds[0].title == tip.title
    assert [b.url for row in posted.components for b in row.children] == [link.url for link in tip.links]
    (sent,) = [r for r in simcord_env.http_requests if r.method == "POST" and r.path.endswith("/messages")]
    assert sent.json["nonce"] == nonce_for(key) and len(sent.json["nonce"]) <= NONCE_MAX
    assert sent.json["enforce_nonce"] is True
    assert sent.json["allowed_mentions"] == {"parse": []}


def test_the_nonce_is_stable_and_fits_discord() -> None:
    """The same slot key always gives the same nonce of at most 25 characters; different keys differ."""
    key = "a" * 32
    assert nonce_for(key) == nonce_for(key)
    assert len(nonce_for(key)) <= NONCE_MAX
    assert nonce_for(key) != nonce_for("b" * 32)
    assert nonce_for("short-key") == "short-key"


@pytest.mark.parametrize(
    ("status", "code", "kind"),
    [
        (403, 50013, FailureKind.NO_PERMISSION),
        (404, 10003, FailureKind.CHANNEL_GONE),
        (500, 0, FailureKind.TRANSIENT),
        (503, 0, FailureKind.TRANSIENT),
        (401, 0, FailureKind.AUTH_REVOKED),
        (429, 0, FailureKind.RATE_LIMITED),
        (400, 50035, FailureKind.REJECTED),
    ],
)
async def test_discord_refusals_become_failure_kinds_without_crashing(
    server: Server, simcord_env, catalogue: Catalogue, status: int, code: int, kind: FailureKind
) -> None:
    """An injected 403/404/5xx/401/429 on a scheduled post is the right failure; the bot keeps answering."""
    simcord_env.inject_error("POST", "/channels/*/messages", status=status, code=code, message="injected")
    with pytest.raises(DeliveryFailure) as failure:
        await simcord_env.bot.messenger.send(
            _destination(server), scheduled_reply(catalogue.tips[0], catalogue.texts), idempotency_key="k1"
        )
    assert failure.value.kind is kind
    assert server.tips.history() == []
    still = await server.member.slash(server.general, "safety report", country="GB")
    assert embed_of(still).title == "Report a worry: United Kingdom"
    assert simcord_env.errors == []


async def test_a_refused_post_names_the_missing_permission(server: Server, simcord_env, catalogue: Catalogue) -> None:
    """A channel where the bot may not send messages: the failure says Send Messages is what is missing."""
    me = server.guild.me
    assert me is not None
    closed = server.guild.create_text_channel(
        "closed", overwrites={me: discord.PermissionOverwrite(send_messages=False)}
    )
    with pytest.raises(DeliveryFailure) as failure:
        await simcord_env.bot.messenger.send(
            Destination("discord", str(server.guild.id), str(closed.id)),
            scheduled_reply(catalogue.tips[0], catalogue.texts),
            idempotency_key="k-closed",
        )
    assert failure.value.kind is FailureKind.NO_PERMISSION
    assert failure.value.missing == (Missing.SEND_MESSAGES,)


def test_rate_limits_and_network_errors_map_to_retryable_kinds() -> None:
    """discord.py's RateLimited keeps its retry_after; a dropped connection is transient."""
    limited = failure_of(discord.RateLimited(2.5))
    assert (limited.kind, limited.retry_after) == (FailureKind.RATE_LIMITED, 2.5)
    dropped = failure_of(aiohttp.ServerDisconnectedError())
    assert dropped.kind is FailureKind.TRANSIENT and dropped.kind.retryable


async def test_a_channel_id_that_is_not_discords_is_gone(server: Server, catalogue: Catalogue, simcord_env) -> None:
    """A stored channel that is not a Discord id fails as CHANNEL_GONE without calling Discord."""
    before = len(simcord_env.http_requests)
    with pytest.raises(DeliveryFailure) as failure:
        await simcord_env.bot.messenger.send(
            Destination("discord", str(server.guild.id), "general"),
            scheduled_reply(catalogue.tips[0], catalogue.texts),
            idempotency_key="k",
        )
    assert failure.value.kind is FailureKind.CHANNEL_GONE
    assert len(simcord_env.http_requests) == before


async def test_post_now_into_a_forbidden_channel_tells_the_admin(server: Server, simcord_env) -> None:
    """post-now when Discord answers 403: a private, specific 'couldn't post' reply, no crash."""
    await server.admin.slash(server.general, "safety-admin setup", channel=server.tips)
    simcord_env.inject_error("POST", f"/channels/{server.tips.id}/messages", status=403, code=50013)
    embed = embed_of(await server.admin.slash(server.general, "safety-admin post-now"))
    assert embed.title == "That didn't work"
    assert "because I don't have permission to post there" in embed.description
    assert simcord_env.errors == []


async def test_the_owner_is_told_by_direct_message(server: Server, simcord_env) -> None:
    """The admin notifier DMs the server owner about a delivery problem."""
    await simcord_env.bot.notifier.notify_admins(
        str(server.guild.id), Notice(NoticeKind.TEXT, {"text": "I can no longer post in #safety-tips."})
    )
    dm = server.guild.owner.dm_channel.last_message
    assert dm is not None and "no longer post" in (dm.embeds[0].description or "")


async def test_the_notifier_never_raises(server: Server, simcord_env) -> None:
    """With DMs failing (403) or a DM-only community, notifying does nothing and raises nothing."""
    simcord_env.inject_error("*", "/channels/*/messages", status=403, code=50007, times=None)
    await simcord_env.bot.notifier.notify_admins(str(server.guild.id), Notice(NoticeKind.TEXT, {"text": "problem"}))
    await simcord_env.bot.notifier.notify_admins("dm:123", Notice(NoticeKind.TEXT, {"text": "problem"}))
    await simcord_env.bot.notifier.notify_admins(
        "999999999999999999", Notice(NoticeKind.TEXT, {"text": "unknown guild"})
    )
