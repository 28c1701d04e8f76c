"""The one contract scheduled delivery needs from each platform adapter."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from bot.core.models import Reply
from bot.core.ports import Notice


class FailureKind(StrEnum):
    """Why a post did not go out. Transient ones are retried; the others need an admin."""

    CHANNEL_GONE = "channel_gone"
    NO_PERMISSION = "no_permission"
    NOT_IN_CHANNEL = "not_in_channel"
    AUTH_REVOKED = "auth_revoked"
    RATE_LIMITED = "rate_limited"
    TRANSIENT = "transient"
    # The platform refused this post outright (a 4xx it gives no other reason for): trying the
    # same post again would fail the same way, so admins hear about it instead.
    REJECTED = "rejected"

    @property
    def retryable(self) -> bool:
        """Whether trying again later may succeed without anyone changing anything."""
        return self in (FailureKind.RATE_LIMITED, FailureKind.TRANSIENT)


class DeliveryFailure(Exception):
    """A Messenger could not post; ``kind`` says why, ``retry_after`` when the platform said."""

    def __init__(self, kind: FailureKind, detail: str = "", retry_after: float | None = None) -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind = kind
        self.detail = detail
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a scheduled post goes: a channel in a community on a platform."""

    platform: str
    community_id: str
    channel_id: str


class Messenger(Protocol):
    """Posts a reply to a channel. Implemented once per adapter; raises ``DeliveryFailure``."""

    async def send(self, destination: Destination, reply: Reply, *, idempotency_key: str) -> str | None:
        """Post ``reply``; return the platform's message id if it gives one.

        ``idempotency_key`` is stable for one slot across retries and restarts, so a platform
        that supports it (Discord's nonce) never shows the same post twice.
        """
        ...


class Poster(Protocol):
    """What the core calls for ``/safety-admin post-now``: post the next tip to a subscription now."""

    async def post_now(self, subscription_id: int) -> str:
        """Post immediately; return the tip's title. Raises ``DeliveryFailure`` on failure."""
        ...


class AdminNotifier(Protocol):
    """Tells a community's admins about a delivery problem where they will see it.

    Discord: a direct message to the server owner; Slack: the App Home. Optional: the core
    also keeps the notice and shows it with the next admin command reply.
    """

    async def notify_admins(self, community_id: str, notice: Notice) -> None:
        """Deliver ``notice`` (worded with ``bot.core.notices.render_notice``) to the admins; must not raise."""
        ...
