"""The store implements the core's ports: plain records, typed updates, notices by kind (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from sqlalchemy import text

from bot.core.content import Catalogue
from bot.core.messaging import FailureKind
from bot.core.notices import post_failed, render_notice
from bot.core.ports import (
    CommunityRecord,
    CoreStore,
    Notice,
    NoticeKind,
    PauseReason,
    ScheduleSettings,
    SubscriptionRecord,
    SubscriptionState,
)
from bot.store import Database, Store
from tests.conftest import NOW, database_url


async def _subscribed(store: CoreStore, external: str = "g1") -> SubscriptionRecord:
    community = await store.ensure_community("discord", external)
    return await store.save_schedule(community.id, "chan", ScheduleSettings(anchor_date=NOW.date()))


async def test_records_are_plain_dataclasses_not_rows(core_store: CoreStore) -> None:
    """What the core gets back is a frozen record it can keep after the session is gone."""
    community = await core_store.ensure_community("slack", "T1")
    sub = await core_store.save_schedule(community.id, "C1", ScheduleSettings(anchor_date=NOW.date()))
    assert type(community) is CommunityRecord and type(sub) is SubscriptionRecord
    assert dataclasses.is_dataclass(sub) and sub.state is SubscriptionState.ACTIVE
    assert await core_store.community("slack", "T1") == community


async def test_pause_resume_and_settings_are_typed_changes(core_store: CoreStore) -> None:
    """pause, resume, audience and quiet hours each change what they name, with enum reasons."""
    store = core_store
    sub = await _subscribed(store)
    await store.pause(sub.id, PauseReason.ADMIN)
    paused = await store.subscription(sub.id)
    assert paused is not None and paused.paused and paused.paused_reason is PauseReason.ADMIN
    assert paused.state is SubscriptionState.PAUSED
    due = NOW + dt.timedelta(days=1)
    await store.resume(sub.id, due)
    await store.set_audience(sub.id, "moderators", "14+")
    quiet = await store.set_quiet_hours(sub.id, "21:00", "07:00")
    assert quiet is not None
    assert (quiet.paused, quiet.paused_reason, quiet.next_due_at) == (False, None, due)
    assert (quiet.audience, quiet.age_band, quiet.quiet_start, quiet.quiet_end) == (
        "moderators",
        "14+",
        "21:00",
        "07:00",
    )


async def test_setup_again_keeps_an_admin_pause_and_clears_failures(store: Store, db: Database) -> None:
    """save_schedule lifts a pause after failures but keeps the one an admin asked for."""
    sub = await _subscribed(store)
    async with db.session() as session, session.begin():
        await session.execute(text(f"UPDATE subscriptions SET failure_count = 2 WHERE id = {sub.id}"))
    again = await store.save_schedule(
        sub.community_id, "chan", ScheduleSettings(anchor_date=NOW.date(), cadence="daily"), paused_by_admin=True
    )
    assert (again.id, again.cadence, again.failure_count) == (sub.id, "daily", 0)
    assert again.paused_reason is PauseReason.ADMIN


async def test_states_are_counted_by_enum(core_store: CoreStore) -> None:
    """subscription_states counts each SubscriptionState (and string keys still work)."""
    store = core_store
    active = await _subscribed(store, "g1")
    paused = await _subscribed(store, "g2")
    await store.pause(paused.id, PauseReason.FAILURES)
    states, _ = await store.subscription_states(NOW)
    assert states == {SubscriptionState.ACTIVE: 1, SubscriptionState.FAILING: 0, SubscriptionState.PAUSED: 1}
    assert states["active"] == 1 and active.state is SubscriptionState.ACTIVE


async def test_notice_is_stored_as_kind_and_parameters(store: Store, db: Database, catalogue: Catalogue) -> None:
    """A failure notice is kept as a kind with parameters and worded only when it is read."""
    community = await store.ensure_community("discord", "g1")
    await store.leave_notice(community.id, post_failed(FailureKind.NO_PERMISSION, "123", 3, paused=True))
    async with db.session() as session:
        kind, params = (
            await session.execute(text(f"SELECT notice_kind, notice_params FROM communities WHERE id = {community.id}"))
        ).one()
    assert kind == "post-failed" and json.loads(params)["reason"] == "no_permission"
    notice = await store.take_notice(community.id)
    assert notice is not None and notice.kind is NoticeKind.POST_FAILED
    worded = render_notice(catalogue.texts, notice)
    assert "#123" in worded and "permission" in worded and "paused" in worded
    assert await store.take_notice(community.id) is None


async def test_every_failure_kind_has_wording(catalogue: Catalogue) -> None:
    """Each failure reason an admin can be told about has its own sentence."""
    for kind in FailureKind:
        worded = render_notice(catalogue.texts, post_failed(kind, "C1", 1, paused=False))
        assert catalogue.texts.get(f"notices.why-{kind.value.replace('_', '-')}") in worded
        assert worded.endswith("pause tips there if it keeps failing.") and "/safety-admin resume" in worded


async def test_upgrade_keeps_a_notice_written_as_text(backend: str, tmp_path: Path) -> None:
    """A notice stored as English by the first schema survives the migration and is shown as it was."""
    from alembic import command

    from bot.store.database import alembic_config

    url, connect_args, schema = database_url(backend, tmp_path)
    if schema is not None:
        from tests.conftest import _pg_schema

        await _pg_schema(url, f"CREATE SCHEMA {schema}")
    db = Database(url, connect_args=connect_args)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(lambda c: command.upgrade(alembic_config(c), "0002"))
            await conn.execute(
                text(
                    "INSERT INTO communities (platform, external_id, pending_notice, created_at) "
                    "VALUES ('slack', 'T1', 'I could not post in #tips.', CURRENT_TIMESTAMP)"
                )
            )
        await db.upgrade()
        store = Store(db)
        community = await store.community("slack", "T1")
        assert community is not None
        assert await store.take_notice(community.id) == Notice(NoticeKind.TEXT, {"text": "I could not post in #tips."})
    finally:
        await db.dispose()
        if schema is not None:
            from tests.conftest import _pg_schema

            await _pg_schema(url, f"DROP SCHEMA {schema} CASCADE")


async def test_communities_are_found_by_place_and_by_id(core_store: CoreStore) -> None:
    """A community is the same record by platform id and by internal id; the platform's locale is kept."""
    assert await core_store.community("discord", "g1") is None
    made = await core_store.ensure_community("discord", "g1")
    other = await core_store.ensure_community("slack", "g1")
    assert made.id != other.id and (made.region, made.language, made.locale) == (None, None, None)
    await core_store.set_locale(made.id, "pt-BR")
    again = await core_store.community_by_id(made.id)
    assert again == dataclasses.replace(made, locale="pt-BR") == await core_store.community("discord", "g1")
    assert await core_store.community_by_id(made.id + other.id + 1) is None


async def test_schedules_are_each_channels_own_oldest_first(core_store: CoreStore) -> None:
    """subscriptions lists one community's channels in the order they were set up, with what was saved."""
    community = await core_store.ensure_community("discord", "g1")
    elsewhere = await core_store.ensure_community("discord", "g2")
    first = await core_store.save_schedule(community.id, "b", ScheduleSettings(anchor_date=NOW.date()))
    settings = ScheduleSettings(NOW.date(), "daily", "mon", "07:30", "Asia/Tokyo", "young-people", 300, False)
    second = await core_store.save_schedule(community.id, "a", settings, paused_by_admin=True)
    await core_store.save_schedule(elsewhere.id, "a", ScheduleSettings(anchor_date=NOW.date()))
    await core_store.set_quiet_hours(second.id, "21:00", "07:00")
    listed = await core_store.subscriptions(community.id)
    assert [s.channel_id for s in listed] == ["b", "a"] and listed[0] == first
    read = listed[1]
    assert (read.cadence, read.local_time, read.timezone, read.audience, read.jitter_seconds) == (
        "daily",
        "07:30",
        "Asia/Tokyo",
        "young-people",
        300,
    )
    assert (read.paused, read.paused_reason, read.timezone_set, read.anchor_date) == (
        True,
        PauseReason.ADMIN,
        False,
        NOW.date(),
    )
    assert (read.quiet_start, read.quiet_end) == ("21:00", "07:00")
    assert await core_store.subscription(second.id) == read


async def test_tip_history_is_kept_per_channel_and_a_new_cycle_keeps_the_last_tip(core_store: CoreStore) -> None:
    """Tips shown come back per channel, oldest first; a reset starts a cycle but keeps the last tip."""
    one = (await core_store.ensure_community("discord", "g1")).id
    two = (await core_store.ensure_community("discord", "g2")).id
    here, there, elsewhere, empty = (one, "c1"), (one, "c2"), (two, "c1"), (one, "never")
    await core_store.record_tips([(here, "t1"), (there, "t9"), (here, "t2"), (elsewhere, "t1")], [], NOW)
    await core_store.record_tips([(here, "t3")], [], NOW + dt.timedelta(minutes=1))
    shown = await core_store.tips_shown([here, there, empty])
    assert shown == {here: ["t1", "t2", "t3"], there: ["t9"], empty: []}
    # A new cycle in one channel: only its last tip stays, before the cycle's first.
    await core_store.record_tips([(here, "t1")], [(here, "t3")], NOW + dt.timedelta(minutes=2))
    await core_store.record_tips([], [(there, None)], NOW + dt.timedelta(minutes=3))
    assert await core_store.tips_shown([here, there, elsewhere]) == {here: ["t3", "t1"], there: [], elsewhere: ["t1"]}
    assert await core_store.tips_shown([]) == {}
