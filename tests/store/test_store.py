"""The store on SQLite and PostgreSQL: migrations, claims, forgetting."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.core.ports import CoreStore, Notice, NoticeKind, ScheduleSettings, SubscriptionRecord
from bot.store import Database, Store
from bot.store.schema import Community, Delivery, Subscription, TipShown, metadata
from tests.conftest import NOW


async def add_subscription(store: CoreStore, external: str = "g1") -> SubscriptionRecord:
    community = await store.ensure_community("discord", external)
    sub = await store.save_schedule(community.id, "chan", ScheduleSettings(anchor_date=NOW.date()))
    return await store.set_next_due(sub.id, NOW) or sub


async def test_migrations_match_the_models(db: Database) -> None:
    """Alembic's head has every table and column the models declare (nothing to autogenerate)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    async with db.engine.connect() as conn:
        diff = await conn.run_sync(lambda c: compare_metadata(MigrationContext.configure(c), metadata))
    assert diff == []


async def test_upgrade_twice_is_harmless(db: Database) -> None:
    """Running the migrations again on an up-to-date database changes nothing: data and version stay."""
    from sqlalchemy import text

    from bot.store.database import HEAD_REVISION

    community = await Store(db).ensure_community("slack", "T-upgrade")
    await db.upgrade()
    await db.upgrade()
    found = await Store(db).community("slack", "T-upgrade")
    assert found is not None and found.id == community.id
    async with db.engine.connect() as conn:
        assert (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar() == HEAD_REVISION


async def test_ensure_community_is_idempotent(core_store: CoreStore) -> None:
    """Creating the same community twice returns the same row."""
    a = await core_store.ensure_community("slack", "T1")
    b = await core_store.ensure_community("slack", "T1")
    assert a.id == b.id


async def test_claim_of_a_slot_is_unique(store: Store) -> None:
    """A second claim on the same (subscription, slot) is refused by the database."""
    sub = await add_subscription(store)
    async with store.db.session() as s, s.begin():
        s.add(Delivery(subscription_id=sub.id, slot_at=NOW, idempotency_key="k1"))
    with pytest.raises(IntegrityError):
        async with store.db.session() as s, s.begin():
            s.add(Delivery(subscription_id=sub.id, slot_at=NOW, idempotency_key="k2"))


async def test_datetimes_come_back_utc_aware(core_store: CoreStore) -> None:
    """A stored time is returned as the same UTC-aware instant on every backend."""
    store = core_store
    sub = await add_subscription(store)
    local = dt.datetime(2026, 7, 1, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    await store.set_next_due(sub.id, local)
    again = await store.subscription(sub.id)
    assert again is not None and again.next_due_at == local and again.next_due_at.tzinfo == dt.UTC


async def test_forget_deletes_everything_for_that_community_only(store: Store) -> None:
    """forget removes the community, its subscription, claims and tip history, and nothing else."""
    sub = await add_subscription(store, "g1")
    other = await add_subscription(store, "g2")
    for s_ in (sub, other):
        async with store.db.session() as s, s.begin():
            s.add(Delivery(subscription_id=s_.id, slot_at=NOW, idempotency_key="k"))
        await store.record_tips([((s_.community_id, "chan"), "tip-1")], [], NOW)
    assert await store.forget("discord", "g1")
    async with store.db.session() as s:
        counts = {
            t.__name__: await s.scalar(select(func.count()).select_from(t))
            for t in (Community, Subscription, Delivery, TipShown)
        }
    assert counts == {"Community": 1, "Subscription": 1, "Delivery": 1, "TipShown": 1}
    assert not await store.forget("discord", "g1")


async def test_take_notice_returns_once(core_store: CoreStore) -> None:
    """A pending notice is handed out once."""
    store = core_store
    community = await store.ensure_community("slack", "T1")
    await store.leave_notice(community.id, Notice(NoticeKind.TEXT, {"text": "hello"}))
    assert await store.take_notice(community.id) == Notice(NoticeKind.TEXT, {"text": "hello"})
    assert await store.take_notice(community.id) is None


async def test_unreachable_database_is_one_clear_error(tmp_path) -> None:
    """A PostgreSQL URL nobody listens on gives a DatabaseError naming the host."""
    from bot.store import DatabaseError

    database = Database("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(DatabaseError, match=r"127\.0\.0\.1:1"):
        await database.upgrade()
    await database.dispose()


def test_head_revision_constant_matches_the_migrations() -> None:
    """HEAD_REVISION names Alembic's newest migration, so up-to-date start-ups can skip Alembic."""
    from alembic.script import ScriptDirectory

    from bot.store.database import HEAD_REVISION, alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION
