"""The store the core talks to: ``bot.core.ports.CoreStore`` on SQLAlchemy.

Every method is one short transaction and returns detached records (``bot.core.ports``), never
ORM rows, so callers never hold a session across an await on a platform and never see a table.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import cast

from sqlalchemy import Table, bindparam, delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.core.ports import (
    CommunityRecord,
    DeliveryRecord,
    DeliveryStatus,
    Notice,
    NoticeKind,
    PauseReason,
    Place,
    ScheduleSettings,
    SubscriptionRecord,
    SubscriptionState,
)
from bot.store.bulk import BulkSql
from bot.store.database import Database
from bot.store.history import group_tips_shown
from bot.store.schema import Community, Delivery, Subscription, TipShown, utcnow

_TIPS_SHOWN = cast(Table, TipShown.__table__)

# The community of every command (its language): plain columns on a pooled connection, no ORM
# session, since each command asks it once before anything else.
_COMMUNITY_BY_PLACE = select(
    Community.id, Community.platform, Community.external_id, Community.region, Community.language, Community.locale
).where(Community.platform == bindparam("platform"), Community.external_id == bindparam("external_id"))


def community_record(row: Community) -> CommunityRecord:
    """A community row as the core's record."""
    return CommunityRecord(row.id, row.platform, row.external_id, row.region, row.language, row.locale)


def subscription_record(row: Subscription) -> SubscriptionRecord:
    """A subscription row as the core's record."""
    return SubscriptionRecord(
        id=row.id,
        community_id=row.community_id,
        channel_id=row.channel_id,
        anchor_date=row.anchor_date,
        cadence=row.cadence,
        days=row.days,
        local_time=row.local_time,
        timezone=row.timezone,
        audience=row.audience,
        age_band=row.age_band,
        quiet_start=row.quiet_start,
        quiet_end=row.quiet_end,
        jitter_seconds=row.jitter_seconds,
        paused=row.paused,
        paused_reason=PauseReason(row.paused_reason) if row.paused_reason else None,
        failure_count=row.failure_count,
        last_failure_kind=row.last_failure_kind,
        last_failure_at=row.last_failure_at,
        next_due_at=row.next_due_at,
        timezone_set=row.timezone_set,
    )


def delivery_record(row: Delivery, channel_id: str) -> DeliveryRecord:
    """A delivery row (and its subscription's channel) as the core's record."""
    return DeliveryRecord(
        subscription_id=row.subscription_id,
        channel_id=channel_id,
        slot_at=row.slot_at,
        status=DeliveryStatus(row.status),
        tip_id=row.tip_id,
        finished_at=row.finished_at,
        failure_kind=row.failure_kind,
        missing=tuple(p for p in (row.missing or "").split(",") if p),
        unconfirmed=bool(row.error and row.error.startswith("unconfirmed")),
    )


def notice_values(notice: Notice) -> dict[str, str]:
    """The community columns that hold ``notice`` (for a Core UPDATE)."""
    return {"notice_kind": notice.kind.value, "notice_params": json.dumps(dict(notice.params), sort_keys=True)}


def store_notice(row: Community, notice: Notice) -> None:
    """Put ``notice`` on a community row (inside the caller's transaction)."""
    values = notice_values(notice)
    row.notice_kind, row.notice_params = values["notice_kind"], values["notice_params"]


def _notice_of(row: Community) -> Notice | None:
    if row.notice_kind is None:
        return None
    params = json.loads(row.notice_params or "{}")
    try:
        kind = NoticeKind(row.notice_kind)
    except ValueError:  # written by a newer version: shown as plain text rather than lost
        return Notice(NoticeKind.TEXT, {"text": str(params.get("text", ""))})
    return Notice(kind, params)


async def write_tip_history(
    conn: AsyncSession | AsyncConnection,
    shown: Sequence[tuple[Place, str]],
    resets: Sequence[tuple[Place, str | None]],
    when: dt.datetime,
    *,
    bulk: BulkSql | None = None,
) -> None:
    """The one place tip history is written: new cycles first (keeping their last tip), then ``shown``.

    Runs inside the caller's transaction (a session's or a connection's), so delivery records a
    sent post and its tip together. A repeated write only repeats a history row, which the
    rotation reads the same way. ``bulk``: the backend's bulk statements, for a fan-out's rows.
    """
    for (community_id, channel_id), keep_last in resets:
        await conn.execute(
            delete(_TIPS_SHOWN).where(
                _TIPS_SHOWN.c.community_id == community_id,
                _TIPS_SHOWN.c.channel_id == channel_id,
                *([_TIPS_SHOWN.c.tip_id != keep_last] if keep_last else []),
            )
        )
    if not shown:
        return
    if bulk is not None:
        await bulk.shown(conn, [[c, ch, tip] for (c, ch), tip in shown], when)
        return
    await conn.execute(
        insert(_TIPS_SHOWN),
        [{"community_id": c, "channel_id": ch, "tip_id": tip, "shown_at": when} for (c, ch), tip in shown],
    )


class Store:
    """``CoreStore`` over a ``Database``: communities, subscriptions, notices and tip history."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._bulk: BulkSql | None = None

    async def _community_row(self, session: AsyncSession, platform: str, external_id: str) -> Community | None:
        return await session.scalar(
            select(Community).where(Community.platform == platform, Community.external_id == external_id)
        )

    async def community(self, platform: str, external_id: str) -> CommunityRecord | None:
        """The community, if Lookout has stored anything for it."""
        async with self.db.engine.connect() as conn:
            found = await conn.execute(_COMMUNITY_BY_PLACE, {"platform": platform, "external_id": external_id})
            row = found.first()
        return (
            CommunityRecord(row.id, row.platform, row.external_id, row.region, row.language, row.locale)
            if row
            else None
        )

    async def community_by_id(self, community_id: int) -> CommunityRecord | None:
        """The community with this internal id."""
        async with self.db.session() as session:
            row = await session.get(Community, community_id)
            return community_record(row) if row else None

    async def ensure_community(self, platform: str, external_id: str) -> CommunityRecord:
        """The community, created on first use (safe when two processes race to create it)."""
        existing = await self.community(platform, external_id)
        if existing is not None:
            return existing
        try:
            async with self.db.session() as session, session.begin():
                row = Community(platform=platform, external_id=external_id)
                session.add(row)
                await session.flush()
                return community_record(row)
        except IntegrityError:
            found = await self.community(platform, external_id)
            if found is None:  # pragma: no cover - the conflicting row was deleted in between
                raise
            return found

    async def set_region(self, community_id: int, region: str | None) -> None:
        """Set or clear the country whose reporting routes the community sees."""
        async with self.db.session() as session, session.begin():
            row = await session.get(Community, community_id)
            if row is not None:
                row.region = region

    async def set_language(self, community_id: int, language: str | None) -> None:
        """Set or clear (auto) the language the community's replies and posts use."""
        async with self.db.session() as session, session.begin():
            row = await session.get(Community, community_id)
            if row is not None:
                row.language = language

    async def set_locale(self, community_id: int, locale: str | None) -> None:
        """Remember the platform's own locale for the community (Discord's server locale)."""
        async with self.db.session() as session, session.begin():
            row = await session.get(Community, community_id)
            if row is not None:
                row.locale = locale

    async def leave_notice(self, community_id: int, notice: Notice) -> None:
        """Keep ``notice`` for the admins' next admin command (replacing an older one)."""
        async with self.db.session() as session, session.begin():
            row = await session.get(Community, community_id)
            if row is not None:
                store_notice(row, notice)

    async def take_notice(self, community_id: int) -> Notice | None:
        """Return and clear the notice waiting for the community's admins."""
        async with self.db.session() as session, session.begin():
            row = await session.get(Community, community_id, with_for_update=True)
            if row is None:
                return None
            notice = _notice_of(row)
            row.notice_kind = row.notice_params = None
            return notice

    async def forget(self, platform: str, external_id: str) -> bool:
        """Delete a community and everything stored for it; True if there was anything."""
        async with self.db.session() as session, session.begin():
            row = await self._community_row(session, platform, external_id)
            if row is None:
                return False
            # Explicit deletes as well as ON DELETE CASCADE, so nothing is left behind on a
            # database where foreign keys are not enforced.
            sub_ids = select(Subscription.id).where(Subscription.community_id == row.id)
            await session.execute(delete(Delivery).where(Delivery.subscription_id.in_(sub_ids)))
            await session.execute(delete(Subscription).where(Subscription.community_id == row.id))
            await session.execute(delete(TipShown).where(TipShown.community_id == row.id))
            await session.execute(delete(Community).where(Community.id == row.id))
            return True

    async def move_community(self, platform: str, old_external_id: str, new_external_id: str) -> bool:
        """Give a community a new platform id (a Telegram group that became a supergroup), keeping its data."""
        async with self.db.session() as session, session.begin():
            row = await session.scalar(
                select(Community).where(Community.platform == platform, Community.external_id == old_external_id)
            )
            if row is None:
                return False
            row.external_id = new_external_id
            return True

    async def subscriptions(self, community_id: int) -> Sequence[SubscriptionRecord]:
        """The community's subscriptions (one per channel), oldest first."""
        async with self.db.session() as session:
            result = await session.scalars(
                select(Subscription).where(Subscription.community_id == community_id).order_by(Subscription.id)
            )
            return [subscription_record(row) for row in result.all()]

    async def subscription(self, subscription_id: int) -> SubscriptionRecord | None:
        """One subscription by id."""
        async with self.db.session() as session:
            row = await session.get(Subscription, subscription_id)
            return subscription_record(row) if row else None

    async def save_schedule(
        self, community_id: int, channel_id: str, settings: ScheduleSettings, *, paused_by_admin: bool = False
    ) -> SubscriptionRecord:
        """Create ``channel_id``'s schedule, or change it; other channels' schedules are untouched."""
        async with self.db.session() as session, session.begin():
            row = await session.scalar(
                select(Subscription).where(
                    Subscription.community_id == community_id, Subscription.channel_id == channel_id
                )
            )
            if row is None:
                row = Subscription(community_id=community_id, channel_id=channel_id)
                session.add(row)
            row.cadence, row.days, row.local_time = settings.cadence, settings.days, settings.local_time
            row.timezone, row.timezone_set, row.audience = settings.timezone, settings.timezone_set, settings.audience
            row.anchor_date, row.jitter_seconds = settings.anchor_date, settings.jitter_seconds
            row.paused = paused_by_admin
            row.paused_reason = PauseReason.ADMIN.value if paused_by_admin else None
            row.failure_count, row.last_failure_kind = 0, None
            await session.flush()
            return subscription_record(row)

    async def remove_schedule(self, subscription_id: int) -> bool:
        """End one channel's schedule (its claims go with it); True if there was one.

        The channel's tip history stays, so setting it up again does not start with repeats.
        """
        async with self.db.session() as session, session.begin():
            await session.execute(delete(Delivery).where(Delivery.subscription_id == subscription_id))
            result = await session.execute(delete(Subscription).where(Subscription.id == subscription_id))
            return bool(getattr(result, "rowcount", 0))

    async def recent_deliveries(
        self, community_id: int, limit: int, *, subscription_id: int | None = None
    ) -> Sequence[DeliveryRecord]:
        """The community's (or one schedule's) last posts, newest slot first."""
        async with self.db.session() as session:
            query = (
                select(Delivery, Subscription.channel_id)
                .join(Subscription, Subscription.id == Delivery.subscription_id)
                .where(Subscription.community_id == community_id)
                .order_by(Delivery.slot_at.desc(), Delivery.id.desc())
                .limit(limit)
            )
            if subscription_id is not None:
                query = query.where(Delivery.subscription_id == subscription_id)
            rows = (await session.execute(query)).all()
            return [delivery_record(row, channel_id) for row, channel_id in rows]

    async def _change(self, subscription_id: int, **values: object) -> SubscriptionRecord | None:
        # Private: each public method below names the columns it may change.
        async with self.db.session() as session, session.begin():
            row = await session.get(Subscription, subscription_id)
            if row is None:
                return None
            for key, value in values.items():
                setattr(row, key, value)
            await session.flush()
            return subscription_record(row)

    async def set_next_due(self, subscription_id: int, when: dt.datetime | None) -> SubscriptionRecord | None:
        """Set when the next post is due (UTC)."""
        return await self._change(subscription_id, next_due_at=when)

    async def pause(self, subscription_id: int, reason: PauseReason) -> None:
        """Stop posting until resumed."""
        await self._change(subscription_id, paused=True, paused_reason=reason.value)

    async def resume(self, subscription_id: int, next_due_at: dt.datetime) -> None:
        """Post again from ``next_due_at``, with the failure count cleared."""
        await self._change(
            subscription_id,
            paused=False,
            paused_reason=None,
            failure_count=0,
            last_failure_kind=None,
            next_due_at=next_due_at,
        )

    async def set_audience(self, subscription_id: int, audience: str, age_band: str | None) -> None:
        """Set who the channel's tips are for."""
        await self._change(subscription_id, audience=audience, age_band=age_band)

    async def set_quiet_hours(
        self, subscription_id: int, start: str | None, end: str | None
    ) -> SubscriptionRecord | None:
        """Set (or, with None, clear) the local hours in which nothing is posted."""
        return await self._change(subscription_id, quiet_start=start, quiet_end=end)

    async def subscription_states(self, now: dt.datetime) -> tuple[dict[SubscriptionState, int], float]:
        """Subscriptions by state (active, failing, paused) and how late the oldest due post is, in seconds."""
        async with self.db.session() as session:
            failing = Subscription.failure_count > 0
            rows = (
                await session.execute(
                    select(Subscription.paused, failing, func.count()).group_by(Subscription.paused, failing)
                )
            ).all()
            oldest = await session.scalar(
                select(func.min(Subscription.next_due_at)).where(
                    Subscription.paused.is_(False), Subscription.next_due_at <= now
                )
            )
        states = dict.fromkeys(SubscriptionState, 0)
        for paused, is_failing, count in rows:
            state = (
                SubscriptionState.PAUSED
                if paused
                else SubscriptionState.FAILING
                if is_failing
                else SubscriptionState.ACTIVE
            )
            states[state] += count
        lag = (now - oldest).total_seconds() if oldest is not None else 0.0
        return states, lag

    async def tips_shown(self, places: Iterable[Place]) -> dict[Place, list[str]]:
        """Tip ids shown in each channel, oldest first (an empty list for a channel with none)."""
        wanted = set(places)
        if not wanted:
            return {}
        # One JSON parameter on a pooled connection: a fan-out asks this once per claim batch.
        if self._bulk is None:
            self._bulk = BulkSql(self.db.engine.dialect.name)
        async with self.db.engine.connect() as conn:
            rows = await self._bulk.history(conn, sorted({c for c, _ in wanted}))
        return group_tips_shown(wanted, rows)

    async def record_tips(
        self,
        shown: Sequence[tuple[Place, str]],
        resets: Sequence[tuple[Place, str | None]],
        when: dt.datetime | None = None,
    ) -> None:
        """Start the new cycles in ``resets`` (keeping each one's last tip), then record ``shown``."""
        if not shown and not resets:
            return
        async with self.db.session() as session, session.begin():
            await write_tip_history(session, shown, resets, when or utcnow())
