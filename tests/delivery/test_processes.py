"""Real processes: SIGKILL in the middle of a fan-out, then restart; two workers on one database."""

from __future__ import annotations

import datetime as dt
import os
import select
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from delivery_helpers import subscribe
from sqlalchemy import select as sql_select
from sqlalchemy import text

from bot.store.schema import Delivery

pytestmark = pytest.mark.slow

WORKER = Path(__file__).with_name("worker_process.py")
DUE = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(minutes=2)


async def worker_args(db, backend: str) -> list[str]:
    if backend == "sqlite":
        return ["--url", f"sqlite:///{db.url.database}"]
    async with db.engine.connect() as conn:
        schema = await conn.scalar(text("SELECT current_schema()"))
    return ["--url", os.environ["LOOKOUT_TEST_DATABASE_URL"], "--schema", str(schema)]


def spawn(args: list[str], *, stdin: bool = False) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "LOOKOUT_"))}
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        text=True,
        env=env,
    )


def read_until(proc: subprocess.Popen[str], word: str, timeout: float = 60) -> None:
    """Block on the worker's stdout (not on the clock) until it prints ``word``."""
    assert proc.stdout is not None
    while True:
        ready, _, _ = select.select([proc.stdout], [], [], timeout)
        assert ready, f"worker printed nothing for {timeout}s"
        line = proc.stdout.readline()
        assert line, f"worker exited early: {proc.stderr.read() if proc.stderr else ''}"
        if line.strip() == word:
            return


def finish(proc: subprocess.Popen[str]) -> None:
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "DONE" in out


def posted(log: Path) -> list[tuple[str, str]]:
    return [tuple(line.split()[:2]) for line in log.read_text().splitlines()]  # type: ignore[misc]


async def statuses(db) -> dict[str, str]:
    async with db.session() as session:
        rows = (await session.scalars(sql_select(Delivery))).all()
    return {r.idempotency_key: r.status for r in rows}


async def test_sigkill_mid_fan_out_then_restart_delivers_every_slot_once(db, store, backend, clock, tmp_path) -> None:
    """SIGKILLed while posting to 40 channels; after restart each slot reached the platform under one key."""
    for i in range(40):
        await subscribe(store, clock(), community=f"g{i}", channel=f"c{i}")
    log = tmp_path / "platform.log"
    base = await worker_args(db, backend)
    at = DUE + dt.timedelta(minutes=1)

    first = spawn([*base, "--now", at.isoformat(), "--out", str(log), "--worker", "first", "--hang-after", "17"])
    read_until(first, "HANG")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    before = posted(log)
    in_flight = {key for key, status in (await statuses(db)).items() if status == "claimed"}
    assert 17 <= len(before) < 40, "the kill did not land in the middle of the fan-out"
    assert in_flight, "nothing was in flight when the process died"

    # Restarted after the dead process's lease ran out (still well inside the catch-up window).
    later = at + LEASE + dt.timedelta(seconds=1)
    second = spawn([*base, "--now", later.isoformat(), "--out", str(log), "--worker", "second"])
    finish(second)

    attempts = posted(log)
    keys = Counter(key for key, _ in attempts)
    channels = {channel for _, channel in attempts}
    assert channels == {f"c{i}" for i in range(40)}
    assert len(keys) == 40, "a slot was posted under two different keys"
    resent = {key for key, n in keys.items() if n > 1}
    assert max(keys.values()) == 2 and resent <= in_flight, "a finished post was sent again"
    assert set((await statuses(db)).values()) == {"sent"}
    assert len(await statuses(db)) == 40, "a slot was claimed twice"


async def test_sigkill_mid_slack_fan_out_repeats_no_more_than_the_in_flight_bound(
    db, store, backend, clock, tmp_path
) -> None:
    """Slack honours no idempotency key: after a kill -9, at most SLACK_MAX_IN_FLIGHT (4) posts show twice."""
    for i in range(40):
        await subscribe(store, clock(), platform="slack", community=f"T{i}", channel=f"C{i}")
    log = tmp_path / "platform.log"
    base = [*await worker_args(db, backend), "--platform", "slack", "--in-flight", "4"]
    at = DUE + dt.timedelta(minutes=1)
    first = spawn([*base, "--now", at.isoformat(), "--out", str(log), "--worker", "first", "--hang-after", "17"])
    read_until(first, "HANG")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    later = at + LEASE + dt.timedelta(seconds=1)
    finish(spawn([*base, "--now", later.isoformat(), "--out", str(log), "--worker", "second"]))
    keys = Counter(key for key, _ in posted(log))
    assert len(keys) == 40, "a slot was never posted"
    repeated = sum(n - 1 for n in keys.values())
    assert 0 < repeated <= 4, f"{repeated} posts shown twice; the bound is 4"


async def test_two_processes_on_one_database_never_post_a_slot_twice(db, store, backend, clock, tmp_path) -> None:
    """Two workers start together on 120 due slots (SQLite file, or PostgreSQL): each slot is sent once."""
    for i in range(120):
        await subscribe(store, clock(), community=f"g{i}", channel=f"c{i}")
    log = tmp_path / "platform.log"
    base = await worker_args(db, backend)
    at = (DUE + dt.timedelta(minutes=1)).isoformat()
    workers = [spawn([*base, "--now", at, "--out", str(log), "--worker", w, "--wait-go"], stdin=True) for w in "ab"]
    for w in workers:
        read_until(w, "READY")
    for w in workers:
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in workers:
        finish(w)
    attempts = posted(log)
    keys = Counter(key for key, _ in attempts)
    assert len(attempts) == 120 and set(keys.values()) == {1}, "a slot was sent by both processes"
    assert {c for _, c in attempts} == {f"c{i}" for i in range(120)}
    assert set((await statuses(db)).values()) == {"sent"}
