"""SIGTERM: `lookout run` stops within 10 s and no claimed post is lost or doubled."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.core.content import load_catalogue
from bot.core.ports import ScheduleSettings
from bot.store import Database, Store
from bot.store.schema import Delivery
from tests.conftest import MESSAGES, content_day
from tests.delivery.delivery_helpers import RecordingMessenger, make_service

CHILD = Path(__file__).with_name("shutdown_child.py")
ROOT = Path(__file__).resolve().parents[2]
COMMUNITIES = 12


async def _prepare(url: str, now: dt.datetime) -> None:
    db = Database(url)
    await db.upgrade()
    store = Store(db)
    for i in range(COMMUNITIES):
        community = await store.ensure_community("console", f"c{i}")
        settings = ScheduleSettings(cadence="daily", days="mon", local_time="09:00", anchor_date=now.date())
        sub = await store.save_schedule(community.id, "tips", settings)
        await store.set_next_due(sub.id, now - dt.timedelta(minutes=1))
    await db.dispose()


async def _restart_and_count(url: str, now: dt.datetime) -> tuple[list[str], dict[str, int]]:
    """A new process's tick after the restart; returns what it posted and the deliveries by status."""
    db = Database(url)
    messenger = RecordingMessenger()

    class Clock:
        def __call__(self) -> dt.datetime:
            return now

        def advance(self, **delta: float) -> None:  # pacing sleeps move nothing here
            pass

    from tests.delivery.delivery_helpers import FakeSleep

    clock = Clock()
    service = make_service(
        db, load_catalogue(MESSAGES, today=content_day(now)), {"console": messenger}, clock, FakeSleep(clock)
    )
    await service.tick()
    async with db.session() as session:
        rows = (await session.scalars(select(Delivery))).all()
    await db.dispose()
    statuses: dict[str, int] = {}
    for row in rows:
        statuses[row.status] = statuses.get(row.status, 0) + 1
    return [p.key for p in messenger.posts], statuses


@pytest.mark.slow
@pytest.mark.parametrize("send_seconds", [0.3, 60.0], ids=["sends-finish", "sends-released"])
def test_sigterm_during_a_fan_out_loses_and_doubles_nothing(tmp_path: Path, send_seconds: float) -> None:
    """Posts in flight finish within the grace period, or are released and sent once after restart."""
    url = f"sqlite:///{tmp_path / 'lookout.db'}"
    record = tmp_path / "posted.txt"
    record.touch()
    now = dt.datetime.now(dt.UTC)
    asyncio.run(_prepare(url, now))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "LOOKOUT_"))}
    env.update(
        LOOKOUT_DATABASE_URL=url,
        LOOKOUT_HTTP_PORT="0",
        LOOKOUT_TICK_SECONDS="0.2",
        LOOKOUT_TEST_SEND_SECONDS=str(send_seconds),
        PYTHONPATH=str(ROOT),
    )
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(record)], cwd=tmp_path, env=env, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    started = 0
    while started < 3:  # blocks on the child's output; no sleeping
        line = child.stdout.readline()
        assert line, "the child stopped before sending"
        started += line.startswith("SENDING")
    child.send_signal(signal.SIGTERM)
    # A hang guard, not a speed assertion: the grace period is short, but a loaded CI machine is slow.
    assert child.wait(timeout=90) == 0, "lookout run exits cleanly after SIGTERM"

    posted_before = [line.split()[0] for line in record.read_text().splitlines()]
    # The restarted process runs after the child released its claims, on the real clock.
    posted_after, statuses = asyncio.run(_restart_and_count(url, dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)))
    every_post = posted_before + posted_after
    assert len(every_post) == COMMUNITIES, "every due post delivered"
    assert len(set(every_post)) == COMMUNITIES, "and none twice"
    assert statuses == {"sent": COMMUNITIES}
    if send_seconds < 1:
        assert len(posted_before) == COMMUNITIES, "short sends finish before the process exits"
    else:
        assert posted_before == [] and len(posted_after) == COMMUNITIES, "long sends are released, then resumed"
