"""The delivery service: every tick, claim what is due, compose it, send it, record the outcome.

``tick()`` is the whole job body and takes its time from the injected clock, so tests drive it
directly; ``start()`` hands it to the APScheduler clock for production. Any number of
processes may tick against one database: the claims decide who posts (see ``claims``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from bot.core.content.catalogue import Catalogue
from bot.core.content.models import Tip
from bot.core.messaging import AdminNotifier, Destination, FailureKind, Messenger
from bot.core.rotation import choose, eligible
from bot.delivery.claims import CLAIMED, FAILED, MISSED, SENT, SKIPPED, ClaimStore, Finish, Job
from bot.delivery.clock import TickClock
from bot.delivery.compose import scheduled_reply
from bot.delivery.failures import FailureRecorder
from bot.delivery.sender import Sender, SendResult
from bot.store.database import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DeliveryConfig:
    """Timing of the dispatch loop; built from the settings by the composition root."""

    tick_seconds: float = 30.0
    catch_up: dt.timedelta = dt.timedelta(hours=6)
    # Inline retries stop at half the lease; a dead process's claims are resumed after it, which
    # keeps a resend inside Discord's few-minute nonce window.
    lease: dt.timedelta = dt.timedelta(minutes=2)
    batch_size: int = 500
    # Sends waiting on the pacer or the platform; outcomes of those finishing together share
    # one commit, so this also bounds how many posts one commit records.
    max_in_flight: int = 200


@dataclass
class TickReport:
    """What one tick did (for logs, tests and the benchmark)."""

    sent: int = 0
    failed: int = 0
    deferred: int = 0
    missed: int = 0
    skipped: int = 0
    resumed: int = 0
    lost_races: int = 0
    keys: list[str] = field(default_factory=list)

    def add(self, other: TickReport) -> None:
        """Add another report's counts to this one."""
        for name in ("sent", "failed", "deferred", "missed", "skipped", "resumed", "lost_races"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.keys.extend(other.keys)


def default_worker_id() -> str:
    """Return a name for this process in the claims it takes (host, pid and a random suffix)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class OutcomeWriter:
    """Group commit for outcomes: those finished while a write runs go together in the next one.

    Each caller returns only once its own outcome is committed, so "recorded at once" still
    holds, while a fan-out of many sends costs a few commits instead of one each (a commit is
    an fsync on SQLite).
    """

    def __init__(self, claims: ClaimStore, clock: Callable[[], dt.datetime]) -> None:
        self._claims = claims
        self._clock = clock
        self._pending: list[tuple[Finish, asyncio.Future[None]]] = []
        self._lock = asyncio.Lock()

    async def write(self, outcome: Finish) -> None:
        """Commit ``outcome`` (with whatever else is waiting); return when it is stored."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((outcome, done))
        async with self._lock:
            if not done.done():
                # One turn of the loop lets sends finishing at the same moment join this commit.
                await asyncio.sleep(0)
                batch, self._pending = self._pending, []
                try:
                    await self._claims.finish([o for o, _ in batch], self._clock())
                except Exception as exc:
                    for _, waiter in batch:
                        waiter.set_exception(exc)
                else:
                    for _, waiter in batch:
                        waiter.set_result(None)
        await done


class DeliveryService:
    """Scheduled delivery for every platform this process has a Messenger for."""

    def __init__(
        self,
        db: Database,
        catalogue: Catalogue,
        messengers: Mapping[str, Messenger],
        sender: Sender,
        *,
        clock: Callable[[], dt.datetime],
        config: DeliveryConfig | None = None,
        notifiers: Mapping[str, AdminNotifier] | None = None,
        worker_id: str | None = None,
        on_outcome: Callable[[str, str, str | None], None] | None = None,
    ) -> None:
        self.catalogue = catalogue
        # The same dict the adapters add their Messenger to when they connect.
        self.messengers = messengers
        self.sender = sender
        self.clock = clock
        # Told (platform, status, failure kind) after each send: the metrics hook.
        self.on_outcome = on_outcome
        self.config = config or DeliveryConfig()
        self.claims = ClaimStore(db, worker_id or default_worker_id())
        self.failures = FailureRecorder(db, notifiers)
        self._tips: dict[str, Tip] = {t.id: t for t in catalogue.tips}
        self._ticker = TickClock(self.tick, self.config.tick_seconds)
        self._writer = OutcomeWriter(self.claims, clock)

    # --- running -------------------------------------------------------------------------

    def start(self) -> None:
        """Start ticking on the running event loop."""
        self._ticker.start()

    def stop(self) -> None:
        """Stop ticking. Claims in flight are resumed by the next tick anywhere after their lease."""
        self._ticker.stop()

    async def shutdown(self, grace_seconds: float = 6.0) -> None:
        """Stop ticking, let the sends in flight finish for ``grace_seconds``, release the rest.

        Nothing is lost either way: a claim still open after the wait has its lease ended, so the
        next tick in any process (or this one after a restart) resumes it with the same key.
        """
        finished = await self._ticker.drain(grace_seconds)
        released = await self.claims.release_mine(self.clock())
        if not finished or released:
            log.info("delivery stopped: %d unfinished post(s) released for the next tick", released)

    @property
    def running(self) -> bool:
        """Whether the clock is ticking."""
        return self._ticker.running

    # --- the tick ------------------------------------------------------------------------

    async def tick(self) -> TickReport:
        """Resume expired claims, then claim and send every due slot, batch by batch."""
        report = TickReport()
        platforms = sorted(self.messengers)
        if not platforms:
            return report
        while True:
            resumed = await self.claims.resume_expired(
                self.clock(), platforms, lease=self.config.lease, limit=self.config.batch_size
            )
            report.resumed += len(resumed)
            if resumed:
                report.add(await self._process(resumed))
            if len(resumed) < self.config.batch_size:
                break
        while True:
            batch = await self.claims.claim_due(
                self.clock(),
                platforms,
                catch_up=self.config.catch_up,
                lease=self.config.lease,
                limit=self.config.batch_size,
            )
            report.missed += batch.missed
            report.lost_races += batch.lost
            if batch.jobs:
                report.add(await self._process(batch.jobs))
            if batch.scanned < self.config.batch_size:
                break
        if report.sent or report.failed or report.missed or report.deferred:
            log.info(
                "delivery tick: %d sent, %d failed, %d deferred, %d missed, %d resumed",
                report.sent,
                report.failed,
                report.deferred,
                report.missed,
                report.resumed,
            )
        return report

    async def _process(self, jobs: Sequence[Job]) -> TickReport:
        now = self.clock()
        finished: list[Finish] = []
        live: list[Job] = []
        gave_up: list[Finish] = []
        for job in jobs:
            # A resumed claim whose slot has aged past the window is not posted late.
            if now - job.due_at > self.config.catch_up:
                if job.attempts > 0:
                    # Tried and kept failing until too late: a failure the admins must hear about,
                    # not a quiet "missed".
                    gave_up.append(
                        Finish(
                            job,
                            FAILED,
                            attempts=job.attempts,
                            error="kept failing until the catch-up window passed",
                            kind=FailureKind.TRANSIENT,
                        )
                    )
                else:
                    finished.append(Finish(job, MISSED, error="catch-up window passed"))
            else:
                live.append(job)
        finished.extend(gave_up)
        ready, no_tip = await self._choose_tips(live, now)
        finished.extend(Finish(job, SKIPPED, error="no tip for this audience") for job in no_tip)

        limit = asyncio.Semaphore(self.config.max_in_flight)
        # Inline retries stop well inside the lease, so a live process never loses its claim.
        budget = self.config.lease.total_seconds() / 2

        async def send(job: Job, tip: Tip) -> Finish:
            async with limit:
                where = Destination(job.platform, job.external_id, job.channel_id)
                reply = scheduled_reply(tip, self.catalogue.texts)
                result = await self.sender.send(where, reply, job.idempotency_key, budget=budget)
                outcome = self._outcome(job, result)
                # Recorded at once, not at the end of the batch: after a crash only the posts
                # actually in flight are resent (with their key), inside the platform's
                # de-duplication window.
                await self._writer.write(outcome)
            if self.on_outcome is not None:
                self.on_outcome(job.platform, outcome.status, outcome.kind.value if outcome.kind else None)
            if outcome.status == FAILED:
                await self._record_failure(outcome)
            return outcome

        await self.claims.finish(finished, now)
        for outcome in finished:
            if self.on_outcome is not None:
                reason = outcome.kind.value if outcome.kind else None
                self.on_outcome(outcome.job.platform, outcome.status, reason)
        for outcome in gave_up:
            await self._record_failure(outcome)
        finished.extend(await asyncio.gather(*(send(job, tip) for job, tip in ready)))
        report = TickReport()
        for outcome in finished:
            if outcome.status == SENT:
                report.sent += 1
                report.keys.append(outcome.job.idempotency_key)
            elif outcome.status == MISSED:
                report.missed += 1
            elif outcome.status == SKIPPED:
                report.skipped += 1
            elif outcome.status == CLAIMED:
                report.deferred += 1
            else:
                report.failed += 1
        return report

    def _outcome(self, job: Job, result: SendResult) -> Finish:
        if result.failure is None:
            return Finish(job, SENT, attempts=result.attempts, message_id=result.message_id)
        failure = result.failure
        if failure.kind.retryable:
            # Give the claim back with a lease that runs out when it is worth trying again.
            retry_at = self.clock() + dt.timedelta(seconds=result.wait)
            return Finish(job, CLAIMED, attempts=result.attempts, error=str(failure), retry_at=retry_at)
        return Finish(job, FAILED, attempts=result.attempts, error=str(failure), kind=failure.kind)

    async def _record_failure(self, outcome: Finish) -> None:
        if outcome.kind is not None:
            await self.failures.record(outcome.job.subscription_id, outcome.kind, self.clock())

    async def _choose_tips(self, jobs: Sequence[Job], now: dt.datetime) -> tuple[list[tuple[Job, Tip]], list[Job]]:
        """Each job's tip: the one already on a resumed claim, else the channel's next in rotation."""
        ready: list[tuple[Job, Tip]] = []
        fresh: list[Job] = []
        for job in jobs:
            tip = self._tips.get(job.tip_id) if job.tip_id else None
            if tip is not None:
                ready.append((job, tip))
            else:
                fresh.append(job)
        if not fresh:
            return ready, []
        shown = await self.claims.tips_shown((j.community_id, j.channel_id) for j in fresh)
        chosen: list[tuple[Job, str]] = []
        resets: list[tuple[int, str, str | None]] = []
        none: list[Job] = []
        pools: dict[tuple[str, dt.date, str | None, str | None], list[Tip]] = {}
        for job in fresh:
            place = (job.community_id, job.channel_id)
            history = shown[place]
            # Channels with the same audience, date, age band and region share one pool.
            pool_key = (job.audience, job.local_date, job.age_band, job.region)
            if pool_key not in pools:
                pools[pool_key] = eligible(
                    self.catalogue.tips,
                    audience=job.audience,
                    today=job.local_date,
                    age_band=job.age_band,
                    region=job.region,
                )
            candidates = pools[pool_key]
            tip, new_cycle = choose(candidates, history, f"{job.platform}:{job.external_id}:{job.channel_id}")
            if tip is None:
                none.append(job)
                continue
            if new_cycle:
                last = history[-1] if history else None
                resets.append((job.community_id, job.channel_id, last))
                history[:] = [last] if last else []
            history.append(tip.id)
            chosen.append((job, tip.id))
            ready.append((replace(job, tip_id=tip.id), tip))
        await self.claims.record_tips(chosen, resets, now)
        return ready, none
