"""Who may change settings in a Telegram chat: the group's creator and administrators.

``getChatMember`` answers it; the answer is cached briefly (a minute) so a burst of commands in
one group costs one request, while a demoted admin loses access within a minute. In a private
chat the person is the admin of their own chat.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from telegram import Bot
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError

ADMIN_STATUSES = frozenset({ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR})


class AdminCache:
    """Cached ``getChatMember`` look-ups, bounded in size and age."""

    def __init__(
        self,
        bot: Bot,
        *,
        ttl_seconds: float = 60.0,
        max_entries: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot = bot
        self.ttl = ttl_seconds
        self.max_entries = max_entries
        self._monotonic = monotonic
        self._seen: OrderedDict[tuple[int, int], tuple[float, bool]] = OrderedDict()

    async def is_admin(self, chat_id: int, user_id: int, *, private: bool) -> bool:
        """Whether ``user_id`` manages ``chat_id``; False when Telegram cannot say (never raises)."""
        if private:
            return True
        key = (chat_id, user_id)
        now = self._monotonic()
        cached = self._seen.get(key)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        try:
            member = await self.bot.get_chat_member(chat_id, user_id)
        except TelegramError:
            return False  # the kind refusal follows; nothing is changed
        admin = member.status in ADMIN_STATUSES
        self._seen[key] = (now, admin)
        self._seen.move_to_end(key)
        while len(self._seen) > self.max_entries:
            self._seen.popitem(last=False)
        return admin
