"""Delivery's bulk statements write exactly what the ORM would, on SQLite and PostgreSQL.

SQLite compares stored times as text: a time written in another format would make the claim's
unique slot and the advance's compare-and-set miss rows the ORM wrote, and post a slot twice.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text

from bot.store import Database, Store
from bot.store.bulk import BulkSql
from bot.store.schema import Delivery, Subscription, TipShown
from tests.conftest import NOW

SLOT = dt.datetime(2026, 11, 30, 18, 0, 0, 250, tzinfo=dt.UTC)
# The same instant written from another zone: stored as the same UTC time.
SLOT_ELSEWHERE = SLOT.astimezone(dt.timezone(dt.timedelta(hours=-5)))


async def _subscription(db: Database) -> Subscription:
    async with db.session() as session, session.begin():
        community = await Store(db).ensure_community("discord", "g-bulk")
        sub = Subscription(community_id=community.id, channel_id="c", anchor_date=NOW.date(), next_due_at=SLOT)
        session.add(sub)
        await session.flush()
        return sub


async def test_a_slot_the_orm_claimed_is_not_claimed_again(db: Database) -> None:
    """A claim row written by the ORM and one by the bulk INSERT for the same slot: the unique slot holds."""
    sub = await _subscription(db)
    async with db.session() as session, session.begin():
        session.add(Delivery(subscription_id=sub.id, slot_at=SLOT, idempotency_key="k", status="claimed"))
    bulk = BulkSql(db.engine.dialect.name)
    row = [sub.id, bulk.time(SLOT_ELSEWHERE), "claimed", "k", bulk.time(NOW), None, None, "t1"]
    async with db.engine.begin() as conn:
        won = await bulk.claim(conn, [row], worker="w", now=NOW)
    assert won == []


async def test_bulk_rows_read_back_as_the_orm_writes_them(db: Database) -> None:
    """Claim, advance, outcome and tip history through the bulk statements, read back through the ORM."""
    sub = await _subscription(db)
    bulk = BulkSql(db.engine.dialect.name)
    following = SLOT + dt.timedelta(days=7)
    async with db.engine.begin() as conn:
        [(delivery_id, sub_id)] = await bulk.claim(
            conn, [[sub.id, bulk.time(SLOT), "claimed", "k", bulk.time(NOW), None, None, "t1"]], worker="w", now=NOW
        )
        # The advance compares with the time the ORM stored, given from another zone.
        await bulk.advance(conn, [[sub.id, bulk.time(SLOT_ELSEWHERE), bulk.time(following)]])
        await bulk.outcomes(conn, [[delivery_id, "sent", "m1", None, None, 1, bulk.time(NOW), None, None]])
        await bulk.shown(conn, [[sub.community_id, "c", "t1"]], NOW)
    assert sub_id == sub.id
    async with db.session() as session:
        delivery = await session.get(Delivery, delivery_id)
        stored = await session.get(Subscription, sub.id)
        [shown] = (await session.scalars(select(TipShown))).all()
        # An ORM query comparing with the bulk-written times finds the row.
        found = await session.scalar(select(Delivery.id).where(Delivery.slot_at == SLOT))
        if db.engine.dialect.name == "sqlite":
            raw = (await session.execute(text("SELECT slot_at FROM deliveries"))).scalar()
            assert raw == "2026-11-30 18:00:00.000250"
    assert delivery is not None and stored is not None
    assert (delivery.slot_at, delivery.status, delivery.message_id, delivery.attempts) == (SLOT, "sent", "m1", 1)
    assert (delivery.finished_at, delivery.lease_until, delivery.claimed_by, delivery.created_at) == (
        NOW,
        None,
        "w",
        NOW,
    )
    assert stored.next_due_at == following
    assert (shown.tip_id, shown.shown_at) == ("t1", NOW)
    assert found == delivery_id


async def test_an_outcome_changes_only_an_open_claim(db: Database) -> None:
    """A repeated outcome write on a finished claim changes nothing."""
    sub = await _subscription(db)
    bulk = BulkSql(db.engine.dialect.name)
    async with db.engine.begin() as conn:
        [(delivery_id, _)] = await bulk.claim(
            conn, [[sub.id, bulk.time(SLOT), "claimed", "k", bulk.time(NOW), None, None, None]], worker="w", now=NOW
        )
        await bulk.outcomes(conn, [[delivery_id, "sent", "m1", None, None, 1, bulk.time(NOW), None, None]])
        await bulk.outcomes(conn, [[delivery_id, "failed", None, "x", None, 2, bulk.time(NOW), "forbidden", None]])
    async with db.session() as session:
        delivery = await session.get(Delivery, delivery_id)
    assert delivery is not None and (delivery.status, delivery.attempts, delivery.message_id) == ("sent", 1, "m1")
