"""Connecting to a platform that may be down: exponential backoff with jitter, one log line per try.

A platform start is one ``attempt`` coroutine. ``keep_trying`` runs it until it succeeds,
waiting longer after each failure (doubling, capped, with jitter so several processes do not
retry in step). A failure the operator must fix (a rejected token) is raised at once; a
network failure is logged as one sentence, without a traceback, and tried again. Cancelling
the task stops it wherever it is, which is how SIGTERM ends a start that cannot connect.

``Link`` is what readiness reads: which platform, whether it is connected, and why not.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class Unreachable(Exception):
    """A platform could not be reached this time; worth trying again. The message says why."""


@dataclass(frozen=True)
class Backoff:
    """Delays between tries: ``initial`` doubling up to ``cap`` seconds, each scaled by a random 50–100 %."""

    initial: float = 1.0
    cap: float = 60.0
    factor: float = 2.0

    def delay(self, failures: int, rng: random.Random) -> float:
        """The wait after the ``failures``-th failure in a row (1 for the first)."""
        ceiling = min(self.cap, self.initial * self.factor ** max(0, failures - 1))
        # Jitter keeps several processes (or a restarted fleet) from retrying in the same second.
        return ceiling * rng.uniform(0.5, 1.0)


@dataclass
class Link:
    """The state of one platform connection, for /readyz and the logs."""

    platform: str
    connected: bool = False
    detail: str = "starting"
    failures: int = 0
    extra_check: Callable[[], Awaitable[bool]] | None = field(default=None, repr=False)

    def up(self, detail: str = "connected") -> None:
        """Mark the connection as working."""
        self.connected, self.detail, self.failures = True, detail, 0

    def down(self, detail: str) -> None:
        """Mark the connection as not working, with the reason a person can act on."""
        self.connected, self.detail = False, detail

    async def ready(self) -> tuple[bool, str]:
        """Readiness: connected (and, if the adapter gives one, its live check passes), with a detail."""
        if not self.connected:
            return False, self.detail
        if self.extra_check is not None and not await self.extra_check():
            return False, "connecting"
        return True, self.detail


async def keep_trying(
    attempt: Callable[[], Awaitable[T]],
    link: Link,
    *,
    backoff: Backoff | None = None,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    rng: random.Random | None = None,
) -> T:
    """Run ``attempt`` until it returns; after each ``Unreachable`` wait with backoff and try again.

    Any other exception (a rejected token, a bug) propagates at once. ``sleep`` and ``rng``
    are injectable so tests check the delays without waiting for them.
    """
    backoff = backoff or Backoff()
    rng = rng or random.Random()  # noqa: S311  # nosec B311 - jitter, not cryptography
    while True:
        try:
            result = await attempt()
        except Unreachable as exc:
            link.failures += 1
            wait = backoff.delay(link.failures, rng)
            link.down(f"unreachable: {exc} (attempt {link.failures})")
            log.warning(
                "%s is unreachable (%s); trying again in %.0f s (attempt %d).",
                link.platform.capitalize(),
                exc,
                wait,
                link.failures,
            )
            await sleep(wait)
            continue
        link.up()
        return result


def describe(exc: BaseException) -> str:
    """A network error as a short phrase for a log line (never the traceback)."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
