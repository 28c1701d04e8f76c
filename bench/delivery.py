"""Scheduled delivery benchmarks, each against a baseline measured in the same run.

- throughput: one tick delivering N due subscriptions to a no-op messenger on SQLite, against
  plain INSERTs of the same N delivery rows (same batch size) into the same database;
- pacing: the real clock, a simulated platform allowing 200 sends/s (429 beyond): achieved
  rate against the limit, and 429s against sends;
- start-up and memory with N stored subscriptions: the service (one APScheduler job, the table
  as source of truth) against one APScheduler job per subscription, each in a fresh process,
  both over the floor of a process that only imports the same libraries.

- the same tick against plain INSERTs on PostgreSQL when ``LOOKOUT_BENCH_DATABASE_URL`` is set
  (``LOOKOUT_BENCH_PG_SUBSCRIPTIONS`` rows, default 20,000; skipped with a message otherwise);

Run: ``python -m bench.delivery`` (or ``make bench``). ``LOOKOUT_BENCH_SUBSCRIPTIONS`` sets N
(default 100,000); the tick figures are medians of ``LOOKOUT_BENCH_PAIRS`` alternating pairs (3).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.record import Record

ROOT = Path(__file__).resolve().parent.parent
DUE = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.UTC)
SETUP_AT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def _n() -> int:
    return int(os.environ.get("LOOKOUT_BENCH_SUBSCRIPTIONS", "100000"))


async def seed(
    url: str, n: int, due: dt.datetime, connect: dict[str, object] | None = None, *, platform: str = "discord"
) -> None:
    """N communities with one daily subscription each, all due at ``due``."""
    from sqlalchemy import insert, text

    from bot.store import Database
    from bot.store.schema import Community, Subscription

    db = Database(url, connect_args=connect)
    await db.upgrade()
    async with db.session() as session, session.begin():
        for start in range(0, n, 5000):
            ids = range(start + 1, min(n, start + 5000) + 1)
            await session.execute(
                insert(Community),
                [{"id": i, "platform": platform, "external_id": f"g{i}", "created_at": SETUP_AT} for i in ids],
            )
            await session.execute(
                insert(Subscription),
                [
                    {
                        "id": i,
                        "community_id": i,
                        "channel_id": f"c{i}",
                        "cadence": "daily",
                        "days": "mon",
                        "local_time": "18:00",
                        "timezone": "Europe/London",
                        "audience": ("parents", "young-people", "moderators")[i % 3],
                        "anchor_date": SETUP_AT.date(),
                        "jitter_seconds": 0,
                        "paused": False,
                        "failure_count": 0,
                        "next_due_at": due,
                        "created_at": SETUP_AT,
                    }
                    for i in ids
                ],
            )
    if db.engine.dialect.name == "postgresql":
        # Statistics, as autovacuum gathers them within a minute of a bulk change in a running
        # database: without any, PostgreSQL plans the claim query as if the tables were empty.
        async with db.engine.connect() as conn:
            await conn.execute(text("ANALYZE communities, subscriptions"))
            await conn.commit()
    await db.dispose()


class NoopMessenger:
    async def send(self, destination, reply, *, idempotency_key: str) -> str | None:
        return None


async def _tick_seconds(url: str, n: int, connect: dict[str, object] | None = None) -> tuple[float, int]:
    from bot.core.content import load_catalogue
    from bot.core.messaging import UNPACED
    from bot.delivery.pacing import Pacer
    from bot.delivery.sender import Sender
    from bot.delivery.service import DeliveryService
    from bot.ops.heap import settle_start_up_heap
    from bot.store import Database

    db = Database(url, connect_args=connect)
    # Checked as of the real day when later: content written today carries today's date.
    catalogue = load_catalogue(ROOT / "messages", today=max(DUE.date(), dt.date.today()))
    messengers = {"discord": NoopMessenger()}
    # The fan-out itself is measured here, not Discord's rate: pacing has its own figure.
    sender = Sender(messengers, Pacer({"discord": UNPACED}))
    now = DUE + dt.timedelta(minutes=1)
    service = DeliveryService(db, catalogue, messengers, sender, clock=lambda: now)
    # As the running process does once started (bot.runtime.run_platforms).
    settle_start_up_heap()
    started = time.perf_counter()
    report = await service.tick()
    elapsed = time.perf_counter() - started
    await db.dispose()
    return elapsed, report.sent


async def _plain_insert_seconds(url: str, n: int, connect: dict[str, object] | None = None) -> float:
    """The baseline: INSERT the same N delivery rows, 500 per transaction, nothing else."""
    from sqlalchemy import insert

    from bot.delivery.jobs import idempotency_key
    from bot.store import Database
    from bot.store.schema import Delivery

    db = Database(url, connect_args=connect)
    started = time.perf_counter()
    for start in range(1, n + 1, 500):
        async with db.session() as session, session.begin():
            await session.execute(
                insert(Delivery),
                [
                    {
                        "subscription_id": i,
                        "slot_at": DUE,
                        "status": "sent",
                        "idempotency_key": idempotency_key(i, DUE),
                        "attempts": 1,
                        "created_at": DUE,
                    }
                    for i in range(start, min(n, start + 499) + 1)
                ],
            )
    elapsed = time.perf_counter() - started
    await db.dispose()
    return elapsed


def _pairs() -> int:
    return int(os.environ.get("LOOKOUT_BENCH_PAIRS", "3"))


def _tick_against_plain(
    fresh: Callable[[], contextlib.AbstractContextManager[tuple[tuple[str, Any], tuple[str, Any]]]], n: int
) -> tuple[float, float]:
    """Median seconds of the tick and of the plain INSERTs over alternating pairs, each in fresh databases.

    The machine is shared: one pair can be off by half either way, so each side runs first in
    every other pair and the medians are compared.
    """
    ticks: list[float] = []
    plains: list[float] = []
    for i in range(_pairs()):
        with fresh() as ((ours_url, ours), (base_url, base)):
            asyncio.run(seed(ours_url, n, DUE, ours))
            asyncio.run(seed(base_url, n, DUE, base))
            if i % 2:
                plains.append(asyncio.run(_plain_insert_seconds(base_url, n, base)))
            tick, sent = asyncio.run(_tick_seconds(ours_url, n, ours))
            assert sent == n, f"the tick delivered {sent} of {n}"
            ticks.append(tick)
            if not i % 2:
                plains.append(asyncio.run(_plain_insert_seconds(base_url, n, base)))
        print(
            f"    pair {i + 1}: tick {ticks[-1]:.2f}s, plain INSERTs {plains[-1]:.2f}s = {ticks[-1] / plains[-1]:.2f}x"
        )
    return statistics.median(ticks), statistics.median(plains)


@contextlib.contextmanager
def _sqlite_pair() -> Iterator[tuple[tuple[str, Any], tuple[str, Any]]]:
    with tempfile.TemporaryDirectory() as tmp:
        yield (f"sqlite:///{tmp}/tick.db", None), (f"sqlite:///{tmp}/plain.db", None)


def throughput(n: int) -> list[Record]:
    tick, plain = _tick_against_plain(_sqlite_pair, n)
    rate = n / tick
    print(f"  tick: {n} deliveries in {tick:.2f}s = {rate:,.0f}/s; plain INSERTs of the rows: {plain:.2f}s (medians)")
    return [
        Record(f"delivery tick vs plain INSERT, {n} due (SQLite)", tick, "s", plain, target=6.0),
        # The absolute target, 1,000 deliveries/s, as seconds per 1,000 against 1 s.
        Record("delivery s per 1000 vs the 1000/s target (SQLite)", 1000 / rate, "s", 1.0, target=1.0),
    ]


def throughput_postgresql(n: int) -> list[Record]:
    """The same figure on PostgreSQL (``LOOKOUT_BENCH_DATABASE_URL``), each side in a fresh schema."""
    from bench.pg import PG_ENV, schema_url

    if not os.environ.get(PG_ENV):
        print(f"  tick on PostgreSQL: skipped (set {PG_ENV}=postgresql://... to measure it)")
        return []

    @contextlib.contextmanager
    def pair() -> Iterator[tuple[tuple[str, Any], tuple[str, Any]]]:
        with schema_url() as (url, ours), schema_url() as (_, base):
            yield (url, ours), (url, base)

    tick, plain = _tick_against_plain(pair, n)
    print(
        f"  tick on PostgreSQL: {n} deliveries in {tick:.2f}s = {n / tick:,.0f}/s;"
        f" plain INSERTs: {plain:.2f}s (medians)"
    )
    return [Record(f"delivery tick vs plain INSERT, {n} due (PostgreSQL)", tick, "s", plain, target=6.0)]


async def _pace(limit: float, pace: float, seconds: float) -> tuple[float, int, int]:
    from bot.core.messaging import BucketScope, DeliveryFailure, Destination, FailureKind, PacingPolicy
    from bot.core.models import Reply
    from bot.delivery.pacing import Pacer
    from bot.delivery.sender import Sender

    window: deque[float] = deque()
    rejected = 0
    accepted = 0

    class Platform:
        async def send(self, destination, reply, *, idempotency_key: str) -> str | None:
            nonlocal rejected, accepted
            now = time.monotonic()
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= limit:
                rejected += 1
                raise DeliveryFailure(FailureKind.RATE_LIMITED, retry_after=1.0)
            window.append(now)
            accepted += 1
            return None

    sender = Sender(
        {"discord": Platform()}, Pacer({"discord": PacingPolicy(per_second=pace, scope=BucketScope.CREDENTIAL)})
    )
    reply = Reply("t", "b")
    started = time.monotonic()
    i = 0
    while time.monotonic() - started < seconds:
        i += 1
        await sender.send(Destination("discord", f"g{i}", "c"), reply, f"k{i}")
    return accepted / (time.monotonic() - started), rejected, i


def pacing() -> list[Record]:
    limit = 200.0
    # Configured a little under the limit, as DISCORD_SENDS_PER_SECOND=40 is under Discord's 50.
    achieved, rejected, sends = asyncio.run(_pace(limit, pace=limit * 0.98, seconds=5.0))
    print(f"  pacing: {achieved:.1f}/s against a {limit:.0f}/s limit, {rejected} 429s in {sends} sends")
    return [
        Record("pacing: limit / achieved rate (200/s simulated)", limit, "/s", achieved, target=1 / 0.95),
        Record("pacing: 429s / sends", float(rejected), "n", float(sends), target=0.0),
    ]


_CHILD = r"""
import asyncio, datetime as dt, json, resource, sys, time
import psutil
mode, url, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
import bot.app, bot.delivery.service, bot.store  # the same libraries in every mode

async def noop():
    pass

async def main():
    started = time.perf_counter()
    if mode == "service":
        from bot.config import Settings
        from bot.app import build_app
        now = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
        app = await build_app(Settings(database_url=url), clock=lambda: now)
        app.messengers["discord"] = app.messengers["console"]
        app.delivery.start()
        await app.delivery.tick()  # ready: the first tick has looked at every subscription
        ready = time.perf_counter() - started
        app.delivery.stop()
        await app.close()
    elif mode == "per-job":
        sched = AsyncIOScheduler(timezone=dt.UTC)
        sched.start(paused=True)
        for i in range(n):
            sched.add_job(noop, CronTrigger(hour=18, minute=0, timezone="Europe/London"), id=f"s{i}")
        ready = time.perf_counter() - started
        sched.shutdown(wait=False)
    else:
        ready = time.perf_counter() - started
    # Resident memory once ready (what the process keeps), and the peak on the way there.
    rss_mb = psutil.Process().memory_info().rss / 2**20
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"ready": ready, "rss_mb": rss_mb, "peak_mb": peak_mb}))

asyncio.run(main())
"""


def _child(mode: str, url: str, n: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, url, str(n)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def startup(n: int) -> list[Record]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/stored.db"
        # Stored, not due: start-up is reading the table, not delivering.
        asyncio.run(seed(url, n, DUE + dt.timedelta(days=1)))
        floor = _child("floor", url, n)
        ours = _child("service", url, n)
        per_job = _child("per-job", url, n)
    ours_over = max(ours["rss_mb"] - floor["rss_mb"], 0.1)
    job_over = max(per_job["rss_mb"] - floor["rss_mb"], 0.1)
    print(
        f"  start-up with {n} stored: service ready in {ours['ready']:.2f}s, +{ours_over:.1f} MB over the "
        f"{floor['rss_mb']:.0f} MB floor; one job each: {per_job['ready']:.2f}s, +{job_over:.1f} MB "
        f"(peak RSS: floor {floor['peak_mb']:.0f}, service {ours['peak_mb']:.0f}, "
        f"one job each {per_job['peak_mb']:.0f} MB)"
    )
    peak_over = max(ours["peak_mb"] - floor["peak_mb"], 0.1)
    return [
        Record(f"start-up: service vs one job each, {n} stored", ours["ready"], "s", per_job["ready"], target=0.2),
        Record(f"RSS over floor: service vs one job each, {n} stored", ours_over, "MB", job_over, target=0.2),
        Record("RSS over floor: service vs the 30 MB budget", ours_over, "MB", 30.0, target=1.0),
        Record("peak RSS over floor peak: service vs the 30 MB budget", peak_over, "MB", 30.0, target=1.0),
        Record("start-up: service vs the 2 s budget", ours["ready"], "s", 2.0, target=1.0),
    ]


def run() -> list[Record]:
    n = _n()
    pg_n = int(os.environ.get("LOOKOUT_BENCH_PG_SUBSCRIPTIONS", "20000"))
    return [*throughput(n), *throughput_postgresql(pg_n), *pacing(), *startup(n)]


if __name__ == "__main__":
    for record in run():
        flag = "" if record.ok else "  (over target)"
        print(
            f"{record.name:<58} {record.value:>10.3f} {record.baseline:>10.3f} {record.unit:<3}"
            f" ratio {record.ratio:6.3f} target {record.target:5.3f}{flag}"
        )
