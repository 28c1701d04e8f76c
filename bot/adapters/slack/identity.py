"""Who is asking: the community a Slack payload belongs to, and whether the person is an admin."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)


def community_id(context: Any) -> str:
    """Return the community a request belongs to: the workspace, or the organisation for org-wide installs.

    ``context`` is bolt's request context (it has ``team_id``, ``enterprise_id`` and
    ``is_enterprise_install``), already resolved from any payload shape.
    """
    if context.get("is_enterprise_install") and context.get("enterprise_id"):
        return str(context["enterprise_id"])
    return str(context.get("team_id") or context.get("enterprise_id") or "")


@dataclass(frozen=True, slots=True)
class Member:
    """What Lookout needs to know about a person: admin or not, and their Slack locale."""

    is_admin: bool
    locale: str | None = None
    # Slack's error when users.info failed (e.g. "missing_scope"): the role is then unknown,
    # and an admin command says so instead of "for admins only". Never cached.
    unchecked: str | None = None


class Members:
    """Looks people up with ``users.info`` and remembers the answer for a few minutes.

    Workspace admins and owners count as Lookout admins, as does anyone listed in
    ``SLACK_ADMIN_USER_IDS``. The cache keeps a busy channel from spending Slack's rate limit
    on the same person, and is small and per-instance (no module state).
    """

    def __init__(
        self,
        admin_user_ids: Iterable[str] = (),
        *,
        ttl_seconds: float = 300.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.admin_user_ids = frozenset(admin_user_ids)
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self.clock = clock
        self._cache: dict[tuple[str, str], tuple[float, Member]] = {}
        # Per community, the admins seen (user id -> None, oldest first), for failure notices.
        self._admins: dict[str, dict[str, None]] = {}
        self.admins_per_community = 5

    async def lookup(self, client: AsyncWebClient, community: str, user_id: str) -> Member:
        """Look the person up (cached); a Slack error means "not an admin", never an exception."""
        key = (community, user_id)
        now = self.clock()
        cached = self._cache.get(key)
        if cached is not None and now - cached[0] < self.ttl_seconds:
            return cached[1]
        listed = user_id in self.admin_user_ids
        try:
            response = await client.users_info(user=user_id, include_locale=True)
        except SlackApiError as exc:
            # Without users:read (or during an outage) only the configured list can grant admin.
            error = str(exc.response.get("error") or f"HTTP {exc.response.status_code}")
            log.warning("users.info failed for a user in %s: %s", community, error)
            return Member(is_admin=listed, unchecked=None if listed else error)
        except Exception as exc:  # a dropped connection or a timeout: answer anyway, as a member
            log.warning("users.info failed for a user in %s: %s", community, type(exc).__name__)
            return Member(is_admin=listed, unchecked=None if listed else type(exc).__name__)
        user = response.get("user") or {}
        is_admin = listed or any(bool(user.get(flag)) for flag in ("is_admin", "is_owner", "is_primary_owner"))
        member = Member(is_admin=is_admin, locale=user.get("locale"))
        if len(self._cache) >= self.max_entries:
            self._cache.clear()
        self._cache[key] = (now, member)
        if is_admin:
            self._remember_admin(community, user_id)
        return member

    def _remember_admin(self, community: str, user_id: str) -> None:
        admins = self._admins.setdefault(community, {})
        admins.pop(user_id, None)
        admins[user_id] = None  # most recent last
        while len(admins) > self.admins_per_community:
            del admins[next(iter(admins))]
        if len(self._admins) > self.max_entries:
            del self._admins[next(iter(self._admins))]

    def seen_admins(self, community: str) -> list[str]:
        """Workspace admins ``users.info`` confirmed here, most recent first (who to tell about failures).

        Single-workspace installs record no installer: without ``SLACK_ADMIN_USER_IDS`` these are
        the only admins Lookout knows. Kept in memory only, like the rest of the cache.
        """
        return list(reversed(self._admins.get(community, {})))

    def forget(self, community: str) -> None:
        """Drop everything remembered about a community (it uninstalled Lookout)."""
        for key in [k for k in self._cache if k[0] == community]:
            del self._cache[key]
        self._admins.pop(community, None)
