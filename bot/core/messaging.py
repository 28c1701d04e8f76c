"""The one contract scheduled delivery needs from each platform adapter."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

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
    """A Messenger could not post; ``kind`` says why, ``retry_after`` when the platform said.

    ``unconfirmed`` marks a failure whose fate is unknown: the request may have reached the
    platform (it went out and no answer came back), so the post may be showing already.
    ``missing`` names the permissions the adapter saw missing, when it could tell.
    """

    def __init__(
        self,
        kind: FailureKind,
        detail: str = "",
        retry_after: float | None = None,
        *,
        unconfirmed: bool = False,
        missing: tuple[Missing, ...] = (),
    ) -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind = kind
        self.detail = detail
        self.retry_after = retry_after
        self.unconfirmed = unconfirmed
        self.missing = missing


class BucketScope(StrEnum):
    """What one rate-limit bucket covers on a platform."""

    # One bucket for everything this process sends with the bot's credential (Discord's
    # global per-bot limit).
    CREDENTIAL = "credential"
    # One bucket per channel (Slack's chat.postMessage: about one a second per channel).
    CHANNEL = "channel"
    # Not paced (the local console).
    NONE = "none"


class Idempotency(StrEnum):
    """Whether a platform shows a repeated post with the same idempotency key only once."""

    # Discord's message nonce with ``enforce_nonce``: a resend of a post that did arrive is
    # dropped by Discord, so a retry or a resumed claim never shows twice.
    HONOURED = "honoured"
    # Slack has no such key: a resend of a post that did arrive shows a second copy.
    NONE = "none"
    # Nothing leaves the process (the console), so there is nothing to de-duplicate.
    NOT_APPLICABLE = "n/a"


@dataclass(frozen=True, slots=True)
class PacingPolicy:
    """How sends to one platform must be paced, and how far a crash can repeat them.

    Each adapter declares one (built from the settings by the composition root); the delivery
    pacer and service read it instead of naming platforms.
    """

    # Sends a second per bucket (ignored when ``scope`` is NONE).
    per_second: float = 0.0
    scope: BucketScope = BucketScope.NONE
    # Tokens a full bucket holds. 1 means no burst: a full bucket of one second's worth would
    # let up to twice the rate through in a sliding one-second window.
    burst: float = 1.0
    # Sends to this platform under way at once in this process. On a platform that does not
    # honour the idempotency key this is also the most posts a crash can repeat.
    max_in_flight: int = 200
    idempotency: Idempotency = Idempotency.NOT_APPLICABLE

    def __post_init__(self) -> None:
        if self.scope is not BucketScope.NONE and self.per_second <= 0:
            raise ValueError("a paced platform needs a positive rate")
        if self.burst <= 0 or self.max_in_flight < 1:
            raise ValueError("burst must be positive and max_in_flight at least 1")

    @property
    def paced(self) -> bool:
        """Whether sends wait for a token at all."""
        return self.scope is not BucketScope.NONE

    @property
    def resends_show_twice(self) -> bool:
        """Whether sending the same slot again may show a second post (no key the platform honours)."""
        return self.idempotency is Idempotency.NONE

    def sends_within(self, seconds: float) -> int:
        """How many sends one credential-wide bucket lets through in ``seconds`` (at least 1).

        Unbounded (a large number) for channel buckets and unpaced platforms: their rate does
        not limit a fan-out across many channels, ``max_in_flight`` does.
        """
        if self.scope is not BucketScope.CREDENTIAL:
            return 1_000_000
        return max(1, int(self.burst + self.per_second * seconds))


UNPACED = PacingPolicy()


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


class Missing(StrEnum):
    """Something the platform says stands between Lookout and posting in a channel."""

    # Discord permissions of the bot in that channel.
    VIEW_CHANNEL = "view_channel"
    SEND_MESSAGES = "send_messages"
    EMBED_LINKS = "embed_links"
    # Slack: the bot is not a member of the channel (someone has to /invite it).
    NOT_A_MEMBER = "not_a_member"
    # Telegram: the group does not let the bot send messages.
    CANNOT_SEND = "cannot_send"
    # No channel by that id that the bot can see (deleted, private, or a typo).
    CHANNEL_GONE = "channel_gone"


@dataclass(frozen=True, slots=True)
class PostCheck:
    """What an adapter found when asked whether it can post in a channel.

    ``known`` is False when the platform could not say (not connected yet, an API error): the
    core then says nothing either way rather than guess.
    """

    missing: tuple[Missing, ...] = ()
    known: bool = True

    @property
    def ok(self) -> bool:
        """Known, and nothing is missing."""
        return self.known and not self.missing


UNKNOWN = PostCheck(known=False)


@runtime_checkable
class Reach(Protocol):
    """Whether Lookout can post in a channel, without posting. Adapters' Messengers implement it."""

    async def can_post(self, destination: Destination) -> PostCheck:
        """Check the bot's rights in ``destination``; never raises (``UNKNOWN`` when it cannot tell)."""
        ...


class Poster(Protocol):
    """What the core calls to post on an admin's request, and to check it can."""

    async def post_now(self, subscription_id: int) -> str:
        """Post immediately; return the tip's title. Raises ``DeliveryFailure`` on failure."""
        ...

    async def can_post(self, destination: Destination) -> PostCheck:
        """What stands between Lookout and posting in ``destination`` (see ``Reach``); never raises."""
        ...

    async def post_test(self, destination: Destination, reply: Reply) -> None:
        """Post ``reply`` (a setup's test post) to ``destination``. Raises ``DeliveryFailure``."""
        ...


class AdminNotifier(Protocol):
    """Tells a community's admins about a delivery problem where they will see it.

    Discord: a direct message to the server owner; Slack: the App Home. Optional: the core
    also keeps the notice and shows it with the next admin command reply.
    """

    async def notify_admins(self, community_id: str, notice: Notice) -> None:
        """Deliver ``notice`` (worded with ``bot.core.notices.render_notice``) to the admins; must not raise."""
        ...
