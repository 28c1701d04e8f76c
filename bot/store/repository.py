"""The store the core talks to: communities, subscriptions and tip history.

A small contract on purpose: every method is one short transaction and returns detached rows,
so callers never hold a session across an await on a platform.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from bot.store.database import Database
from bot.store.schema import Community, Delivery, Subscription, TipShown, utcnow


class Store:
    """Repository over a ``Database`` for everything except delivery claims."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def community(self, platform: str, external_id: str) -> Community | None:
        """The community, if Lookout has stored anything for it."""
        async with self.db.session() as session:
            return await session.scalar(
                select(Community).where(Community.platform == platform, Community.external_id == external_id)
            )

    async def community_by_id(self, community_id: int) -> Community | None:
        """The community with this internal id."""
        async with self.db.session() as session:
            return await session.get(Community, community_id)

    async def ensure_community(self, platform: str, external_id: str) -> Community:
        """The community, created on first use (safe when two processes race to create it)."""
        existing = await self.community(platform, external_id)
        if existing is not None:
            return existing
        try:
            async with self.db.session() as session, session.begin():
                row = Community(platform=platform, external_id=external_id)
                session.add(row)
            return row
        except IntegrityError:
            found = await self.community(platform, external_id)
            if found is None:  # pragma: no cover - the conflicting row was deleted in between
                raise
            return found

    async def update_community(self, community_id: int, **values: Any) -> None:
        """Set community fields (``region``, ``pending_notice``)."""
        async with self.db.session() as session, session.begin():
            row = await session.get(Community, community_id)
            if row is not None:
                for key, value in values.items():
                    setattr(row, key, value)

    async def take_notice(self, community_id: int) -> str | None:
        """Return and clear the notice waiting for the community's admins."""
        async with self.db.session() as session, session.begin():
            row = await session.get(Community, community_id, with_for_update=True)
            if row is None or row.pending_notice is None:
                return None
            notice, row.pending_notice = row.pending_notice, None
            return notice

    async def forget(self, platform: str, external_id: str) -> bool:
        """Delete a community and everything stored for it; True if there was anything."""
        async with self.db.session() as session, session.begin():
            row = await session.scalar(
                select(Community).where(Community.platform == platform, Community.external_id == external_id)
            )
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

    async def subscriptions(self, community_id: int) -> Sequence[Subscription]:
        """The community's subscriptions (one per channel), oldest first."""
        async with self.db.session() as session:
            result = await session.scalars(
                select(Subscription).where(Subscription.community_id == community_id).order_by(Subscription.id)
            )
            return result.all()

    async def subscription(self, subscription_id: int) -> Subscription | None:
        """One subscription by id."""
        async with self.db.session() as session:
            return await session.get(Subscription, subscription_id)

    async def save_subscription(self, community_id: int, channel_id: str, **values: Any) -> Subscription:
        """Create or replace the community's subscription so it posts to ``channel_id``.

        A community has one scheduled channel: setting up a new channel moves the schedule there
        (the old row is removed with its claims) rather than silently posting twice.
        """
        async with self.db.session() as session, session.begin():
            rows = (await session.scalars(select(Subscription).where(Subscription.community_id == community_id))).all()
            keep = next((r for r in rows if r.channel_id == channel_id), None)
            if keep is None and rows:
                # Moving to another channel: the same row, so quiet hours, age band and the
                # delivery history come along.
                keep = rows[0]
                keep.channel_id = channel_id
            for row in rows:
                if row is not keep:
                    await session.delete(row)
            if keep is None:
                keep = Subscription(community_id=community_id, channel_id=channel_id)
                session.add(keep)
            for key, value in values.items():
                setattr(keep, key, value)
            await session.flush()
            return keep

    async def update_subscription(self, subscription_id: int, **values: Any) -> Subscription | None:
        """Set subscription fields; returns the updated row."""
        async with self.db.session() as session, session.begin():
            row = await session.get(Subscription, subscription_id)
            if row is None:
                return None
            for key, value in values.items():
                setattr(row, key, value)
            return row

    async def subscription_states(self, now: dt.datetime) -> tuple[dict[str, int], float]:
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
        states = {"active": 0, "failing": 0, "paused": 0}
        for paused, is_failing, count in rows:
            states["paused" if paused else "failing" if is_failing else "active"] += count
        lag = (now - oldest).total_seconds() if oldest is not None else 0.0
        return states, lag

    async def tips_shown(self, community_id: int, channel_id: str) -> list[str]:
        """Tip ids shown in this channel, oldest first."""
        async with self.db.session() as session:
            result = await session.scalars(
                select(TipShown.tip_id)
                .where(TipShown.community_id == community_id, TipShown.channel_id == channel_id)
                .order_by(TipShown.id)
            )
            return list(result.all())

    async def record_tip(
        self, community_id: int, channel_id: str, tip_id: str, when: dt.datetime | None = None
    ) -> None:
        """Remember that a tip was shown in a channel."""
        async with self.db.session() as session, session.begin():
            session.add(
                TipShown(community_id=community_id, channel_id=channel_id, tip_id=tip_id, shown_at=when or utcnow())
            )

    async def reset_tips(self, community_id: int, channel_id: str, keep_last: str | None = None) -> None:
        """Start a new rotation cycle for the channel (optionally keeping the last tip shown)."""
        async with self.db.session() as session, session.begin():
            await session.execute(
                delete(TipShown).where(
                    TipShown.community_id == community_id,
                    TipShown.channel_id == channel_id,
                    *([TipShown.tip_id != keep_last] if keep_last else []),
                )
            )
