"""Fan-outs across real processes on one database.

- sharing: 2,000 due posts on PostgreSQL (``LOOKOUT_BENCH_DATABASE_URL``), two processes each
  paced at half the rate against one process at the full rate (target: at most 1.1x the time);
- crash repeats: a process posting to a platform with no idempotency key (Slack's policy, then
  Telegram's: one rate for the bot token) is killed with SIGKILL mid fan-out and a second one
  finishes after the lease; the posts shown twice against the in-flight bound (target: no more
  than the bound). SQLite, or PostgreSQL when set.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.delivery import DUE, ROOT, seed
from bench.pg import PG_ENV, schema_url
from bench.record import Record, show

SHARED_POSTS = 2000
FULL_RATE = 100.0  # posts a second; Discord's real 40/s would make the run 50 s long
CRASH_POSTS = 300
IN_FLIGHT = 10  # SLACK_MAX_IN_FLIGHT's and TELEGRAM_MAX_IN_FLIGHT's default
# Each platform's policy as the adapters declare it: Slack paced per channel (one post a second
# each), Telegram for the whole bot token (TELEGRAM_SENDS_PER_SECOND's default, 25). Telegram's
# answers are given 0.4 s, so that at 25 posts a second the in-flight bound is full when the
# process is killed (the worst case it bounds).
CRASH_PLATFORMS = {
    "slack": ("--platform", "slack", "--rate", "1", "--in-flight", str(IN_FLIGHT), "--latency", "0.02"),
    "telegram": ("--platform", "telegram", "--rate", "25", "--in-flight", str(IN_FLIGHT), "--latency", "0.4"),
}
LEASE = dt.timedelta(minutes=2)


def _spawn(url: str, schema: str | None, now: dt.datetime, out: Path, *extra: str) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "bench.fanout_worker", "--url", url, "--now", now.isoformat(), "--out", str(out)]
    if schema:
        args += ["--schema", schema]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "LOOKOUT_"))}
    return subprocess.Popen(
        [*args, *extra],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )


def _ready(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if line != "READY":
        raise RuntimeError(f"a worker did not start: {line} {proc.stderr.read() if proc.stderr else ''}")


def _go(procs: list[subprocess.Popen[str]]) -> None:
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()


def _finish(proc: subprocess.Popen[str]) -> None:
    out, err = proc.communicate(timeout=600)
    if proc.returncode != 0 or "DONE" not in out:
        raise RuntimeError(f"a worker failed: {err[-2000:]}")


def _fan_out_seconds(url: str, processes: int) -> float:
    """Seconds for ``processes`` workers, each at FULL_RATE / processes, to deliver SHARED_POSTS."""
    with schema_url() as (_, connect), tempfile.TemporaryDirectory() as tmp:
        schema = str(connect["options"]).removeprefix("-csearch_path=")
        asyncio.run(seed(url, SHARED_POSTS, DUE, connect))
        log = Path(tmp) / "platform.log"
        now = DUE + dt.timedelta(minutes=1)
        rate = str(FULL_RATE / processes)
        procs = [_spawn(url, schema, now, log, "--rate", rate) for _ in range(processes)]
        for proc in procs:
            _ready(proc)
        started = time.perf_counter()
        _go(procs)
        for proc in procs:
            _finish(proc)
        elapsed = time.perf_counter() - started
        keys = Counter(line.split()[0] for line in log.read_text().splitlines())
    assert len(keys) == SHARED_POSTS and set(keys.values()) == {1}, "a post was missed or sent twice"
    return elapsed


def sharing() -> list[Record]:
    url = os.environ.get(PG_ENV)
    if not url:
        print(f"  shared fan-out: skipped (set {PG_ENV}=postgresql://... to measure it)")
        return []
    one = _fan_out_seconds(url, 1)
    two = _fan_out_seconds(url, 2)
    print(f"  {SHARED_POSTS} due posts: one process at {FULL_RATE:.0f}/s {one:.2f}s; two at half the rate {two:.2f}s")
    return [Record(f"fan-out of {SHARED_POSTS}: two processes at half rate vs one", two, "s", one, target=1.1)]


def _crash_repeats(url: str, schema: str | None, platform: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "platform.log"
        log.touch()
        now = DUE + dt.timedelta(minutes=1)
        policy = CRASH_PLATFORMS[platform]
        first = _spawn(url, schema, now, log, *policy)
        _ready(first)
        _go([first])
        # Killed once a third of the posts are out, whatever is in flight at that moment.
        while len(log.read_bytes().splitlines()) < CRASH_POSTS // 3:
            if first.poll() is not None:
                raise RuntimeError("the first worker ended before it could be killed")
            time.sleep(0.005)
        first.kill()
        first.wait(timeout=30)
        second = _spawn(url, schema, now + LEASE + dt.timedelta(seconds=1), log, *policy)
        _ready(second)
        _go([second])
        _finish(second)
        keys = Counter(line.split()[0] for line in log.read_text().splitlines())
    assert len(keys) == CRASH_POSTS, f"{CRASH_POSTS - len(keys)} posts never went out"
    return sum(n - 1 for n in keys.values())


def crash(platform: str) -> list[Record]:
    url = os.environ.get(PG_ENV)
    with tempfile.TemporaryDirectory() as tmp:
        if url:
            with schema_url() as (_, connect):
                schema = str(connect["options"]).removeprefix("-csearch_path=")
                asyncio.run(seed(url, CRASH_POSTS, DUE, connect, platform=platform))
                repeats = _crash_repeats(url, schema, platform)
        else:
            url = f"sqlite:///{tmp}/crash.db"
            asyncio.run(seed(url, CRASH_POSTS, DUE, platform=platform))
            repeats = _crash_repeats(url, None, platform)
    print(f"  kill -9 mid {platform} fan-out of {CRASH_POSTS}: {repeats} shown twice, bound {IN_FLIGHT}")
    name = "crash: posts shown twice vs the in-flight bound" + ("" if platform == "slack" else f" ({platform})")
    return [Record(name, float(repeats), "n", float(IN_FLIGHT), target=1.0)]


def run() -> list[Record]:
    return [*sharing(), *crash("slack"), *crash("telegram")]


if __name__ == "__main__":
    show(run())
