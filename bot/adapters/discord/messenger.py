"""Scheduled posts over REST, and direct messages to a guild owner about delivery problems."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping

import aiohttp
import discord
from discord.utils import MISSING

from bot.adapters.discord.render import render
from bot.core.commands.spec import find
from bot.core.messaging import UNKNOWN, DeliveryFailure, Destination, FailureKind, Missing, PostCheck
from bot.core.models import Reply
from bot.core.notices import render_notice
from bot.core.ports import Notice
from bot.core.replies import admin_notice
from bot.core.text import Texts

log = logging.getLogger(__name__)

NONCE_MAX = 25  # Discord rejects longer nonces


def nonce_for(idempotency_key: str) -> str:
    """Derive a Discord nonce that is the same for every retry of one slot."""
    if len(idempotency_key) <= NONCE_MAX:
        return idempotency_key
    return hashlib.blake2b(idempotency_key.encode(), digest_size=12).hexdigest()


def failure_of(exc: Exception, missing: tuple[Missing, ...] = ()) -> DeliveryFailure:
    """Translate a Discord or network error into the delivery failure it means.

    ``missing``: the permissions seen missing in the channel, recorded with a 403.
    """
    if isinstance(exc, discord.Forbidden):
        return DeliveryFailure(FailureKind.NO_PERMISSION, exc.text or "missing access", missing=missing)
    if isinstance(exc, discord.NotFound):
        return DeliveryFailure(FailureKind.CHANNEL_GONE, exc.text or "unknown channel")
    if isinstance(exc, discord.RateLimited):
        return DeliveryFailure(FailureKind.RATE_LIMITED, "rate limited", retry_after=exc.retry_after)
    if isinstance(exc, discord.HTTPException):
        if exc.status == 429:
            retry_after = _retry_after(exc)
            return DeliveryFailure(FailureKind.RATE_LIMITED, "rate limited", retry_after=retry_after)
        if exc.status == 401:
            return DeliveryFailure(FailureKind.AUTH_REVOKED, "the bot token was rejected")
        if 400 <= exc.status < 500:
            # Discord refused this post itself: the same request would fail again.
            return DeliveryFailure(FailureKind.REJECTED, f"HTTP {exc.status}: {exc.text[:120]}")
        # 5xx: try again later rather than give up on the slot.
        return DeliveryFailure(FailureKind.TRANSIENT, f"HTTP {exc.status}: {exc.text[:120]}")
    return DeliveryFailure(FailureKind.TRANSIENT, f"{type(exc).__name__}: {str(exc)[:120]}")


def _retry_after(exc: discord.HTTPException) -> float | None:
    header = exc.response.headers.get("Retry-After") if exc.response is not None else None
    try:
        return float(header) if header is not None else None
    except ValueError:
        return None


# "/safety tip" or "/safety-admin resume" in a post's text: made a clickable command mention.
_COMMAND = re.compile(r"(?<![<\w/])/(safety(?:-admin)?) ([a-z][a-z-]*[a-z])\b")


def mention_commands(text: str, command_ids: Mapping[str, int]) -> str:
    """Every ``/group sub`` of a known command as Discord's ``</group sub:ID>`` mention, when synced."""

    def mention(match: re.Match[str]) -> str:
        group, name = match.group(1), match.group(2)
        command_id = command_ids.get(group)
        if command_id is None or find(group, name) is None:
            return match.group(0)
        return f"</{group} {name}:{command_id}>"

    return _COMMAND.sub(mention, text)


class DiscordMessenger:
    """Posts a reply to a channel by id over REST, from any process and any shard."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client
        # Top-level command name -> id, filled when the command tree is synced (setup_hook).
        self.command_ids: dict[str, int] = {}

    async def send(self, destination: Destination, reply: Reply, *, idempotency_key: str) -> str | None:
        """Post the reply as an embed with link buttons; return the message id.

        The nonce makes Discord return the earlier message instead of posting again when the
        same slot is retried (discord.py sets ``enforce_nonce`` whenever a nonce is given).
        Raises ``DeliveryFailure``.
        """
        if self.client.http.token is None:
            # Not logged in yet (delivery's first tick can come before the login finishes).
            raise DeliveryFailure(FailureKind.TRANSIENT, "Discord is not connected yet", retry_after=5.0)
        if not destination.channel_id.isdigit():
            raise DeliveryFailure(FailureKind.CHANNEL_GONE, f"not a Discord channel id: {destination.channel_id!r}")
        guild_id = int(destination.community_id) if destination.community_id.isdigit() else None
        channel = self.client.get_partial_messageable(int(destination.channel_id), guild_id=guild_id)
        rendered = render(reply)
        if rendered.embed.description and self.command_ids:
            rendered.embed.description = mention_commands(rendered.embed.description, self.command_ids)
        try:
            message = await channel.send(
                embed=rendered.embed,
                view=rendered.view() or MISSING,
                nonce=nonce_for(idempotency_key),
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except discord.Forbidden as exc:
            raise failure_of(exc, await self._refused_for(destination)) from exc
        except (discord.HTTPException, aiohttp.ClientError, OSError) as exc:  # OSError covers timeouts
            raise failure_of(exc) from exc
        return str(message.id)

    async def _refused_for(self, destination: Destination) -> tuple[Missing, ...]:
        """The permission a refused post lacked, from the cache (none known if not cached).

        Only the first of View Channel, Send Messages, Embed Links: Discord takes the later ones
        away with an earlier one, so that first one is what the admin has to grant.
        """
        check = await self.can_post(destination)
        return next(((kind,) for _, kind in NEEDED if kind in check.missing), ())

    async def can_post(self, destination: Destination) -> PostCheck:
        """The bot's permissions in the channel, from the guild cache (``UNKNOWN`` if this shard lacks it)."""
        if not (destination.community_id.isdigit() and destination.channel_id.isdigit()):
            return UNKNOWN
        guild = self.client.get_guild(int(destination.community_id))
        if guild is None or guild.me is None:  # another shard's guild, or not connected yet
            return UNKNOWN
        channel = guild.get_channel_or_thread(int(destination.channel_id))
        if channel is None:
            return PostCheck((Missing.CHANNEL_GONE,))
        return missing_in(channel)


# What each permission the bot needs in a channel means to the core.
NEEDED: tuple[tuple[str, Missing], ...] = (
    ("view_channel", Missing.VIEW_CHANNEL),
    ("send_messages", Missing.SEND_MESSAGES),
    ("embed_links", Missing.EMBED_LINKS),
)


def missing_in(channel: discord.abc.GuildChannel | discord.Thread) -> PostCheck:
    """The bot's own permissions in ``channel`` (roles and overwrites applied), as what is missing."""
    permissions = channel.permissions_for(channel.guild.me)
    return PostCheck(tuple(kind for name, kind in NEEDED if not getattr(permissions, name)))


class DiscordAdminNotifier:
    """Tells a guild's owner about a delivery problem by direct message; never raises."""

    def __init__(self, client: discord.Client, texts: Texts) -> None:
        self.client = client
        self.texts = texts

    async def notify_admins(self, community_id: str, notice: Notice) -> None:
        """DM the owner of guild ``community_id``; a DM or group-DM community has no owner to tell."""
        if not community_id.isdigit():
            return
        try:
            guild_id = int(community_id)
            guild = self.client.get_guild(guild_id) or await self.client.fetch_guild(guild_id)
            if guild.owner_id is None:
                return
            owner = self.client.get_user(guild.owner_id) or await self.client.fetch_user(guild.owner_id)
            locale = guild.preferred_locale.value
            text = render_notice(self.texts, notice, locale)
            reply = admin_notice(self.texts, text, where=guild.name, locale=locale)
            await owner.send(embed=render(reply).embed, allowed_mentions=discord.AllowedMentions.none())
        except Exception as exc:  # the owner may have DMs closed; the core keeps the notice anyway
            log.info("could not tell the owner of guild %s: %s", community_id, exc)
