"""Migration 0005 (several schedules): schedules written at the old head (0004) survive, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import text

from bot.core.ports import DeliveryStatus, ScheduleSettings
from bot.store import Database, Store
from bot.store.database import alembic_config
from tests.conftest import _pg_schema, database_url


def _upgrade(connection, revision: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


async def _at(db: Database, revision: str) -> None:
    async with db.engine.begin() as conn:
        await conn.run_sync(_upgrade, revision)


OLD_ROWS = (
    "INSERT INTO communities (id, platform, external_id, region, created_at) "
    "VALUES (1, 'discord', 'g1', 'GB', :now), (2, 'slack', 'T1', NULL, :now)",
    "INSERT INTO subscriptions (id, community_id, channel_id, cadence, days, local_time, timezone, audience, "
    "age_band, quiet_start, quiet_end, anchor_date, jitter_seconds, paused, paused_reason, failure_count, "
    "next_due_at, created_at) VALUES "
    "(10, 1, 'c-parents', 'weekly', 'mon,thu', '18:00', 'Europe/London', 'parents', '8-10', '21:00', '07:00', "
    ":day, 120, false, NULL, 0, :due, :now), "
    "(11, 2, 'C-GAMERS', 'daily', 'mon', '19:30', 'America/New_York', 'young-people', NULL, NULL, NULL, "
    ":day, 0, true, 'failures', 3, :due, :now)",
    "INSERT INTO deliveries (id, subscription_id, slot_at, status, idempotency_key, attempts, tip_id, error, "
    "created_at) VALUES "
    "(100, 10, :slot, 'sent', 'k1', 1, 'tip-a', NULL, :now), "
    "(101, 11, :slot, 'failed', 'k2', 1, NULL, 'no_permission: Missing Permissions', :now), "
    "(102, 11, :slot2, 'failed', 'k3', 2, NULL, 'kept failing until the catch-up window passed', :now)",
)


async def test_schedules_written_at_the_old_head_survive_the_upgrade(backend: str, tmp_path: Path) -> None:
    """Schedules, their settings and their deliveries come through 0005; old failures get their kind."""
    url, connect_args, schema = database_url(backend, tmp_path)
    if schema is not None:
        await _pg_schema(url, f"CREATE SCHEMA {schema}")
    db = Database(url, connect_args=connect_args)
    try:
        await _at(db, "0004")
        now = dt.datetime(2026, 11, 30, 9, 0)
        values = {
            "now": now,
            "day": dt.date(2026, 11, 30),
            "due": dt.datetime(2026, 11, 30, 18, 2),
            "slot": dt.datetime(2026, 11, 23, 18, 0),
            "slot2": dt.datetime(2026, 11, 24, 18, 0),
        }
        async with db.engine.begin() as conn:
            for statement in OLD_ROWS:
                await conn.execute(text(statement), values)
        await db.upgrade()

        store = Store(db)
        parents_community = await store.community("discord", "g1")
        gamers_community = await store.community("slack", "T1")
        assert parents_community is not None and gamers_community is not None
        (parents,) = await store.subscriptions(parents_community.id)
        (gamers,) = await store.subscriptions(gamers_community.id)
        assert (parents.channel_id, parents.days, parents.local_time, parents.timezone) == (
            "c-parents",
            "mon,thu",
            "18:00",
            "Europe/London",
        )
        assert (parents.age_band, parents.quiet_start, parents.jitter_seconds, parents.paused) == (
            "8-10",
            "21:00",
            120,
            False,
        )
        assert parents.next_due_at == dt.datetime(2026, 11, 30, 18, 2, tzinfo=dt.UTC)
        assert parents.timezone_set is None, "not known for a schedule saved before 0005"
        assert (gamers.paused, gamers.paused_reason, gamers.failure_count) == (True, "failures", 3)

        (sent,) = await store.recent_deliveries(parents_community.id, 10)
        assert (sent.status, sent.tip_id, sent.failure_kind) == (DeliveryStatus.SENT, "tip-a", None)
        later, first = await store.recent_deliveries(gamers_community.id, 10)
        assert (first.status, first.failure_kind, first.missing) == (DeliveryStatus.FAILED, "no_permission", ())
        assert later.failure_kind == "transient"

        # And the upgraded database takes a second schedule in the same community.
        await store.save_schedule(parents_community.id, "c-gamers", ScheduleSettings(anchor_date=now.date()))
        # (A set: the rows above were written with explicit ids, which PostgreSQL's sequence ignores.)
        assert {s.channel_id for s in await store.subscriptions(parents_community.id)} == {"c-parents", "c-gamers"}
    finally:
        await db.dispose()
        if schema is not None:
            await _pg_schema(url, f"DROP SCHEMA {schema} CASCADE")


async def test_0005_downgrades_cleanly(backend: str, tmp_path: Path) -> None:
    """Going back to 0004 keeps the schedules (only the new columns go)."""
    from alembic import command

    url, connect_args, schema = database_url(backend, tmp_path)
    if schema is not None:
        await _pg_schema(url, f"CREATE SCHEMA {schema}")
    db = Database(url, connect_args=connect_args)
    try:
        await db.upgrade()
        store = Store(db)
        community = await store.ensure_community("discord", "g-down")
        await store.save_schedule(community.id, "c1", ScheduleSettings(anchor_date=dt.date(2026, 11, 30)))
        async with db.engine.begin() as conn:
            await conn.run_sync(lambda c: command.downgrade(alembic_config(c), "0004"))
            count = (await conn.execute(text("SELECT count(*) FROM subscriptions"))).scalar()
        assert count == 1
    finally:
        await db.dispose()
        if schema is not None:
            await _pg_schema(url, f"DROP SCHEMA {schema} CASCADE")
