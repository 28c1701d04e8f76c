"""What a crash or a lost answer can repeat: sends in flight are bounded per platform, by its policy.

Slack honours no idempotency key, so the bound is the most posts a crash can show twice there,
and a send whose fate is unknown is not sent again. Discord drops repeats by nonce, so it retries.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from delivery_helpers import RecordingMessenger, make_service, policies, subscribe
from sqlalchemy import select

from bot.core.messaging import DeliveryFailure, Destination, FailureKind
from bot.store.schema import Delivery

DUE = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.UTC)


class Concurrent(RecordingMessenger):
    """Records how many sends were under way at once (each takes a few turns of the loop)."""

    def __init__(self) -> None:
        super().__init__()
        self.active = 0
        self.most = 0

    async def send(self, destination: Destination, reply, *, idempotency_key: str) -> str | None:
        self.active += 1
        self.most = max(self.most, self.active)
        try:
            for _ in range(5):
                await asyncio.sleep(0)
            return await super().send(destination, reply, idempotency_key=idempotency_key)
        finally:
            self.active -= 1


async def test_sends_in_flight_are_bounded_per_platform(db, store, catalogue, clock, fake_sleep) -> None:
    """SLACK_MAX_IN_FLIGHT=3: never more than 3 Slack posts under way, while Discord keeps its own bound."""
    for i in range(20):
        await subscribe(store, clock(), platform="slack", community=f"T{i}", channel=f"C{i}")
        await subscribe(store, clock(), platform="discord", community=f"g{i}", channel=f"c{i}")
    clock.now = DUE + dt.timedelta(minutes=1)
    slack, discord = Concurrent(), Concurrent()
    limits = policies(1e6, slack_in_flight=3, discord_in_flight=200)
    service = make_service(db, catalogue, {"slack": slack, "discord": discord}, clock, fake_sleep, limits=limits)
    report = await service.tick()
    assert report.sent == 40
    assert slack.most == 3
    assert discord.most > 3


async def test_a_slack_post_with_no_answer_is_not_sent_again(db, store, catalogue, clock, fake_sleep) -> None:
    """Slack: the request went out and no answer came; it is recorded as sent (unconfirmed), never resent."""
    await subscribe(store, clock(), platform="slack", community="T1", channel="C1")
    clock.now = DUE + dt.timedelta(minutes=1)

    def lost_answer(_d: Destination, n: int) -> DeliveryFailure | None:
        return DeliveryFailure(FailureKind.TRANSIENT, "ServerDisconnectedError", unconfirmed=True) if n == 1 else None

    slack = RecordingMessenger(fail=lost_answer)
    service = make_service(db, catalogue, {"slack": slack}, clock, fake_sleep)
    report = await service.tick()
    clock.advance(minutes=10)
    await service.tick()
    assert report.sent == 1 and len(slack.attempts) == 1
    async with db.session() as session:
        [row] = (await session.scalars(select(Delivery))).all()
    assert row.status == "sent" and row.error and row.error.startswith("unconfirmed")


async def test_discord_retries_a_post_with_no_answer_under_the_same_nonce(
    db, store, catalogue, clock, fake_sleep
) -> None:
    """Discord drops a repeated nonce, so a send with no answer is retried and shows once."""
    await subscribe(store, clock())
    clock.now = DUE + dt.timedelta(minutes=1)

    def lost_answer(_d: Destination, n: int) -> DeliveryFailure | None:
        return DeliveryFailure(FailureKind.TRANSIENT, "no answer in time", unconfirmed=True) if n == 1 else None

    discord = RecordingMessenger(fail=lost_answer)
    service = make_service(db, catalogue, {"discord": discord}, clock, fake_sleep)
    report = await service.tick()
    assert report.sent == 1
    assert [a.key for a in discord.attempts] == [discord.attempts[0].key] * 2
    assert len(discord.posts) == 1
