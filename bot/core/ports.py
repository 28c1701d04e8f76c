"""The storage the core needs, declared by the core: small protocols over plain records.

``bot/store`` implements them on SQLAlchemy (and, for one command on an up-to-date SQLite
file, on ``sqlite3``: ``bot.store.oneshot``); the core and the adapters see only these
dataclasses and enums, never a table or a session. Every method is one short transaction and
returns detached values, so nobody holds a database session across an await on a platform.
Updates are named for what they mean (``pause``, ``resume``, ``set_audience``), never a bag of
column names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

# A channel of a community, as the rotation keys its history: (community id, channel id).
Place = tuple[int, str]
NoticeValue = str | int | bool

# The most schedules (channels with scheduled tips) one community may have.
MAX_SCHEDULES = 10


class PauseReason(StrEnum):
    """Why a subscription is paused: an admin asked, posts kept failing, or its schedule broke."""

    ADMIN = "admin"
    FAILURES = "failures"
    SCHEDULE = "schedule"


class SubscriptionState(StrEnum):
    """How a subscription is doing, as the metrics count it."""

    ACTIVE = "active"
    FAILING = "failing"
    PAUSED = "paused"


class DeliveryStatus(StrEnum):
    """The state of one claimed slot."""

    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    MISSED = "missed"
    SKIPPED = "skipped"


class DeliveryReason(StrEnum):
    """Why a slot ended without a post, as stored on its delivery row for operators.

    A code, never a sentence: nothing shows it to a community, and whatever does one day words
    it through the text seam by this value.
    """

    CATCH_UP_PASSED = "catch-up-passed"
    KEPT_FAILING = "kept-failing-past-catch-up"
    NO_TIP = "no-tip-for-audience"


class NoticeKind(StrEnum):
    """What a notice for a community's admins is about; its wording is ``notices.<kind>``."""

    POST_FAILED = "post-failed"
    SCHEDULE_INVALID = "schedule-invalid"
    # A notice stored as English text before notices had kinds (shown as it was written).
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the admins should hear about, stored as a kind and its parameters.

    The sentence is built when the notice is shown, in the reader's language (``render_notice``).
    """

    kind: NoticeKind
    params: Mapping[str, NoticeValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CommunityRecord:
    """A Discord guild, a Slack workspace or the console, as Lookout stores it."""

    id: int
    platform: str
    external_id: str
    region: str | None = None
    # The language an admin chose (a locale tag such as "de"); None means auto.
    language: str | None = None
    # The platform's own locale for the whole community (Discord's server "preferred locale"),
    # as last seen: what a scheduled post reads in on auto when no language was chosen.
    locale: str | None = None


@dataclass(frozen=True, slots=True)
class ScheduleSettings:
    """What ``/safety-admin setup`` writes: when and for whom a channel's tips are posted.

    Stored as text the way an admin gives it (``days`` ``"mon,thu"``, ``local_time`` ``"18:00"``).
    """

    anchor_date: dt.date
    cadence: str = "weekly"
    days: str = "mon"
    local_time: str = "18:00"
    timezone: str = "UTC"
    audience: str = "parents"
    jitter_seconds: int = 0
    # Whether the admin gave the timezone (False: setup used the default; None: not known).
    timezone_set: bool | None = True


@dataclass(frozen=True, slots=True)
class SubscriptionRecord:
    """Scheduled tips for one channel: its settings, its state and when its next post is due."""

    id: int
    community_id: int
    channel_id: str
    anchor_date: dt.date
    cadence: str = "weekly"
    days: str = "mon"
    local_time: str = "18:00"
    timezone: str = "UTC"
    audience: str = "parents"
    age_band: str | None = None
    quiet_start: str | None = None
    quiet_end: str | None = None
    jitter_seconds: int = 0
    paused: bool = False
    paused_reason: PauseReason | None = None
    failure_count: int = 0
    last_failure_kind: str | None = None
    last_failure_at: dt.datetime | None = None
    next_due_at: dt.datetime | None = None
    # Whether an admin gave the timezone; None for schedules saved before Lookout kept track.
    timezone_set: bool | None = None

    @property
    def state(self) -> SubscriptionState:
        """Active, failing (still trying) or paused."""
        if self.paused:
            return SubscriptionState.PAUSED
        return SubscriptionState.FAILING if self.failure_count else SubscriptionState.ACTIVE


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    """One scheduled post as the history shows it: when, where, which tip, and how it ended.

    Only ids and outcomes: nothing anyone wrote and nothing about people.
    """

    subscription_id: int
    channel_id: str
    slot_at: dt.datetime
    status: DeliveryStatus
    tip_id: str | None = None
    finished_at: dt.datetime | None = None
    # Why a failed post failed (``bot.core.messaging.FailureKind`` values), if it did.
    failure_kind: str | None = None
    # The permissions the platform showed missing at that attempt, when the adapter could tell.
    missing: tuple[str, ...] = ()
    # Sent, but the platform never confirmed it (a timeout on Slack or Telegram).
    unconfirmed: bool = False


class Communities(Protocol):
    """The communities Lookout has stored anything for."""

    async def community(self, platform: str, external_id: str) -> CommunityRecord | None:
        """The community, if Lookout has stored anything for it."""
        ...

    async def community_by_id(self, community_id: int) -> CommunityRecord | None:
        """The community with this internal id."""
        ...

    async def ensure_community(self, platform: str, external_id: str) -> CommunityRecord:
        """The community, created on first use (safe when two processes race to create it)."""
        ...

    async def set_region(self, community_id: int, region: str | None) -> None:
        """Set or clear the country whose reporting routes the community sees."""
        ...

    async def set_language(self, community_id: int, language: str | None) -> None:
        """Set or clear (auto) the language the community's replies and posts use."""
        ...

    async def set_locale(self, community_id: int, locale: str | None) -> None:
        """Remember the platform's own locale for the community (Discord's server locale)."""
        ...

    async def forget(self, platform: str, external_id: str) -> bool:
        """Delete the community and everything stored for it; True if there was anything."""
        ...

    async def move_community(self, platform: str, old_external_id: str, new_external_id: str) -> bool:
        """Give a community a new platform id, keeping its data; False if there was none."""
        ...


class Notices(Protocol):
    """The one notice waiting for a community's admins."""

    async def leave_notice(self, community_id: int, notice: Notice) -> None:
        """Keep ``notice`` for the admins' next admin command (replacing an older one)."""
        ...

    async def take_notice(self, community_id: int) -> Notice | None:
        """Return and clear the notice waiting for the community's admins."""
        ...


class Subscriptions(Protocol):
    """Each channel's scheduled tips."""

    async def subscriptions(self, community_id: int) -> Sequence[SubscriptionRecord]:
        """The community's subscriptions (one per channel), oldest first."""
        ...

    async def subscription(self, subscription_id: int) -> SubscriptionRecord | None:
        """One subscription by id."""
        ...

    async def save_schedule(
        self, community_id: int, channel_id: str, settings: ScheduleSettings, *, paused_by_admin: bool = False
    ) -> SubscriptionRecord:
        """Create ``channel_id``'s schedule, or change it; other channels' schedules are untouched.

        Failures are cleared (setting up again is how an admin says the channel is fixed);
        ``paused_by_admin`` keeps an admin's pause. Quiet hours and the age band are kept.
        """
        ...

    async def remove_schedule(self, subscription_id: int) -> bool:
        """End one channel's schedule (its claims go with it); True if there was one."""
        ...

    async def set_next_due(self, subscription_id: int, when: dt.datetime | None) -> SubscriptionRecord | None:
        """Set when the next post is due (UTC)."""
        ...

    async def pause(self, subscription_id: int, reason: PauseReason) -> None:
        """Stop posting until resumed."""
        ...

    async def resume(self, subscription_id: int, next_due_at: dt.datetime) -> None:
        """Post again from ``next_due_at``, with the failure count cleared."""
        ...

    async def set_audience(self, subscription_id: int, audience: str, age_band: str | None) -> None:
        """Set who the channel's tips are for."""
        ...

    async def set_quiet_hours(
        self, subscription_id: int, start: str | None, end: str | None
    ) -> SubscriptionRecord | None:
        """Set (or, with None, clear) the local hours in which nothing is posted."""
        ...

    async def subscription_states(self, now: dt.datetime) -> tuple[dict[SubscriptionState, int], float]:
        """Subscriptions by state, and how late the oldest due post is, in seconds."""
        ...


class Deliveries(Protocol):
    """What happened to a community's scheduled posts."""

    async def recent_deliveries(
        self, community_id: int, limit: int, *, subscription_id: int | None = None
    ) -> Sequence[DeliveryRecord]:
        """The community's (or one schedule's) last finished or pending posts, newest first."""
        ...


class TipHistory(Protocol):
    """Which tips each channel has seen in the current rotation cycle."""

    async def tips_shown(self, places: Iterable[Place]) -> dict[Place, list[str]]:
        """Tip ids shown in each channel, oldest first (an empty list for a channel with none)."""
        ...

    async def record_tips(
        self,
        shown: Sequence[tuple[Place, str]],
        resets: Sequence[tuple[Place, str | None]],
        when: dt.datetime,
    ) -> None:
        """Start the new cycles in ``resets`` (keeping each one's last tip), then record ``shown``."""
        ...


class CoreStore(Communities, Notices, Subscriptions, Deliveries, TipHistory, Protocol):
    """Everything the core stores, in one object (``bot.store.Store`` and ``bot.store.oneshot.OneShotStore``)."""
