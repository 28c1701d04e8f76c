"""Recording how each send ended: group commits, retried on a fresh connection when the database drops.

An outcome write is idempotent (it sets absolute values, and only on a claim still open), so
retrying one that did commit before its connection died changes nothing. Retrying matters:
a post that reached the platform but whose outcome was never stored stays claimed, and the
next process to find its lease expired would post it again (a second copy on a platform that
honours no idempotency key, such as Slack).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence

from sqlalchemy.exc import DBAPIError

from bot.delivery.claims import ClaimStore
from bot.delivery.jobs import Finish
from bot.delivery.pacing import Sleep

log = logging.getLogger(__name__)

# A dropped or refused connection, a serialisation failure, a timeout: worth another try on a
# fresh connection (SQLAlchemy discards a connection it saw disconnect, and the pool with it).
RETRYABLE = (DBAPIError, OSError, ConnectionError, TimeoutError)


async def retried(
    write: Callable[[], Awaitable[None]], *, sleep: Sleep, budget: float, what: str = "delivery outcomes"
) -> None:
    """Run ``write`` until it succeeds, backing off from 50 ms to 5 s, for at most ``budget`` seconds.

    Raises the last error once the budget is spent.
    """
    delay, waited = 0.05, 0.0
    while True:
        try:
            await write()
            return
        except RETRYABLE as exc:
            if waited + delay > budget:
                raise
            log.warning("recording %s failed (%s); trying again in %.2fs", what, type(exc).__name__, delay)
        await sleep(delay)
        waited += delay
        delay = min(delay * 2, 5.0)


class OutcomeWriter:
    """Group commit for outcomes: those finished while a write runs go together in the next one.

    Each caller returns only once its own outcome is committed, so "recorded at once" still
    holds, while a fan-out of many sends costs a few commits instead of one each (a commit is
    an fsync on SQLite). The outcomes waiting for the same commit share one future.
    """

    MAX_TURNS = 8

    def __init__(self, claims: ClaimStore, clock: Callable[[], dt.datetime], *, sleep: Sleep, budget: float) -> None:
        self._claims = claims
        self._clock = clock
        self._sleep = sleep
        self.budget = budget
        # The group still open to new outcomes, and the future its writers wait on.
        self._open: tuple[list[Finish], asyncio.Future[None]] | None = None
        self.commits = 0
        self._lock = asyncio.Lock()

    async def commit(self, outcomes: Sequence[Finish]) -> None:
        """Store ``outcomes`` in one transaction, retried on a fresh connection within the budget."""
        if outcomes:
            self.commits += 1
            await retried(lambda: self._claims.finish(outcomes, self._clock()), sleep=self._sleep, budget=self.budget)

    async def _gather(self, group: list[Finish]) -> None:
        # Let the sends finishing at about the same moment join this commit: turns of the loop
        # while more keep arriving (a few, so no outcome waits long). A commit costs an fsync
        # on SQLite, so fewer, larger ones are most of what a fan-out's bookkeeping costs.
        for _ in range(self.MAX_TURNS):
            waiting = len(group)
            await asyncio.sleep(0)
            if len(group) == waiting:
                return

    async def write(self, outcome: Finish) -> None:
        """Commit ``outcome`` (with whatever else is waiting); return when it is stored."""
        if self._open is None:
            self._open = ([], asyncio.get_running_loop().create_future())
        group, done = self._open
        group.append(outcome)
        if len(group) == 1:
            # The group's first writer commits it, once the commit before it has finished; the
            # group stays open to later outcomes until then.
            try:
                async with self._lock:
                    await self._gather(group)
                    self._close(group)
                    await self.commit(group)
            except BaseException as exc:
                self._close(group)
                if isinstance(exc, Exception):
                    done.set_exception(exc)
                    done.exception()  # retrieved here: raised to the others, and by this writer
                else:
                    done.cancel()  # the committer was cancelled: so is everyone waiting on it
                raise
            done.set_result(None)
            return
        await done

    def _close(self, group: list[Finish]) -> None:
        if self._open is not None and self._open[0] is group:
            self._open = None
