"""What delivery passes around: a claimed slot (``Job``), how it ended (``Finish``), and their keys.

Plain frozen dataclasses, no live ORM rows: a job is read once in its claim transaction and
carries everything needed to compose, send and record it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.messaging import FailureKind
from bot.core.ports import DeliveryStatus
from bot.core.rotation import Ask, place_key

# A claim's status (``bot.core.ports.DeliveryStatus``), under the short names delivery uses.
CLAIMED = DeliveryStatus.CLAIMED
SENT = DeliveryStatus.SENT
FAILED = DeliveryStatus.FAILED
MISSED = DeliveryStatus.MISSED
SKIPPED = DeliveryStatus.SKIPPED


def idempotency_key(subscription_id: int, slot_at: dt.datetime) -> str:
    """Return the key for one slot: the same in every process and after every restart.

    25 characters, the most Discord accepts as a message nonce.
    """
    raw = f"lookout:{subscription_id}:{slot_at.astimezone(dt.UTC).isoformat()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:25]


def local_date(slot_at: dt.datetime, timezone: str) -> dt.date:
    """The slot's date where the community is (seasonal tips follow it)."""
    try:
        return slot_at.astimezone(ZoneInfo(timezone)).date()
    except (LookupError, ValueError):
        return slot_at.date()


def ask_for(source: Any, slot_at: dt.datetime) -> Ask:
    """The rotation's question for one slot of ``source`` (a ``Job``, or a claim's due row).

    ``source`` has the attributes of a job's channel: community_id, channel_id, platform,
    external_id, audience, age_band, region and timezone.
    """
    return Ask(
        (source.community_id, source.channel_id),
        place_key(source.platform, source.external_id, source.channel_id),
        source.audience,
        local_date(slot_at, source.timezone),
        source.age_band,
        source.region,
    )


@dataclass(frozen=True, slots=True)
class TipChoice:
    """The tip chosen for a claim: kept on the claim row, so a resumed claim posts the same tip."""

    tip_id: str
    # Whether the tip starts a new rotation cycle (kept when sent), and the tip that cycle keeps.
    new_cycle: bool = False
    last_shown: str | None = None


@dataclass(frozen=True, slots=True)
class Job:
    """One claimed slot, with everything needed to compose and send it (no live ORM rows)."""

    delivery_id: int
    subscription_id: int
    community_id: int
    platform: str
    external_id: str
    channel_id: str
    audience: str
    age_band: str | None
    region: str | None
    timezone: str
    slot_at: dt.datetime
    due_at: dt.datetime
    idempotency_key: str
    tip_id: str | None = None
    attempts: int = 0
    # Whether the chosen tip starts a new rotation cycle (kept when sent), and the tip to keep.
    new_cycle: bool = False
    last_shown: str | None = None
    # The community's language (None: auto, which for a post means English or the default).
    language: str | None = None
    # The platform's locale for the community (Discord's server locale), used on auto.
    locale: str | None = None
    # The subscription had failures when claimed: a success clears its failure count (most
    # subscriptions never fail, and their successes write nothing to the subscription).
    failing: bool = False

    @property
    def local_date(self) -> dt.date:
        """The slot's date where the community is (seasonal tips follow it)."""
        return local_date(self.slot_at, self.timezone)


@dataclass(frozen=True, slots=True)
class ClaimBatch:
    """What one claim transaction did: the jobs to send, and how many rows it looked at."""

    jobs: list[Job]
    scanned: int
    missed: int
    lost: int
    # Subscriptions moved back onto a slot that is due now (inside the catch-up window): the
    # caller claims again so they go out in this tick.
    caught_up: int = 0


@dataclass(frozen=True, slots=True)
class Finish:
    """How one job ended: sent, failed, missed, skipped, or still claimed with a later ``retry_at``."""

    job: Job
    status: str
    attempts: int = 0
    message_id: str | None = None
    error: str | None = None
    retry_at: dt.datetime | None = None
    kind: FailureKind | None = None
    # The permissions the platform showed missing (``bot.core.messaging.Missing`` values).
    missing: tuple[str, ...] = ()
