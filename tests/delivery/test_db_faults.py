"""The database fails mid fan-out: every send is still awaited and recorded, and nothing is posted twice.

Faults are injected two ways: a wrapper around the outcome write (both backends), and on
PostgreSQL by terminating the service's connections with ``pg_terminate_backend`` while the
fan-out runs, as a failover or a restarted pooler would.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import Counter

import pytest
from delivery_helpers import RecordingMessenger, make_service, subscribe
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from bot.core.messaging import Destination
from bot.store import Database
from bot.store.schema import Delivery

DUE = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.UTC)


def dropped() -> OperationalError:
    return OperationalError("UPDATE deliveries", {}, ConnectionError("server closed the connection unexpectedly"))


async def rows(db) -> dict[str, Delivery]:
    async with db.session() as session:
        found = (await session.scalars(select(Delivery))).all()
    return {r.idempotency_key: r for r in found}


async def fan_out(store, clock, n: int) -> None:
    for i in range(n):
        await subscribe(store, clock(), community=f"g{i}", channel=f"c{i}")
    clock.now = DUE + dt.timedelta(minutes=1)


async def test_an_outcome_write_that_committed_then_lost_its_connection_is_not_resent(
    db, store, catalogue, clock, messenger, fake_sleep
) -> None:
    """The first outcome commit lands but its connection drops before the answer: retried, stored once."""
    await fan_out(store, clock, 5)
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    real = service.claims.finish
    calls = 0

    async def commits_then_drops(outcomes, now) -> None:
        nonlocal calls
        calls += 1
        await real(outcomes, now)
        if calls == 1:
            raise dropped()

    service.claims.finish = commits_then_drops  # type: ignore[method-assign]
    report = await service.tick()
    assert report.sent == 5 and report.unrecorded == 0
    stored = await rows(db)
    assert {r.status for r in stored.values()} == {"sent"}
    assert {r.attempts for r in stored.values()} == {1}, "a retried write counted an attempt twice"
    clock.advance(minutes=10)  # long past every lease
    await service.tick()
    assert Counter(p.key for p in messenger.attempts) == Counter({k: 1 for k in stored})


async def test_a_write_that_keeps_failing_ends_neither_the_tick_nor_the_other_sends(
    db, store, catalogue, clock, messenger, fake_sleep, caplog
) -> None:
    """One channel's outcome can never be stored: the others are recorded, the error and the summary logged."""
    caplog.set_level(logging.INFO, logger="bot.delivery")
    await fan_out(store, clock, 6)
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    real = service.claims.finish

    async def c0_fails(outcomes, now) -> None:
        if any(o.job.channel_id == "c0" for o in outcomes):
            raise dropped()
        await real(outcomes, now)

    finished_sends = 0
    inner = messenger.send

    async def counting(destination: Destination, reply, *, idempotency_key: str) -> str | None:
        nonlocal finished_sends
        result = await inner(destination, reply, idempotency_key=idempotency_key)
        finished_sends += 1
        return result

    messenger.send = counting  # type: ignore[method-assign]
    service.claims.finish = c0_fails  # type: ignore[method-assign]
    report = await service.tick()  # returns: the error does not end the tick
    assert finished_sends == 6, "a send was still running when the tick ended"
    assert report.unrecorded >= 1 and report.sent + report.unrecorded == 6
    stored = await rows(db)
    assert sum(r.status == "sent" for r in stored.values()) == report.sent
    assert "could not record a scheduled post's outcome" in caplog.text
    assert "delivery tick:" in caplog.text and f"{report.unrecorded} unrecorded" in caplog.text


async def test_terminated_connections_mid_fan_out_are_replaced_and_nothing_is_posted_twice(
    backend, db, store, catalogue, clock, fake_sleep
) -> None:
    """PostgreSQL kills every connection of the service while it posts: outcomes still stored, no re-posts."""
    if backend != "postgresql":
        pytest.skip("pg_terminate_backend needs PostgreSQL (the wrapper tests above cover SQLite)")
    async with db.engine.connect() as conn:
        schema = str(await conn.scalar(text("SELECT current_schema()")))
    tag = f"lookout-test-{uuid.uuid4().hex[:8]}"
    url = db.url.render_as_string(hide_password=False).replace("+psycopg", "")
    service_db = Database(url, connect_args={"options": f"-csearch_path={schema}", "application_name": tag})
    admin = Database(url)
    await fan_out(store, clock, 12)
    killed = 0

    async def kill_connections() -> None:
        nonlocal killed
        async with admin.engine.connect() as conn:
            result = await conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :tag"),
                {"tag": tag},
            )
            killed += len(result.all())

    class KillingMessenger(RecordingMessenger):
        async def send(self, destination: Destination, reply, *, idempotency_key: str) -> str | None:
            if len(self.attempts) in (3, 8):
                await kill_connections()
            return await super().send(destination, reply, idempotency_key=idempotency_key)

    messenger = KillingMessenger()
    try:
        service = make_service(service_db, catalogue, {"discord": messenger}, clock, fake_sleep)
        report = await service.tick()
        assert killed >= 1, "no connection was terminated"
        clock.advance(minutes=10)  # long past every lease: anything left claimed would be resumed now
        await service.tick()
        keys = Counter(p.key for p in messenger.attempts)
        assert len(keys) == 12 and set(keys.values()) == {1}, f"posted twice: {keys}"
        assert report.sent == 12
        assert {r.status for r in (await rows(db)).values()} == {"sent"}
    finally:
        await service_db.dispose()
        await admin.dispose()


async def test_shutdown_waits_for_sends_still_running_after_a_database_error(
    db, store, catalogue, clock, fake_sleep
) -> None:
    """c0's outcome cannot be stored while c1 is still posting: shutdown waits for c1 before releasing claims."""
    import asyncio

    await fan_out(store, clock, 2)
    started, release = asyncio.Event(), asyncio.Event()

    class SlowOnC1(RecordingMessenger):
        async def send(self, destination: Destination, reply, *, idempotency_key: str) -> str | None:
            if destination.channel_id == "c1":
                started.set()
                await release.wait()
            return await super().send(destination, reply, idempotency_key=idempotency_key)

    messenger = SlowOnC1()
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    real = service.claims.finish

    async def c0_fails(outcomes, now) -> None:
        if any(o.job.channel_id == "c0" for o in outcomes):
            raise dropped()
        await real(outcomes, now)

    service.claims.finish = c0_fails  # type: ignore[method-assign]
    ticking = asyncio.create_task(service._ticker._run())
    await started.wait()
    stopping = asyncio.create_task(service.shutdown(grace_seconds=30))
    for _ in range(50):  # let c0's failed write and the shutdown run as far as they can
        await asyncio.sleep(0)
    assert not stopping.done(), "shutdown released the claims while a post was still being sent"
    release.set()
    await stopping
    await ticking
    c1 = [r for r in (await rows(db)).values() if r.status == "sent"]
    assert len(c1) == 1, "the post that went out was not recorded before shutdown finished"
