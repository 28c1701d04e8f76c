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
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from bot.core.content.catalogue import Catalogue
from bot.core.content.models import Tip
from bot.core.language import post_language
from bot.core.messaging import AdminNotifier, Destination, FailureKind, Messenger
from bot.core.models import Reply
from bot.core.ports import DeliveryReason
from bot.core.rotation import Ask, Rotation
from bot.delivery.claims import ClaimStore
from bot.delivery.clock import TickClock
from bot.delivery.compose import scheduled_reply
from bot.delivery.failures import FailureRecorder
from bot.delivery.jobs import CLAIMED, FAILED, MISSED, SENT, SKIPPED, Finish, Job, TipChoice, ask_for
from bot.delivery.outcomes import OutcomeWriter
from bot.delivery.pacing import Sleep
from bot.delivery.sender import Sender, SendResult
from bot.store.database import Database
from bot.store.repository import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DeliveryConfig:
    """Timing of the dispatch loop; built from the settings by the composition root."""

    tick_seconds: float = 30.0
    catch_up: dt.timedelta = dt.timedelta(hours=6)
    # Inline retries stop at half the lease; a dead process's claims are resumed after it, which
    # keeps a resend inside Discord's few-minute nonce window.
    lease: dt.timedelta = dt.timedelta(minutes=2)
    # The most slots one claim transaction takes.
    batch_size: int = 500
    # A paced platform claims only what this process can send in this many seconds at its
    # rate: other processes claim the rest meanwhile, so a fan-out is shared instead of
    # hoarded by whichever process ticked first (and never outlives half a lease).
    claim_seconds: float = 2.0
    # LOOKOUT_DEFAULT_LANGUAGE: the language of posts where the community chose none.
    default_language: str | None = None


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
    # Sends whose outcome could not be stored (the database kept failing): still claimed.
    unrecorded: int = 0
    keys: list[str] = field(default_factory=list)


def default_worker_id() -> str:
    """Return a name for this process in the claims it takes (host, pid and a random suffix)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


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
        sleep: Sleep = asyncio.sleep,
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
        # The one rotation /safety tip and post-now use; it reads the history, finish writes it.
        self.rotation = Rotation(catalogue.tips, Store(db))
        self.failures = FailureRecorder(db, notifiers)
        self._tips: dict[str, Tip] = {t.id: t for t in catalogue.tips}
        self._ticker = TickClock(self.tick, self.config.tick_seconds)
        # Outcome writes are retried for up to half the lease: with the sends' own half, a post
        # is recorded before its claim can be resumed by another process.
        self._writer = OutcomeWriter(self.claims, clock, sleep=sleep, budget=self.config.lease.total_seconds() / 2)
        self._limits: dict[str, asyncio.Semaphore] = {}

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
        """Resume expired claims, then claim and send every due slot, batch by batch.

        Every send a batch starts is awaited and recorded before the next step, even when the
        database fails meanwhile; the summary is logged whatever happened.
        """
        report = TickReport()
        platforms = sorted(self.messengers)
        if not platforms:
            return report
        try:
            await self._tick(platforms, report)
        finally:
            self._log_summary(report)
        return report

    def _log_summary(self, report: TickReport) -> None:
        if report.sent or report.failed or report.missed or report.deferred or report.unrecorded:
            log.info(
                "delivery tick: %d sent, %d failed, %d deferred, %d missed, %d resumed, %d unrecorded",
                report.sent,
                report.failed,
                report.deferred,
                report.missed,
                report.resumed,
                report.unrecorded,
            )

    async def _tick(self, platforms: list[str], report: TickReport) -> None:
        # Each platform fans out on its own, at its own pace: a slow platform does not hold
        # up the others. Every loop runs to its end before the first error is raised.
        results = await asyncio.gather(*(self._fan_out(p, report) for p in platforms), return_exceptions=True)
        errors = [r for r in results if isinstance(r, BaseException)]
        for extra in errors[1:]:
            log.error("delivery for another platform failed in the same tick", exc_info=extra)
        if errors:
            raise errors[0]

    def claim_size(self, platform: str) -> int:
        """How many slots to claim at once for ``platform``: what this process sends in a slice.

        At most ``claim_seconds`` (and half a lease) of sends at the platform's paced rate, so
        several processes ticking together each take a share; unpaced platforms, and those
        paced per channel, take ``batch_size``.
        """
        horizon = min(self.config.claim_seconds, self.config.lease.total_seconds() / 2)
        return max(1, min(self.config.batch_size, self.sender.pacer.policy(platform).sends_within(horizon)))

    async def _fan_out(self, platform: str, report: TickReport) -> None:
        """Resume expired claims, then claim and send the due slots of one platform, slice by slice."""
        limit = self.claim_size(platform)
        while True:
            resumed = await self.claims.resume_expired(self.clock(), [platform], lease=self.config.lease, limit=limit)
            report.resumed += len(resumed)
            if resumed:
                await self._process(resumed, report)
            if len(resumed) < limit:
                break
        while True:
            batch = await self.claims.claim_due(
                self.clock(),
                [platform],
                catch_up=self.config.catch_up,
                lease=self.config.lease,
                limit=limit,
                choose=self._claim_tips,
            )
            report.missed += batch.missed
            report.lost_races += batch.lost
            if batch.jobs:
                await self._process(batch.jobs, report)
            if batch.scanned < limit and not batch.caught_up:
                break

    async def _process(self, jobs: Sequence[Job], report: TickReport) -> None:
        """Send ``jobs`` and record each outcome into ``report`` as it is stored."""
        now = self.clock()
        finished, live, gave_up = self._sort_late(jobs, now)
        ready, no_tip = await self._choose_tips(live, now)
        finished.extend(Finish(job, SKIPPED, error=DeliveryReason.NO_TIP) for job in no_tip)
        await self._writer.commit(finished)
        for outcome in finished:
            self._count(outcome, report)
        for outcome in gave_up:
            await self._record_failure(outcome)
        # Every send runs to its end and is recorded (or its failure to record is logged)
        # before this returns: no send outlives the tick that started it, so shutdown's drain,
        # which waits for the tick, waits for them too.
        # Posts of one tip read the same: rendered once per batch, not once per channel.
        replies: dict[tuple[str, str | None], Reply] = {}
        queues: dict[str, deque[tuple[Job, Reply]]] = {}
        for job, tip in ready:
            language = self._language(job)
            reply = replies.get((tip.id, language))
            if reply is None:
                reply = replies[(tip.id, language)] = self._post(tip, language)
            queues.setdefault(job.platform, deque()).append((job, reply))
        # One worker per send the platform allows in flight, each taking the next post once its
        # last one is recorded: the bound without a task and a semaphore wait per post.
        workers = [
            self._worker(platform, queue, report)
            for platform, queue in queues.items()
            for _ in range(min(len(queue), self.sender.pacer.policy(platform).max_in_flight))
        ]
        for error in await asyncio.gather(*workers, return_exceptions=True):
            if isinstance(error, BaseException):
                log.error("a scheduled post ended with an error", exc_info=error)

    async def _worker(self, platform: str, queue: deque[tuple[Job, Reply]], report: TickReport) -> None:
        """Send the queue's posts one after another until it is empty, holding one in-flight slot."""
        # The slot is held for the worker's life: still the bound if two ticks ever overlapped.
        async with self._in_flight(platform):
            while queue:
                job, reply = queue.popleft()
                try:
                    await self._send(job, reply, report)
                except Exception:
                    log.exception("a scheduled post ended with an error")

    def _language(self, job: Job) -> str | None:
        """The language of the job's post: the community's choice, its platform locale, the default."""
        return post_language(community=job.language, community_locale=job.locale, default=self.config.default_language)

    def _post(self, tip: Tip, language: str | None) -> Reply:
        """The post of ``tip`` in ``language`` (English, said so, if not translated yet)."""
        shown, in_english = self.catalogue.localise(tip, language)
        return scheduled_reply(shown, self.catalogue.texts, language, in_english=in_english)

    def _sort_late(self, jobs: Sequence[Job], now: dt.datetime) -> tuple[list[Finish], list[Job], list[Finish]]:
        """Split off the jobs whose slot aged past the catch-up window (a resumed claim is not posted late)."""
        finished: list[Finish] = []
        live: list[Job] = []
        gave_up: list[Finish] = []
        for job in jobs:
            if now - job.due_at <= self.config.catch_up:
                live.append(job)
            elif job.attempts > 0:
                # Tried and kept failing until too late: a failure the admins must hear about,
                # not a quiet "missed".
                gave_up.append(Finish(job, FAILED, error=DeliveryReason.KEPT_FAILING, kind=FailureKind.TRANSIENT))
            else:
                finished.append(Finish(job, MISSED, error=DeliveryReason.CATCH_UP_PASSED))
        finished.extend(gave_up)
        return finished, live, gave_up

    async def _send(self, job: Job, reply: Reply, report: TickReport) -> None:
        # Inline retries stop well inside the lease, so a live process never loses its claim.
        budget = self.config.lease.total_seconds() / 2
        # Called by a worker holding one of the platform's in-flight slots (``_worker``): on a
        # platform without an idempotency key this bounds what a crash can post twice.
        where = Destination(job.platform, job.external_id, job.channel_id)
        result = await self.sender.send(where, reply, job.idempotency_key, budget=budget)
        outcome = self._outcome(job, result)
        # Recorded at once, not at the end of the batch: after a crash only the posts actually
        # in flight are resent (with their key), inside the platform's de-duplication window.
        try:
            await self._writer.write(outcome)
        except Exception:
            # The claim stays open and is resumed after its lease with the same key.
            report.unrecorded += 1
            log.exception("could not record a scheduled post's outcome (%s); it stays claimed", outcome.status)
            return
        self._count(outcome, report)
        if outcome.status == FAILED:
            await self._record_failure(outcome)

    def _count(self, outcome: Finish, report: TickReport) -> None:
        if self.on_outcome is not None:
            self.on_outcome(outcome.job.platform, outcome.status, outcome.kind.value if outcome.kind else None)
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

    def _in_flight(self, platform: str) -> asyncio.Semaphore:
        limit = self._limits.get(platform)
        if limit is None:
            limit = asyncio.Semaphore(self.sender.pacer.policy(platform).max_in_flight)
            self._limits[platform] = limit
        return limit

    def _outcome(self, job: Job, result: SendResult) -> Finish:
        if result.failure is None:
            return Finish(job, SENT, attempts=result.attempts, message_id=result.message_id)
        failure = result.failure
        if result.unconfirmed:
            # Probably showing; sending it again would risk a second copy (see ``Sender``).
            return Finish(job, SENT, attempts=result.attempts, error=f"unconfirmed: {failure}")
        if failure.kind.retryable:
            # Give the claim back with a lease that runs out when it is worth trying again.
            retry_at = self.clock() + dt.timedelta(seconds=result.wait)
            return Finish(job, CLAIMED, attempts=result.attempts, error=str(failure), retry_at=retry_at)
        return Finish(
            job,
            FAILED,
            attempts=result.attempts,
            error=str(failure),
            kind=failure.kind,
            missing=tuple(p.value for p in failure.missing),
        )

    async def _record_failure(self, outcome: Finish) -> None:
        if outcome.kind is None:
            return
        try:
            await self.failures.record(outcome.job.subscription_id, outcome.kind, self.clock(), outcome.missing)
        except Exception:
            # The outcome itself is stored; only the admins' notice waits for the next failure.
            log.exception("could not record a failure for subscription %s", outcome.job.subscription_id)

    async def _claim_tips(self, asks: Sequence[Ask]) -> list[TipChoice | None]:
        """The tip each slot about to be claimed will post, stored with its claim in one INSERT."""
        picks = await self.rotation.next_tips(asks)
        return [None if p is None else TipChoice(p.tip.id, p.new_cycle, p.last_shown) for p in picks]

    async def _choose_tips(self, jobs: Sequence[Job], now: dt.datetime) -> tuple[list[tuple[Job, Tip]], list[Job]]:
        """Each job's tip: the one on its claim, else (a claim without one) the channel's next in rotation."""
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
        none: list[Job] = []
        chosen: list[Job] = []
        for job, pick in zip(fresh, await self.rotation.next_tips([ask_for(j, j.slot_at) for j in fresh]), strict=True):
            if pick is None:
                none.append(job)
                continue
            job = replace(job, tip_id=pick.tip.id, new_cycle=pick.new_cycle, last_shown=pick.last_shown)
            chosen.append(job)
            ready.append((job, pick.tip))
        await self.claims.keep_choices(chosen)
        return ready, none
