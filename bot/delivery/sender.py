"""The one send path for scheduled posts and ``post-now``: paced, retried, never raising by surprise."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.messaging import DeliveryFailure, Destination, FailureKind, Messenger
from bot.core.models import Reply
from bot.delivery.pacing import Pacer, Sleep

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try before giving a slot back to the database for a later tick."""

    attempts: int = 5
    base_seconds: float = 1.0
    max_seconds: float = 60.0
    # Waits longer than this are not spent holding a claim in memory: the claim is released
    # with a later lease and any process picks it up when it runs out.
    max_inline_wait: float = 60.0
    # A request that hangs (a dead connection) counts as a transient failure instead of
    # holding its claim and its in-flight slot for ever.
    attempt_timeout: float = 30.0


@dataclass(frozen=True, slots=True)
class SendResult:
    """How a send ended: ``message_id`` on success, else the last failure and the suggested wait."""

    attempts: int
    message_id: str | None = None
    failure: DeliveryFailure | None = None
    wait: float = 0.0
    # The last attempt's fate is unknown and the platform would show a resend twice, so it
    # was not sent again: the post is probably showing (see ``Sender``).
    unconfirmed: bool = False

    @property
    def ok(self) -> bool:
        """Whether the post went out."""
        return self.failure is None


class Sender:
    """Sends one reply through the destination platform's Messenger, with pacing and retries.

    Rate limits (429) and transient errors (5xx, timeouts) are retried with exponential backoff
    and full jitter, honouring the platform's ``retry_after``. Every attempt carries the same
    idempotency key, so a retry of a request that did reach the platform shows no second post
    where the platform honours the key (Discord's nonce).

    Where it does not (Slack), a send whose fate is unknown (sent, no answer) is not tried
    again: a second copy of a tip in a channel is the worse outcome, since a request that got
    as far as the platform has most likely posted, and a missed tip is followed by the next.
    """

    def __init__(
        self,
        messengers: Mapping[str, Messenger],
        pacer: Pacer,
        *,
        policy: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.messengers = messengers
        self.pacer = pacer
        self.policy = policy or RetryPolicy()
        self._sleep = sleep
        # Jitter only needs to spread retries apart, not to be unpredictable.
        self._rng = rng or random.Random()  # noqa: S311  # nosec B311 - retry jitter, not security

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based): full jitter."""
        ceiling = min(self.policy.max_seconds, self.policy.base_seconds * 2 ** (attempt - 1))
        return float(ceiling / 2 + self._rng.uniform(0, ceiling / 2))

    async def send(
        self, destination: Destination, reply: Reply, idempotency_key: str, *, budget: float | None = None
    ) -> SendResult:
        """Post ``reply``; never raises for a platform problem (the result says what happened).

        ``budget`` caps the seconds spent waiting between attempts; past it the failure is
        returned with the suggested wait, for the caller to retry later.
        """
        waited = 0.0
        messenger = self.messengers.get(destination.platform)
        if messenger is None:
            failure = DeliveryFailure(FailureKind.TRANSIENT, f"{destination.platform} is not connected")
            return SendResult(0, failure=failure, wait=self.policy.max_seconds)
        attempt = 0
        while True:
            attempt += 1
            await self.pacer.wait_turn(destination)
            try:
                async with asyncio.timeout(self.policy.attempt_timeout):
                    message_id = await messenger.send(destination, reply, idempotency_key=idempotency_key)
                return SendResult(attempt, message_id=message_id)
            except DeliveryFailure as exc:
                failure = exc
            except TimeoutError:
                failure = DeliveryFailure(FailureKind.TRANSIENT, "no answer in time", unconfirmed=True)
            except Exception as exc:  # an adapter bug must not take the scheduler down with it
                log.exception("messenger for %s raised unexpectedly", destination.platform)
                failure = DeliveryFailure(FailureKind.TRANSIENT, type(exc).__name__)
            if not failure.kind.retryable:
                return SendResult(attempt, failure=failure)
            if failure.unconfirmed and self.pacer.policy(destination.platform).resends_show_twice:
                log.warning(
                    "a post to %s may have gone out without an answer; not sending it again", destination.platform
                )
                return SendResult(attempt, failure=failure, unconfirmed=True)
            wait = failure.retry_after if failure.retry_after is not None else self.backoff(attempt)
            if failure.kind is FailureKind.RATE_LIMITED:
                self.pacer.back_off(destination, wait)
            over_budget = budget is not None and waited + wait > budget
            if attempt >= self.policy.attempts or wait > self.policy.max_inline_wait or over_budget:
                return SendResult(attempt, failure=failure, wait=max(wait, self.backoff(attempt)))
            log.info("retrying a post to %s in %.1fs (%s)", destination.platform, wait, failure.kind.value)
            await self._sleep(wait)
            waited += wait
