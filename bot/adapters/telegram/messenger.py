"""Scheduled posts to Telegram groups, and notices to a group's admins.

Failures are translated into the core's kinds: the bot removed from the group or blocked means
the channel is gone; "not enough rights" is a missing permission; ``RetryAfter`` (429) is a rate
limit with its wait; network and server errors are transient. A group that became a supergroup
answers ``ChatMigrated``: the post goes to the new chat, and the community keeps its schedule
under the new id.
"""

from __future__ import annotations

import datetime as dt
import logging
import warnings
from collections.abc import Awaitable, Callable

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from bot.adapters.rendered import RenderCache
from bot.adapters.telegram.render import Message, render
from bot.core.messaging import UNKNOWN, DeliveryFailure, Destination, FailureKind, Missing, PostCheck
from bot.core.models import Reply
from bot.core.notices import render_notice
from bot.core.ports import Notice
from bot.core.replies import admin_notice
from bot.core.text import Texts

log = logging.getLogger(__name__)

# Told (old chat id, new chat id) when a group turned out to have become a supergroup.
OnMigrated = Callable[[str, str], Awaitable[None]]

_NO_RIGHTS = ("not enough rights", "have no rights", "need administrator rights", "CHAT_WRITE_FORBIDDEN")
_GONE = ("chat not found", "group chat was deactivated", "bot was kicked", "PEER_ID_INVALID")


def keyboard(message: Message) -> InlineKeyboardMarkup | None:
    """URL buttons under a message, one per row (long labels stay readable on a phone)."""
    if not message.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, url=url)] for label, url in message.buttons])


def channel_of(chat_id: int | str, thread_id: int | None = None) -> str:
    """The core's channel id for a chat, or for one topic of a forum supergroup (``<chat>:<topic>``)."""
    return f"{chat_id}:{thread_id}" if thread_id else str(chat_id)


def split_channel(channel_id: str) -> tuple[str, int | None]:
    """The chat id and the forum topic (``message_thread_id``, None for the whole chat) of a channel id."""
    chat, _, thread = channel_id.partition(":")
    return chat, int(thread) if thread.isdigit() else None


# One reply's messages as sent: the HTML text and the keyboard under it.
Outgoing = tuple[tuple[str, InlineKeyboardMarkup | None], ...]


def outgoing(reply: Reply) -> Outgoing:
    """The messages of ``reply`` (see ``render``), each with its keyboard."""
    return tuple((message.text, keyboard(message)) for message in render(reply))


def render_cache() -> RenderCache[Outgoing]:
    """A cache of each reply's messages and keyboards (see ``bot.adapters.rendered``)."""
    return RenderCache(outgoing)


async def send_reply(
    bot: Bot,
    chat_id: int | str,
    reply: Reply,
    *,
    thread_id: int | None = None,
    cache: RenderCache[Outgoing] | None = None,
) -> str | None:
    """Send every message of ``reply`` to ``chat_id`` (in forum topic ``thread_id``); return the id of the first."""
    first: str | None = None
    for text, markup in cache.get(reply) if cache is not None else outgoing(reply):
        sent = await bot.send_message(
            chat_id=chat_id,
            message_thread_id=thread_id,
            text=text,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        )
        first = first or str(sent.message_id)
    return first


def failure_of(exc: TelegramError) -> DeliveryFailure:
    """Translate a Bot API error into the delivery failure it means."""
    text = str(exc)
    if isinstance(exc, RetryAfter):
        with warnings.catch_warnings():
            # PTB 22 announces retry_after becoming a timedelta; either type is read here.
            warnings.simplefilter("ignore", PTBDeprecationWarning)
            retry = exc.retry_after
        seconds = retry.total_seconds() if isinstance(retry, dt.timedelta) else float(retry)
        return DeliveryFailure(FailureKind.RATE_LIMITED, "rate limited", retry_after=seconds)
    if isinstance(exc, InvalidToken):
        return DeliveryFailure(FailureKind.AUTH_REVOKED, "the bot token was rejected")
    if isinstance(exc, Forbidden):
        # "bot was kicked from the group chat", "bot was blocked by the user", "bot is not a member"
        return DeliveryFailure(FailureKind.CHANNEL_GONE, text[:120])
    if isinstance(exc, BadRequest):
        lowered = text.casefold()
        if any(p.casefold() in lowered for p in _NO_RIGHTS):
            return DeliveryFailure(FailureKind.NO_PERMISSION, text[:120])
        if any(p.casefold() in lowered for p in _GONE):
            return DeliveryFailure(FailureKind.CHANNEL_GONE, text[:120])
        return DeliveryFailure(FailureKind.REJECTED, text[:120])
    if isinstance(exc, TimedOut):
        # The request may have reached Telegram: on a platform without an idempotency key the
        # sender must not post it again (see the delivery policy for unconfirmed sends).
        return DeliveryFailure(FailureKind.TRANSIENT, text[:120] or "timed out", unconfirmed=True)
    if isinstance(exc, NetworkError):  # connection errors and 5xx answers
        return DeliveryFailure(FailureKind.TRANSIENT, text[:120])
    return DeliveryFailure(FailureKind.REJECTED, text[:120])


class TelegramMessenger:
    """Posts scheduled tips to a group (community and channel are both the chat id)."""

    def __init__(self, bot: Bot, on_migrated: OnMigrated) -> None:
        self.bot = bot
        self.on_migrated = on_migrated
        # A fan-out posts the same tip to many groups: rendered once.
        self.rendered = render_cache()

    async def send(self, destination: Destination, reply: Reply, *, idempotency_key: str) -> str | None:
        """Post ``reply``; return the message id. Raises ``DeliveryFailure``.

        The Bot API has no idempotency key: the delivery claim and the in-flight bound are what
        keep a slot from showing twice.
        """
        chat, thread = split_channel(destination.channel_id)
        try:
            return await send_reply(self.bot, chat, reply, thread_id=thread, cache=self.rendered)
        except ChatMigrated as moved:
            new_id = str(moved.new_chat_id)
            log.info("Telegram chat %s is now the supergroup %s", chat, new_id)
            await self.on_migrated(destination.community_id, new_id)
            try:
                return await send_reply(self.bot, new_id, reply, thread_id=thread, cache=self.rendered)
            except TelegramError as exc:
                raise failure_of(exc) from exc
        except TelegramError as exc:
            failure = failure_of(exc)
            log.info("Telegram post %s failed: %s", idempotency_key, failure)
            raise failure from exc

    async def can_post(self, destination: Destination) -> PostCheck:
        """The bot's own membership (``getChatMember``): gone, restricted, or free to send."""
        chat, _ = split_channel(destination.channel_id)
        try:
            member = await self.bot.get_chat_member(chat, self.bot.id)
            if member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
                return PostCheck((Missing.CHANNEL_GONE,))
            if member.status == ChatMemberStatus.RESTRICTED:
                allowed = bool(getattr(member, "can_send_messages", False))
                return PostCheck() if allowed else PostCheck((Missing.CANNOT_SEND,))
            if member.status == ChatMemberStatus.MEMBER:
                # A plain member sends what the group lets every member send.
                permissions = (await self.bot.get_chat(chat)).permissions
                if permissions is not None and permissions.can_send_messages is False:
                    return PostCheck((Missing.CANNOT_SEND,))
        except Forbidden:
            return PostCheck((Missing.CHANNEL_GONE,))
        except TelegramError as exc:
            log.info("could not check Lookout's rights in Telegram chat %s: %s", chat, exc)
            return UNKNOWN
        return PostCheck()


class TelegramAdminNotifier:
    """Tells a group's admins about a delivery problem by private message, where the bot may write.

    A bot can only write to people who have started a chat with it; the core also keeps the
    notice and shows it with the next admin command, so nobody misses it.
    """

    def __init__(self, bot: Bot, texts: Texts) -> None:
        self.bot = bot
        self.texts = texts

    async def notify_admins(self, community_id: str, notice: Notice) -> None:
        """Message every human admin of the group; never raises."""
        try:
            chat = await self.bot.get_chat(community_id)
            admins = await self.bot.get_chat_administrators(community_id)
        except TelegramError as exc:
            log.info("could not list the admins of Telegram chat %s: %s", community_id, exc)
            return
        reply = admin_notice(self.texts, render_notice(self.texts, notice), where=chat.title or None)
        for member in admins:
            if member.user.is_bot:
                continue
            try:
                await send_reply(self.bot, member.user.id, reply)
            except TelegramError as exc:  # they never started a chat with the bot: the notice waits
                log.info("could not tell admin %s of chat %s: %s", member.user.id, community_id, exc)
