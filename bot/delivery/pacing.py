"""Pacing: token buckets so a fan-out stays under each platform's rate limits.

Each platform's ``PacingPolicy`` (declared by its adapter) says what one bucket covers and how
fast it refills. Discord allows about 50 requests a second per bot across every process;
Lookout keeps a margin (40/s by default) and divides it by the share this process has when
several run. Slack allows about one message a second per channel. Waiting here costs nothing;
a 429 costs a retry and, repeated, a temporary ban, so the buckets are the normal path and 429
handling the exception.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping

from bot.core.messaging import UNPACED, BucketScope, Destination, PacingPolicy

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]


class TokenBucket:
    """``rate`` tokens a second, holding at most ``capacity``; ``acquire`` waits for one.

    Tokens are reserved at call time (the bucket may go negative), so concurrent callers queue
    in order without a lock and each sleeps exactly until its own token exists.
    """

    def __init__(self, rate: float, capacity: float, *, monotonic: Monotonic, sleep: Sleep) -> None:
        if rate <= 0 or capacity <= 0:
            raise ValueError("rate and capacity must be positive")
        self.rate = rate
        self.capacity = capacity
        self._monotonic = monotonic
        self._sleep = sleep
        self._tokens = capacity
        self._updated = monotonic()
        self._blocked_until = 0.0

    def _refill(self, now: float) -> None:
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    def reserve(self) -> float:
        """Take one token; return how many seconds to wait before using it."""
        now = self._monotonic()
        self._refill(now)
        self._tokens -= 1
        wait = 0.0 if self._tokens >= 0 else -self._tokens / self.rate
        return max(wait, self._blocked_until - now)

    async def acquire(self) -> None:
        """Wait until a send is allowed."""
        wait = self.reserve()
        if wait > 0:
            await self._sleep(wait)

    def hold(self, seconds: float) -> None:
        """Let nothing through for ``seconds`` (the platform said ``retry_after``)."""
        self._blocked_until = max(self._blocked_until, self._monotonic() + seconds)

    @property
    def idle(self) -> bool:
        """Whether the bucket is full again (it can be dropped without changing behaviour)."""
        self._refill(self._monotonic())
        return self._tokens >= self.capacity and self._blocked_until <= self._updated


class Pacer:
    """Token buckets as each platform's ``PacingPolicy`` says: per credential, per channel, or none.

    ``policies`` maps a platform name to its policy (the composition root builds it from the
    adapters); a platform with no policy is not paced.
    """

    # Channel buckets are dropped once idle, so a long-running process with many workspaces
    # does not keep one per channel forever.
    MAX_IDLE_BUCKETS = 10_000

    def __init__(
        self,
        policies: Mapping[str, PacingPolicy] | None = None,
        *,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.policies: Mapping[str, PacingPolicy] = policies or {}
        self._monotonic = monotonic
        self._sleep = sleep
        self._buckets: dict[tuple[str, ...], TokenBucket] = {}

    def policy(self, platform: str) -> PacingPolicy:
        """The policy for ``platform`` (unpaced when none was given)."""
        return self.policies.get(platform, UNPACED)

    def bucket(self, destination: Destination) -> TokenBucket | None:
        """Return the bucket a send to ``destination`` draws from, or None when it is not paced."""
        policy = self.policy(destination.platform)
        if policy.scope is BucketScope.CREDENTIAL:
            key: tuple[str, ...] = (destination.platform,)
        elif policy.scope is BucketScope.CHANNEL:
            key = (destination.platform, destination.community_id, destination.channel_id)
        else:
            return None
        found = self._buckets.get(key)
        if found is None:
            if len(self._buckets) >= self.MAX_IDLE_BUCKETS:
                self._buckets = {k: b for k, b in self._buckets.items() if not b.idle}
            found = TokenBucket(policy.per_second, policy.burst, monotonic=self._monotonic, sleep=self._sleep)
            self._buckets[key] = found
        return found

    async def wait_turn(self, destination: Destination) -> None:
        """Wait until a send to ``destination`` keeps every limit."""
        bucket = self.bucket(destination)
        if bucket is not None:
            await bucket.acquire()

    def back_off(self, destination: Destination, seconds: float) -> None:
        """Hold every send sharing this bucket: the platform asked us to slow down."""
        bucket = self.bucket(destination)
        if bucket is not None:
            bucket.hold(seconds)
