"""Telegram updates to core requests: ``/safety``, ``/safety_admin``, ``/start``, ``/help``, membership.

Only commands addressed to the bot arrive (privacy mode stays on: no message content). The text
after the command goes to the core's grammar unchanged, so ``/safety report GB`` means exactly
what it means on Slack and in the console. Telegram has no ephemeral messages: a private answer
asked for in a group goes to the person's private chat with the bot, and the group only hears
that it was sent (or gets a button that opens that private chat when the bot may not write yet).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Bot, Chat, Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import Forbidden, TelegramError

from bot.adapters.telegram.admins import AdminCache
from bot.adapters.telegram.messenger import channel_of, render_cache, send_reply
from bot.core.commands.spec import ADMIN, SAFETY
from bot.core.engine import Core
from bot.core.models import Link, Platform, Reply
from bot.core.replies import sorry
from bot.core.text import Texts

log = logging.getLogger(__name__)

PLATFORM: Platform = "telegram"
# Telegram command names allow no hyphen: /safety_admin is /safety-admin.
GROUPS = {"safety": SAFETY, "safety_admin": ADMIN}
GONE = frozenset({ChatMemberStatus.LEFT, ChatMemberStatus.BANNED})
# Deep-link payloads that open a private answer (t.me/<bot>?start=report).
PRIVATE_STARTS = ("report", "signs", "moderators", "help")

Forget = Callable[[str], Awaitable[bool]]
Move = Callable[[str, str], Awaitable[None]]


def command_of(message: Message) -> tuple[str, str] | None:
    """(command name without @bot, the text after it) of a message that starts with a command."""
    text = message.text or ""
    entity = next((e for e in message.entities if e.type == "bot_command" and e.offset == 0), None)
    if entity is None:
        return None
    name = text[1 : entity.length].split("@", 1)[0].casefold()
    return name, text[entity.length :].strip()


def is_private(chat: Chat) -> bool:
    """Whether the chat is a private chat with one person."""
    return chat.type == ChatType.PRIVATE


class Updates:
    """Answers every update Lookout registers for; holds no business logic."""

    def __init__(self, core: Core, texts: Texts, admins: AdminCache, forget: Forget, move: Move) -> None:
        self.core = core
        self.texts = texts
        self.admins = admins
        self.forget = forget
        self.move = move
        # The answers' messages, rendered once per distinct reply.
        self.rendered = render_cache()

    async def on_update(self, update: Update, bot: Bot) -> None:
        """Route one update: a command, a change of the bot's membership, or a group migration."""
        try:
            if update.my_chat_member is not None:
                await self._membership(update)
            elif update.effective_message is not None and update.effective_message.migrate_to_chat_id:
                chat = update.effective_message.chat
                await self.move(str(chat.id), str(update.effective_message.migrate_to_chat_id))
            elif update.effective_message is not None and update.effective_message.text:
                await self._command(update, bot)
        except Exception:  # one bad update must never stop the others
            log.exception("could not handle Telegram update %s", update.update_id)

    async def _membership(self, update: Update) -> None:
        change = update.my_chat_member
        assert change is not None  # nosec B101 - checked by the caller; narrows the type
        if change.new_chat_member.status in GONE:
            deleted = await self.forget(str(change.chat.id))
            log.info("removed from Telegram chat %s; stored data deleted: %s", change.chat.id, deleted)

    async def _command(self, update: Update, bot: Bot) -> None:
        message, chat, user = update.effective_message, update.effective_chat, update.effective_user
        if message is None or chat is None or user is None or user.is_bot:
            return
        found = command_of(message)
        if found is None:
            return
        name, rest = found
        if name == "start":
            rest, group = (rest, SAFETY) if rest in PRIVATE_STARTS else ("help", SAFETY)
        elif name == "help":
            rest, group = "help", SAFETY
        elif name in GROUPS:
            group = GROUPS[name]
        else:
            return
        private_chat = is_private(chat)
        # In a forum supergroup each topic is its own channel: setup there schedules that topic,
        # and every answer goes back into it.
        thread = message.message_thread_id if message.is_topic_message else None
        try:
            admin = await self.admins.is_admin(chat.id, user.id, private=private_chat)
            reply = await self.core.handle_text(
                rest,
                platform=PLATFORM,
                community_id=str(chat.id),
                channel_id=channel_of(chat.id, thread),
                user_id=str(user.id),
                user_is_admin=admin,
                group=group,
                locale=user.language_code,
            )
        except Exception:
            log.exception("could not answer /%s in Telegram chat %s", name, chat.id)
            reply = sorry(self.texts, user.language_code)
        if reply.private and not private_chat:
            await self._answer_privately(bot, chat.id, user.id, reply, rest, user.language_code, thread)
        else:
            await send_reply(bot, chat.id, reply, thread_id=thread, cache=self.rendered)

    async def _answer_privately(
        self,
        bot: Bot,
        group_id: int,
        user_id: int,
        reply: Reply,
        rest: str,
        locale: str | None,
        thread: int | None = None,
    ) -> None:
        """Send a private answer to the person; in the group say only where it went."""
        try:
            await send_reply(bot, user_id, reply, cache=self.rendered)
        except Forbidden:
            # The person has not started a chat with the bot yet: offer the button that does.
            word = rest.split(maxsplit=1)[0].casefold() if rest else "help"
            start = word if word in PRIVATE_STARTS else "help"
            username = bot.username
            pointer = Reply(
                self.texts.get("telegram.private-title", locale),
                self.texts.get("telegram.open-private", locale),
                links=(
                    Link(
                        self.texts.get("telegram.open-private-button", locale), f"https://t.me/{username}?start={start}"
                    ),
                ),
            )
            await send_reply(bot, group_id, pointer, thread_id=thread)
            return
        except TelegramError:
            log.exception("could not send a private answer in Telegram")
            await send_reply(bot, group_id, sorry(self.texts, locale), thread_id=thread)
            return
        note = Reply(
            self.texts.get("telegram.private-title", locale), self.texts.get("telegram.sent-privately", locale)
        )
        await send_reply(bot, group_id, note, thread_id=thread)
