"""Delivery claims: the rows that make every slot post at most once, across restarts and processes.

A claim is an INSERT into ``deliveries`` keyed by (subscription, slot); the unique constraint,
not a lock held in memory, decides which process posts. The claim, the tip it will post and the
advance of the subscription's ``next_due_at`` commit in one transaction, so a slot is either
claimed and advanced past, or neither. A claim carries a lease: a process that dies mid-send
leaves a claim whose lease runs out, and the next tick (in any process) resumes it with the same
idempotency key and tip instead of claiming the slot again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import namedtuple
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

from sqlalchemy import Table, and_, bindparam, exists, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.types import NullType

from bot.core.notices import schedule_invalid
from bot.core.ports import DeliveryReason, PauseReason
from bot.core.rotation import Ask
from bot.core.schedules import ScheduleError
from bot.delivery.jobs import (
    CLAIMED,
    FAILED,
    MISSED,
    SENT,
    ClaimBatch,
    Finish,
    Job,
    TipChoice,
    ask_for,
    idempotency_key,
)
from bot.delivery.next_slots import NextSlots
from bot.store.bulk import BulkSql
from bot.store.database import Database
from bot.store.repository import notice_values, write_tip_history
from bot.store.schema import Community, Delivery, Subscription

log = logging.getLogger(__name__)

# Chooses the tip of each slot about to be claimed (None where no tip is eligible).
ChooseTips = Callable[[Sequence[Ask]], Awaitable[Sequence[TipChoice | None]]]

_SUBS = cast(Table, Subscription.__table__)
_DELIVERIES = cast(Table, Delivery.__table__)
_COMMUNITIES = cast(Table, Community.__table__)
_PLATFORM_OF = _COMMUNITIES.alias("platform_of")


# What a claim reads of each due subscription and its community (names are unique across both).
_DUE_COLUMNS = (
    _SUBS.c.id,
    _SUBS.c.community_id,
    _SUBS.c.channel_id,
    _SUBS.c.audience,
    _SUBS.c.age_band,
    _SUBS.c.jitter_seconds,
    # As the driver returns it: a batch's rows share a few due times, parsed once each (_plan).
    type_coerce(_SUBS.c.next_due_at, NullType()).label("next_due_at"),
    _SUBS.c.cadence,
    _SUBS.c.days,
    _SUBS.c.local_time,
    _SUBS.c.timezone,
    _SUBS.c.anchor_date,
    _SUBS.c.quiet_start,
    _SUBS.c.quiet_end,
    _COMMUNITIES.c.platform,
    _COMMUNITIES.c.external_id,
    _COMMUNITIES.c.region,
    _COMMUNITIES.c.language,
    _COMMUNITIES.c.locale,
    _SUBS.c.failure_count,
)


# One due row, its fields named as _DUE_COLUMNS are.
_DueRow = namedtuple("_DueRow", [c.name for c in _DUE_COLUMNS])  # type: ignore[misc]


def _utc(raw: Any) -> dt.datetime:
    # A stored time as the driver returns it, unprocessed (see _DUE_COLUMNS): SQLite's text
    # (naive UTC), or PostgreSQL's aware datetime.
    if isinstance(raw, str):
        return dt.datetime.fromisoformat(raw).replace(tzinfo=dt.UTC)
    when = cast(dt.datetime, raw)
    return when.astimezone(dt.UTC) if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


_K = TypeVar("_K")
_V = TypeVar("_V")


def _memo(convert: Callable[[_K], _V]) -> Callable[[_K], _V]:
    """``convert`` with its results kept (for one batch: the cache goes with it)."""
    seen: dict[_K, _V] = {}

    def cached(value: _K) -> _V:
        found = seen.get(value, _MISSING)
        if found is _MISSING:
            found = seen[value] = convert(value)
        return cast(_V, found)

    return cached


_MISSING: Any = object()


def _job(delivery_id: int, sub: Any, community: Any, slot: dt.datetime, key: str, tip: TipChoice | None = None) -> Job:
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
        tip_id=tip.tip_id if tip else None,
        new_cycle=tip.new_cycle if tip else False,
        last_shown=tip.last_shown if tip else None,
        failing=bool(sub.failure_count),
    )


@dataclass
class _Plan:
    """What one claim batch will write: the claim rows, the advances, and the rows behind them."""

    # Rows for ``BulkSql.claim`` and ``BulkSql.advance``.
    values: list[list[Any]] = field(default_factory=list)
    advances: list[list[Any]] = field(default_factory=list)
    # subscription id -> (row, slot, key, late, tip)
    pending: dict[int, tuple[Any, dt.datetime, str, bool, TipChoice | None]] = field(default_factory=dict)
    # (subscription id, community id) of stored schedules that no longer parse.
    invalid: list[tuple[int, int]] = field(default_factory=list)


class ClaimStore:
    """The delivery side of the database: claim, resume, record rotation, finish."""

    def __init__(self, db: Database, worker_id: str) -> None:
        self.db = db
        self.worker_id = worker_id[:64]
        self._bulk: BulkSql | None = None

    @property
    def bulk(self) -> BulkSql:
        """The backend's bulk statements (built on first use)."""
        if self._bulk is None:
            self._bulk = BulkSql(self.db.engine.dialect.name)
        return self._bulk

    async def claim_due(
        self,
        now: dt.datetime,
        platforms: Sequence[str],
        *,
        catch_up: dt.timedelta,
        lease: dt.timedelta,
        limit: int,
        choose: ChooseTips | None = None,
    ) -> ClaimBatch:
        """Claim up to ``limit`` due slots and advance their subscriptions past them.

        A slot due more than ``catch_up`` ago is recorded as missed and never sent. The
        subscription then moves to the latest slot still inside the window, which is claimed
        (and posted late, once) by the next batch, or else to the first slot after ``now``: a
        long outage ends in at most one post per subscription, never a burst. ``choose`` picks
        each claim's tip, stored on the claim row in the same INSERT.
        """
        # A Core connection, not an ORM session: nothing here is an ORM object.
        async with self.db.engine.begin() as conn:
            rows = await self._due_rows(conn, now, platforms, limit)
            if not rows:
                return ClaimBatch([], 0, 0, 0)
            slots = NextSlots(now, catch_up)
            plan = self._plan(rows, now, lease, slots)
            for subscription_id, community_id in plan.invalid:
                await self._pause_invalid(conn, subscription_id, community_id)
            if choose is not None:
                await self._choose(plan, choose)
            won = await self._insert_claims(conn, plan, now)
            jobs: list[Job] = []
            missed = 0
            for delivery_id, sub_id in won:
                sub, slot, key, late, tip = plan.pending[sub_id]
                if late:
                    missed += 1
                else:
                    jobs.append(_job(delivery_id, sub, sub, slot, key, tip))
            return ClaimBatch(jobs, len(rows), missed, len(plan.values) - len(won), slots.caught_up)

    @staticmethod
    async def _due_rows(conn: AsyncConnection, now: dt.datetime, platforms: Sequence[str], limit: int) -> list[Any]:
        """The due, unpaused subscriptions of ``platforms`` (oldest due first), locked where the database can."""
        query = (
            # Plain columns, not ORM objects: a batch is read once and never changed through
            # the session, and building two tracked objects per row was a fifth of a claim.
            select(*_DUE_COLUMNS)
            .join(_COMMUNITIES, _COMMUNITIES.c.id == _SUBS.c.community_id)
            .where(
                _SUBS.c.paused.is_(False),
                _SUBS.c.next_due_at.is_not(None),
                _SUBS.c.next_due_at <= now,
                # The platform test as EXISTS, not on the joined row: otherwise SQLite drives
                # the query from communities and sorts every due row for each batch (many
                # communities share one due minute), instead of walking the next_due_at index.
                exists()
                .where(
                    _PLATFORM_OF.c.id == _SUBS.c.community_id,
                    _PLATFORM_OF.c.platform.in_(list(platforms)),
                )
                .correlate(_SUBS),
            )
            .order_by(_SUBS.c.next_due_at, _SUBS.c.id)
            .limit(limit)
            # PostgreSQL: processes ticking together take disjoint rows instead of queueing
            # behind each other; SQLite ignores it and the unique constraint decides.
            .with_for_update(skip_locked=True, of=_SUBS)
        )
        # As plain named tuples: each row's fields are read a few dozen times on the way to its
        # claim, and a tuple's attribute costs a tenth of a SQLAlchemy Row's.
        return sorted(map(_DueRow._make, await conn.execute(query)), key=lambda r: r.id)

    def _plan(self, rows: Sequence[Any], now: dt.datetime, lease: dt.timedelta, slots: NextSlots) -> _Plan:
        """The claim (or missed) row and the compare-and-set advance of each due subscription."""
        plan = _Plan()
        # A fan-out's rows share a few due times and slots: each is parsed and written once.
        time = _memo(self.bulk.time)
        parse = _memo(_utc)
        lease_until, finished = time(now + lease), time(now)
        for sub in rows:
            due = parse(sub.next_due_at)
            slot = due - dt.timedelta(seconds=sub.jitter_seconds)
            late = now - due > slots.catch_up
            try:
                following = slots.after(sub, late=late)
            except (ScheduleError, ValueError, LookupError):
                # A stored schedule that no longer parses (e.g. a timezone removed from
                # tzdata): pause it visibly rather than retry it every tick.
                log.exception("subscription %s has an invalid schedule; pausing it", sub.id)
                plan.invalid.append((sub.id, sub.community_id))
                continue
            key = idempotency_key(sub.id, slot)
            # The fields of ``BulkSql.claim``'s rows (the tip is filled in by ``_choose``).
            plan.values.append(
                [
                    sub.id,
                    time(slot),
                    MISSED.value if late else CLAIMED.value,
                    key,
                    None if late else lease_until,
                    finished if late else None,
                    DeliveryReason.CATCH_UP_PASSED.value if late else None,
                    None,
                ]
            )
            # Compare-and-set: an admin who changed the schedule meanwhile wins.
            plan.advances.append([sub.id, time(due), time(following)])
            plan.pending[sub.id] = (sub, slot, key, late, None)
        return plan

    @staticmethod
    async def _choose(plan: _Plan, choose: ChooseTips) -> None:
        """Put each claim's tip on its row before the INSERT (a slot missed gets none)."""
        live = [(sub_id, entry) for sub_id, entry in plan.pending.items() if not entry[3]]
        if not live:
            return
        # Asked from the rows: the jobs themselves are built once, for the claims won.
        asks = [ask_for(sub, slot) for _, (sub, slot, _key, _late, _tip) in live]
        rows = {v[0]: v for v in plan.values}
        for (sub_id, (sub, slot, key, late, _)), tip in zip(live, await choose(asks), strict=True):
            if tip is not None:
                plan.pending[sub_id] = (sub, slot, key, late, tip)
                rows[sub_id][7] = tip.tip_id

    async def _insert_claims(self, conn: AsyncConnection, plan: _Plan, now: dt.datetime) -> list[tuple[int, int]]:
        """INSERT the claims (those another process took are skipped), advance the subscriptions.

        Returns (delivery id, subscription id) of the claims this process won.
        """
        if not plan.values:
            return []
        # INSERT ... ON CONFLICT DO NOTHING RETURNING claims the whole batch in one statement,
        # and the rows it returns are exactly the slots this process won.
        won = await self.bulk.claim(conn, plan.values, worker=self.worker_id, now=now)
        await self.bulk.advance(conn, plan.advances)
        return won

    @staticmethod
    async def _pause_invalid(conn: AsyncConnection, subscription_id: int, community_id: int) -> None:
        """Pause a subscription whose stored schedule no longer parses, and leave its admins a notice."""
        await conn.execute(
            update(_SUBS)
            .where(_SUBS.c.id == subscription_id)
            .values(paused=True, paused_reason=PauseReason.SCHEDULE.value)
        )
        await conn.execute(
            update(_COMMUNITIES).where(_COMMUNITIES.c.id == community_id).values(**notice_values(schedule_invalid()))
        )

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
        time = self.bulk.time
        at = time(now)
        rows = [
            # The fields of ``BulkSql.outcomes``' rows.
            [
                o.job.delivery_id,
                o.status,
                o.message_id,
                (o.error or None) and o.error[:200],
                time(o.retry_at),
                o.job.attempts + o.attempts,
                None if o.status == CLAIMED else at,
                o.kind.value if o.kind is not None and o.status == FAILED else None,
                ",".join(o.missing)[:120] or None,
            ]
            for o in outcomes
        ]
        sent = [o.job for o in outcomes if o.status == SENT and o.job.tip_id]
        async with self.db.engine.begin() as conn:
            await self.bulk.outcomes(conn, rows)
            await write_tip_history(
                conn,
                [((j.community_id, j.channel_id), j.tip_id or "") for j in sent],
                [((j.community_id, j.channel_id), j.last_shown) for j in sent if j.new_cycle],
                now,
                bulk=self.bulk,
            )
            # Only subscriptions that had failed when claimed: the rest have nothing to clear. (A
            # failure recorded after the claim is cleared by the next success, which sees it.)
            recovered = {o.job.subscription_id for o in outcomes if o.status == SENT and o.job.failing}
            if recovered:
                await conn.execute(
                    update(_SUBS)
                    .where(and_(_SUBS.c.id.in_(recovered), _SUBS.c.failure_count > 0))
                    .values(failure_count=0, last_failure_kind=None)
                )
