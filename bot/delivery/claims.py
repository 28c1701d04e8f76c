"""Delivery claims: the rows that make every slot post at most once, across restarts and processes.

A claim is an INSERT into ``deliveries`` keyed by (subscription, slot); the unique constraint,
not a lock held in memory, decides which process posts. The claim and the advance of the
subscription's ``next_due_at`` commit in one transaction, so a slot is either claimed and
advanced past, or neither. A claim carries a lease: a process that dies mid-send leaves a claim
whose lease runs out, and the next tick (in any process) resumes it with the same idempotency
key instead of claiming the slot again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, and_, bindparam, exists, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased

from bot.core.messaging import FailureKind
from bot.core.notices import schedule_invalid
from bot.core.ports import DeliveryStatus, PauseReason
from bot.core.schedules import Schedule, ScheduleError, next_slot
from bot.core.timing import schedule_of
from bot.store.database import Database
from bot.store.repository import store_notice, write_tip_history
from bot.store.schema import Community, Delivery, Subscription

log = logging.getLogger(__name__)

# A claim's status (``bot.core.ports.DeliveryStatus``), under the short names delivery uses.
CLAIMED = DeliveryStatus.CLAIMED
SENT = DeliveryStatus.SENT
FAILED = DeliveryStatus.FAILED
MISSED = DeliveryStatus.MISSED
SKIPPED = DeliveryStatus.SKIPPED

_SUBS = cast(Table, Subscription.__table__)
_DELIVERIES = cast(Table, Delivery.__table__)
_PLATFORM_OF = aliased(Community)


def idempotency_key(subscription_id: int, slot_at: dt.datetime) -> str:
    """Return the key for one slot: the same in every process and after every restart.

    25 characters, the most Discord accepts as a message nonce.
    """
    raw = f"lookout:{subscription_id}:{slot_at.astimezone(dt.UTC).isoformat()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:25]


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

    @property
    def local_date(self) -> dt.date:
        """The slot's date where the community is (seasonal tips follow it)."""
        try:
            return self.slot_at.astimezone(ZoneInfo(self.timezone)).date()
        except (LookupError, ValueError):
            return self.slot_at.date()


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


def _cache_key(schedule: Schedule) -> Schedule:
    # The anchor date only matters for fortnightly schedules (which week is "on").
    if schedule.cadence == "fortnightly":
        return schedule
    return replace(schedule, anchor=dt.date(2026, 1, 5))


def _latest_due_in_window(
    schedule: Schedule,
    now: dt.datetime,
    catch_up: dt.timedelta,
    jitter_seconds: int,
    cache: dict[tuple[Schedule, int], dt.datetime | None],
) -> dt.datetime | None:
    """The due time of the latest slot due by ``now`` but no more than ``catch_up`` ago, if any.

    Cached per schedule and jitter: after an outage every subscription is late at once.
    """
    key = (schedule, jitter_seconds)
    if key not in cache:
        jitter = dt.timedelta(seconds=jitter_seconds)
        found: dt.datetime | None = None
        slot = next_slot(schedule, now - catch_up - jitter - dt.timedelta(microseconds=1))
        while slot + jitter <= now:
            found = slot + jitter
            slot = next_slot(schedule, slot)
        cache[key] = found
    return cache[key]


# What a claim reads of each due subscription and its community (names are unique across both).
_DUE_COLUMNS = (
    Subscription.id,
    Subscription.community_id,
    Subscription.channel_id,
    Subscription.audience,
    Subscription.age_band,
    Subscription.jitter_seconds,
    Subscription.next_due_at,
    Subscription.cadence,
    Subscription.days,
    Subscription.local_time,
    Subscription.timezone,
    Subscription.anchor_date,
    Subscription.quiet_start,
    Subscription.quiet_end,
    Community.platform,
    Community.external_id,
    Community.region,
    Community.language,
    Community.locale,
)
# The columns that make up a schedule: rows equal in these share one parsed Schedule.
_TIMING = ("cadence", "days", "local_time", "timezone", "anchor_date", "quiet_start", "quiet_end")


def _job(delivery_id: int, sub: Any, community: Any, slot: dt.datetime, key: str) -> Job:
    # ``sub`` and ``community``: ORM rows, or one row of _DUE_COLUMNS passed as both.
    return Job(
        delivery_id=delivery_id,
        subscription_id=sub.id,
        community_id=sub.community_id,
        platform=community.platform,
        external_id=community.external_id,
        channel_id=sub.channel_id,
        audience=sub.audience,
        age_band=sub.age_band,
        region=community.region,
        language=community.language,
        locale=community.locale,
        timezone=sub.timezone,
        slot_at=slot,
        due_at=slot + dt.timedelta(seconds=sub.jitter_seconds),
        idempotency_key=key,
    )


class ClaimStore:
    """The delivery side of the database: claim, resume, record rotation, finish."""

    def __init__(self, db: Database, worker_id: str) -> None:
        self.db = db
        self.worker_id = worker_id[:64]

    def _insert(self) -> Any:
        # ON CONFLICT DO NOTHING ... RETURNING: one statement claims a whole batch, and the rows
        # it returns are exactly the slots this process won.
        if self.db.engine.dialect.name == "postgresql":
            return pg_insert(Delivery)
        return sqlite_insert(Delivery)

    async def claim_due(
        self,
        now: dt.datetime,
        platforms: Sequence[str],
        *,
        catch_up: dt.timedelta,
        lease: dt.timedelta,
        limit: int,
    ) -> ClaimBatch:
        """Claim up to ``limit`` due slots and advance their subscriptions past them.

        A slot due more than ``catch_up`` ago is recorded as missed and never sent. The
        subscription then moves to the latest slot still inside the window, which is claimed
        (and posted late, once) by the next batch, or else to the first slot after ``now``: a
        long outage ends in at most one post per subscription, never a burst.
        """
        async with self.db.session() as session, session.begin():
            query = (
                # Plain columns, not ORM objects: a batch is read once and never changed through
                # the session, and building two tracked objects per row was a fifth of a claim.
                select(*_DUE_COLUMNS)
                .join(Community, Community.id == Subscription.community_id)
                .where(
                    Subscription.paused.is_(False),
                    Subscription.next_due_at.is_not(None),
                    Subscription.next_due_at <= now,
                    # The platform test as EXISTS, not on the joined row: otherwise SQLite drives
                    # the query from communities and sorts every due row for each batch (many
                    # communities share one due minute), instead of walking the next_due_at index.
                    exists()
                    .where(
                        _PLATFORM_OF.id == Subscription.community_id,
                        _PLATFORM_OF.platform.in_(list(platforms)),
                    )
                    .correlate(Subscription),
                )
                .order_by(Subscription.next_due_at, Subscription.id)
                .limit(limit)
                # PostgreSQL: processes ticking together take disjoint rows instead of queueing
                # behind each other; SQLite ignores it and the unique constraint decides.
                .with_for_update(skip_locked=True, of=Subscription)
            )
            rows = sorted((await session.execute(query)).all(), key=lambda r: r.id)
            if not rows:
                return ClaimBatch([], 0, 0, 0)
            values: list[dict[str, Any]] = []
            advances: list[dict[str, Any]] = []
            pending: dict[int, tuple[Any, dt.datetime, str, bool]] = {}
            schedules: dict[tuple[Any, ...], Schedule] = {}
            following_slot: dict[Schedule, dt.datetime] = {}
            latest_due: dict[tuple[Schedule, int], dt.datetime | None] = {}
            caught_up = 0
            for sub in rows:
                due = sub.next_due_at
                assert due is not None  # nosec B101 - filtered in the query; narrows the type
                slot = due - dt.timedelta(seconds=sub.jitter_seconds)
                late = now - due > catch_up
                key = idempotency_key(sub.id, slot)
                try:
                    # Communities mostly share a few settings (the default is Monday 18:00), so
                    # the calendar arithmetic is done once per distinct schedule per batch.
                    stored = tuple(getattr(sub, name) for name in _TIMING)
                    schedule = schedules.get(stored) or schedules.setdefault(
                        stored, _cache_key(schedule_of(cast(Any, sub)))
                    )
                    if schedule not in following_slot:
                        following_slot[schedule] = next_slot(schedule, now)
                    following = following_slot[schedule] + dt.timedelta(seconds=sub.jitter_seconds)
                    if late:
                        latest = _latest_due_in_window(schedule, now, catch_up, sub.jitter_seconds, latest_due)
                        if latest is not None:
                            following, caught_up = latest, caught_up + 1
                except (ScheduleError, ValueError, LookupError):
                    # A stored schedule that no longer parses (e.g. a timezone removed from
                    # tzdata): pause it visibly rather than retry it every tick.
                    log.exception("subscription %s has an invalid schedule; pausing it", sub.id)
                    await self._pause_invalid(session, sub.id, sub.community_id)
                    continue
                values.append(
                    {
                        "subscription_id": sub.id,
                        "slot_at": slot,
                        "status": MISSED if late else CLAIMED,
                        "idempotency_key": key,
                        "claimed_by": self.worker_id,
                        "lease_until": None if late else now + lease,
                        "attempts": 0,
                        "created_at": now,
                        "finished_at": now if late else None,
                        "error": "catch-up window passed" if late else None,
                    }
                )
                # Compare-and-set: an admin who changed the schedule meanwhile wins.
                advances.append({"b_id": sub.id, "b_old": due, "b_new": following})
                pending[sub.id] = (sub, slot, key, late)
            won: list[tuple[int, int]] = []
            if values:
                stmt = (
                    self._insert()
                    .on_conflict_do_nothing(index_elements=["subscription_id", "slot_at"])
                    .returning(Delivery.id, Delivery.subscription_id)
                )
                # executemany: SQLAlchemy batches the rows into multi-row INSERTs with a cached
                # statement, and RETURNING gives back only the rows actually inserted.
                won = [(r[0], r[1]) for r in (await session.execute(stmt, values)).all()]
                await session.execute(
                    update(_SUBS)
                    .where(_SUBS.c.id == bindparam("b_id"), _SUBS.c.next_due_at == bindparam("b_old"))
                    .values(next_due_at=bindparam("b_new"))
                    .execution_options(synchronize_session=False),
                    advances,
                )
            jobs: list[Job] = []
            missed = 0
            for delivery_id, sub_id in won:
                sub, slot, key, late = pending[sub_id]
                if late:
                    missed += 1
                else:
                    jobs.append(_job(delivery_id, sub, sub, slot, key))
            return ClaimBatch(jobs, len(rows), missed, len(values) - len(won), caught_up)

    @staticmethod
    async def _pause_invalid(session: Any, subscription_id: int, community_id: int) -> None:
        """Pause a subscription whose stored schedule no longer parses, and leave its admins a notice."""
        sub = await session.get(Subscription, subscription_id)
        community = await session.get(Community, community_id)
        if sub is None or community is None:
            return
        sub.paused, sub.paused_reason = True, PauseReason.SCHEDULE.value
        store_notice(community, schedule_invalid())

    async def resume_expired(
        self, now: dt.datetime, platforms: Sequence[str], *, lease: dt.timedelta, limit: int
    ) -> list[Job]:
        """Take over claims whose lease ran out (their process died or gave up for now).

        Each keeps its idempotency key and chosen tip, so a post that did reach the platform
        before the process died is not shown twice.
        """
        async with self.db.session() as session, session.begin():
            query = (
                select(Delivery, Subscription, Community)
                .join(Subscription, Subscription.id == Delivery.subscription_id)
                .join(Community, Community.id == Subscription.community_id)
                .where(
                    Delivery.status == CLAIMED,
                    Delivery.lease_until < now,
                    Subscription.paused.is_(False),
                    Community.platform.in_(list(platforms)),
                )
                .order_by(Delivery.id)
                .limit(limit)
                .with_for_update(skip_locked=True, of=Delivery)
            )
            rows = (await session.execute(query)).all()
            jobs: list[Job] = []
            for delivery, sub, community in rows:
                taken = await session.execute(
                    update(_DELIVERIES)
                    .where(
                        _DELIVERIES.c.id == delivery.id,
                        _DELIVERIES.c.status == CLAIMED,
                        _DELIVERIES.c.lease_until == delivery.lease_until,
                    )
                    .values(lease_until=now + lease, claimed_by=self.worker_id)
                )
                if getattr(taken, "rowcount", 0) != 1:
                    continue  # another process resumed it first
                job = _job(delivery.id, sub, community, delivery.slot_at, delivery.idempotency_key)
                jobs.append(replace(job, tip_id=delivery.tip_id, attempts=delivery.attempts))
            return jobs

    async def release_mine(self, now: dt.datetime) -> int:
        """End this process's leases on unfinished claims, so the next tick anywhere resumes them now.

        Used on shutdown: the claims keep their key and tip, so a post that did reach the
        platform is not shown twice where the platform honours the key (Discord's nonce).
        """
        async with self.db.session() as session, session.begin():
            result = await session.execute(
                update(_DELIVERIES)
                .where(_DELIVERIES.c.status == CLAIMED, _DELIVERIES.c.claimed_by == self.worker_id)
                .values(lease_until=now)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    async def keep_choices(self, jobs: Sequence[Job]) -> None:
        """Store each job's chosen tip on its claim, so a resumed claim posts the same tip.

        The tip counts as shown only when its post goes out (``finish``): a failed post does
        not use it up.
        """
        chosen = [j for j in jobs if j.tip_id]
        if not chosen:
            return
        async with self.db.session() as session, session.begin():
            await session.execute(
                update(_DELIVERIES)
                .where(_DELIVERIES.c.id == bindparam("b_id"))
                .values(tip_id=bindparam("b_tip"))
                .execution_options(synchronize_session=False),
                [{"b_id": j.delivery_id, "b_tip": j.tip_id} for j in chosen],
            )

    async def finish(self, outcomes: Sequence[Finish], now: dt.datetime) -> None:
        """Record how each job ended, in one transaction; a success clears the failure count.

        Idempotent, so a write whose connection died after it committed can be retried: every
        value is absolute (the attempts are counted from those the job started with), and only
        a claim that is still open is changed.
        """
        if not outcomes:
            return
        async with self.db.session() as session, session.begin():
            await session.execute(
                update(_DELIVERIES)
                .where(_DELIVERIES.c.id == bindparam("b_id"), _DELIVERIES.c.status == CLAIMED)
                .values(
                    status=bindparam("b_status"),
                    message_id=bindparam("b_message"),
                    error=bindparam("b_error"),
                    lease_until=bindparam("b_lease"),
                    attempts=bindparam("b_attempts"),
                    finished_at=bindparam("b_finished"),
                )
                .execution_options(synchronize_session=False),
                [
                    {
                        "b_id": o.job.delivery_id,
                        "b_status": o.status,
                        "b_message": o.message_id,
                        "b_error": (o.error or None) and o.error[:200],
                        "b_lease": o.retry_at,
                        "b_attempts": o.job.attempts + o.attempts,
                        "b_finished": None if o.status == CLAIMED else now,
                    }
                    for o in outcomes
                ],
            )
            sent = [o.job for o in outcomes if o.status == SENT and o.job.tip_id]
            await write_tip_history(
                session,
                [((j.community_id, j.channel_id), j.tip_id or "") for j in sent],
                [((j.community_id, j.channel_id), j.last_shown) for j in sent if j.new_cycle],
                now,
            )
            recovered = {o.job.subscription_id for o in outcomes if o.status == SENT}
            if recovered:
                await session.execute(
                    update(Subscription)
                    .where(and_(Subscription.id.in_(recovered), Subscription.failure_count > 0))
                    .values(failure_count=0, last_failure_kind=None)
                    .execution_options(synchronize_session=False)
                )


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
