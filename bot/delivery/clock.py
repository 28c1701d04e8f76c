"""The clock: an APScheduler ``AsyncIOScheduler`` on the running loop with one interval job.

One job for the whole process, not one per subscription: the subscriptions table is the
source of truth, and the job only asks it what is due (one APScheduler job per subscription
costs about 3 KB each and 16 s to add 100,000; several 3.x schedulers sharing a job store run
jobs twice).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger(__name__)

JOB_ID = "lookout-dispatch-tick"


class TickClock:
    """Runs ``tick`` every ``seconds`` on the running event loop, never two at once."""

    def __init__(self, tick: Callable[[], Awaitable[Any]], seconds: float) -> None:
        self._tick = tick
        self.seconds = seconds
        self._scheduler: AsyncIOScheduler | None = None
        self._current: asyncio.Task[Any] | None = None

    async def _fire(self) -> None:
        """APScheduler's job: start a tick as its own task unless the last one is still running.

        The job itself returns at once, so APScheduler never finds it running: a tick that
        outlasts its interval (a large fan-out at a paced rate) is normal, not the "maximum
        number of running instances reached" warning it would otherwise log every interval.
        """
        if self._current is not None and not self._current.done():
            log.debug("the last delivery tick is still running; this one is skipped")
            return
        self._current = asyncio.create_task(self._run(), name="delivery-tick")

    async def _run(self) -> None:
        self._current = asyncio.current_task()
        try:
            await self._tick()
        except Exception:  # a bad tick is logged and the next one runs as usual
            log.exception("the delivery tick failed; the next tick will try again")
        finally:
            self._current = None

    def start(self) -> None:
        """Start ticking now (call from inside the running loop)."""
        if self._scheduler is not None:
            return
        scheduler = AsyncIOScheduler(timezone=dt.UTC)
        scheduler.add_job(
            self._fire,
            IntervalTrigger(seconds=self.seconds, timezone=dt.UTC),
            id=JOB_ID,
            # Ticks missed while the loop was busy collapse into one; ``_fire`` itself keeps a
            # long tick from being doubled up.
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
            next_run_time=dt.datetime.now(dt.UTC),
        )
        scheduler.start()
        self._scheduler = scheduler

    @property
    def running(self) -> bool:
        """Whether the scheduler is started."""
        return self._scheduler is not None and bool(self._scheduler.running)

    def stop(self) -> None:
        """Stop ticking and cancel a tick in progress (``drain`` first gives it time to finish).

        Its open claims keep their lease and key, so the next tick anywhere resumes them.
        """
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._scheduler = None
        if self._current is not None and not self._current.done() and self._current is not asyncio.current_task():
            self._current.cancel()

    async def drain(self, grace_seconds: float) -> bool:
        """Stop ticking and give the tick in progress ``grace_seconds``; True if it finished."""
        # Pause first: no new tick starts while the one in progress gets its grace period.
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.pause()
        current = self._current
        finished = True
        if current is not None and not current.done():
            done, _ = await asyncio.wait({current}, timeout=grace_seconds)
            finished = bool(done)
        self.stop()
        if current is not None and not current.done():
            current.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await current
        return finished
