"""Delivery test helpers: a recording messenger, a fake sleep on the test clock, the service."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.core.content import Catalogue
from bot.core.messaging import (
    UNPACED,
    BucketScope,
    DeliveryFailure,
    Destination,
    FailureKind,
    Idempotency,
    PacingPolicy,
)
from bot.core.models import Reply
from bot.core.timing import next_due
from bot.delivery.pacing import Pacer
from bot.delivery.sender import RetryPolicy, Sender
from bot.delivery.service import DeliveryConfig, DeliveryService
from bot.store import Database, Store
from bot.store.schema import Subscription


def policies(
    discord_per_second: float = 40.0,
    *,
    share: float = 1.0,
    slack_per_channel: float = 1.0,
    discord_in_flight: int = 200,
    slack_in_flight: int = 10,
) -> dict[str, PacingPolicy]:
    """The production pacing policies (``bot.app.pacing_policies``) with the rates given."""
    return {
        "discord": PacingPolicy(
            per_second=discord_per_second * share,
            scope=BucketScope.CREDENTIAL,
            max_in_flight=discord_in_flight,
            idempotency=Idempotency.HONOURED,
        ),
        "slack": PacingPolicy(
            per_second=slack_per_channel,
            scope=BucketScope.CHANNEL,
            max_in_flight=slack_in_flight,
            idempotency=Idempotency.NONE,
        ),
        "console": UNPACED,
    }


@dataclass
class Post:
    destination: Destination
    reply: Reply
    key: str


@dataclass
class RecordingMessenger:
    """Records every post; like Discord with ``enforce_nonce``, a repeated key shows no second post.

    ``fail`` decides per attempt whether to raise (given the destination and attempt number).
    """

    attempts: list[Post] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    fail: Callable[[Destination, int], DeliveryFailure | None] | None = None

    async def send(self, destination: Destination, reply: Reply, *, idempotency_key: str) -> str | None:
        post = Post(destination, reply, idempotency_key)
        self.attempts.append(post)
        if self.fail is not None:
            failure = self.fail(destination, len(self.attempts))
            if failure is not None:
                raise failure
        if idempotency_key not in {p.key for p in self.posts}:
            self.posts.append(post)
        return f"m{len(self.posts)}"

    def channels(self) -> list[str]:
        return [p.destination.channel_id for p in self.posts]


class RecordingNotifier:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def notify_admins(self, community_id: str, text: str) -> None:
        self.sent.append((community_id, text))


class FakeSleep:
    """Sleeping moves the test clock instead of waiting."""

    def __init__(self, clock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.clock.advance(seconds=seconds)


def make_service(
    db: Database,
    catalogue: Catalogue,
    messengers: dict,
    clock,
    sleep: FakeSleep,
    *,
    notifiers: dict | None = None,
    catch_up_hours: float = 6,
    limits: dict[str, PacingPolicy] | None = None,
    attempts: int = 5,
    worker_id: str = "test-worker",
    batch_size: int = 500,
) -> DeliveryService:
    """A service on the test clock: pacing and retries sleep by moving the clock."""
    pacer = Pacer(policies() if limits is None else limits, monotonic=lambda: clock().timestamp(), sleep=sleep)
    sender = Sender(messengers, pacer, policy=RetryPolicy(attempts=attempts), sleep=sleep, rng=random.Random(7))
    return DeliveryService(
        db,
        catalogue,
        messengers,
        sender,
        clock=clock,
        config=DeliveryConfig(catch_up=dt.timedelta(hours=catch_up_hours), batch_size=batch_size),
        notifiers=notifiers,
        worker_id=worker_id,
        sleep=sleep,
    )


async def subscribe(
    store: Store,
    now: dt.datetime,
    *,
    platform: str = "discord",
    community: str = "g1",
    channel: str = "c1",
    cadence: str = "daily",
    days: str = "mon",
    local_time: str = "18:00",
    timezone: str = "Europe/London",
    jitter: int = 0,
    quiet: tuple[str, str] | None = None,
    audience: str = "parents",
) -> Subscription:
    """A subscription set up at ``now``, with ``next_due_at`` computed the way setup does."""
    row = await store.ensure_community(platform, community)
    sub = await store.save_subscription(
        row.id,
        channel,
        cadence=cadence,
        days=days,
        local_time=local_time,
        timezone=timezone,
        audience=audience,
        anchor_date=now.date(),
        jitter_seconds=jitter,
        quiet_start=quiet[0] if quiet else None,
        quiet_end=quiet[1] if quiet else None,
        paused=False,
        failure_count=0,
    )
    updated = await store.update_subscription(sub.id, next_due_at=next_due(sub, now))
    assert updated is not None
    return updated


def failing(kind: FailureKind, retry_after: float | None = None) -> Callable[[Destination, int], DeliveryFailure]:
    return lambda _d, _n: DeliveryFailure(kind, "injected", retry_after=retry_after)
