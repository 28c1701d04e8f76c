"""Pacing: a fan-out stays under Discord's per-bot rate and Slack's per-channel rate, on a fake clock."""

from __future__ import annotations

import asyncio
import random

from delivery_helpers import RecordingMessenger, policies

from bot.core.messaging import DeliveryFailure, Destination, FailureKind, PacingPolicy
from bot.core.models import Reply
from bot.delivery.pacing import Pacer
from bot.delivery.sender import RetryPolicy, Sender


class FakeTime:
    """A monotonic clock and a sleep that advances it, shared by concurrent tasks."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        # Wake in deadline order, as real timers would.
        self.now = max(self.now, self.now + seconds)
        await asyncio.sleep(0)


def send_times(limits: dict[str, PacingPolicy], destinations: list[Destination]) -> list[float]:
    """Pace a fan-out the way the sender does and return when each send went out."""
    time = FakeTime()
    pacer = Pacer(limits, monotonic=time, sleep=time.sleep)
    times: list[float] = []

    async def go() -> None:
        for d in destinations:
            await pacer.wait_turn(d)
            times.append(time.now)

    asyncio.run(go())
    return times


def max_in_any_second(times: list[float]) -> int:
    return max(sum(1 for t in times if start <= t < start + 1.0) for start in times)


def test_discord_fan_out_never_exceeds_the_configured_rate() -> None:
    """1,000 Discord sends at 40/s: never more than 40 in any one-second window, done in about 25 s."""
    times = send_times(policies(40), [Destination("discord", f"g{i}", "c") for i in range(1000)])
    assert max_in_any_second(times) <= 40
    assert 24.0 <= times[-1] <= 25.1


def test_process_share_divides_the_rate() -> None:
    """Two processes on one bot token with share 0.5 each: this one sends at most 20 a second."""
    limits = policies(40, share=0.5)
    times = send_times(limits, [Destination("discord", f"g{i}", "c") for i in range(200)])
    assert max_in_any_second(times) <= 20


def test_slack_paces_per_channel_not_per_workspace() -> None:
    """Slack: two posts to one channel are a second apart, while other channels go at once."""
    same = [Destination("slack", "T1", "C1"), Destination("slack", "T1", "C1")]
    assert send_times(policies(), same) == [0.0, 1.0]
    others = [Destination("slack", "T1", f"C{i}") for i in range(20)]
    assert send_times(policies(), others) == [0.0] * 20


def test_console_is_not_paced() -> None:
    """The local console never waits."""
    assert send_times(policies(), [Destination("console", "local", "console")] * 100) == [0.0] * 100


def test_a_429_holds_every_send_on_that_credential() -> None:
    """After a 429 with retry_after=2 s, no Discord send (for any guild) goes out before 2 s."""
    time = FakeTime()
    pacer = Pacer(policies(), monotonic=time, sleep=time.sleep)
    calls: list[tuple[str, float]] = []

    def fail(d: Destination, n: int) -> DeliveryFailure | None:
        calls.append((d.community_id, time.now))
        return DeliveryFailure(FailureKind.RATE_LIMITED, retry_after=2.0) if n == 1 else None

    messenger = RecordingMessenger(fail=fail)
    sender = Sender({"discord": messenger}, pacer, sleep=time.sleep, rng=random.Random(1))

    async def go() -> None:
        await sender.send(Destination("discord", "g1", "c"), Reply("t", "b"), "k1")
        await sender.send(Destination("discord", "g2", "c"), Reply("t", "b"), "k2")

    asyncio.run(go())
    assert [c for c, _ in calls] == ["g1", "g1", "g2"]
    assert all(t >= 2.0 for _, t in calls[1:])


def test_simulated_limit_is_met_with_no_429() -> None:
    """Against a platform allowing 50/s (429 beyond it), pacing at 40/s collects zero 429s."""
    time = FakeTime()
    window: list[float] = []
    rejected = 0

    def platform(_d: Destination, _n: int) -> DeliveryFailure | None:
        nonlocal rejected
        window[:] = [t for t in window if t > time.now - 1.0]
        if len(window) >= 50:
            rejected += 1
            return DeliveryFailure(FailureKind.RATE_LIMITED, retry_after=1.0)
        window.append(time.now)
        return None

    messenger = RecordingMessenger(fail=platform)
    sender = Sender(
        {"discord": messenger},
        Pacer(policies(40), monotonic=time, sleep=time.sleep),
        policy=RetryPolicy(),
        sleep=time.sleep,
    )

    async def go() -> None:
        for i in range(500):
            await sender.send(Destination("discord", f"g{i}", "c"), Reply("t", "b"), f"k{i}")

    asyncio.run(go())
    assert rejected == 0 and len(messenger.posts) == 500


def test_a_hung_request_is_a_transient_failure_not_a_stuck_claim() -> None:
    """A send that never answers times out, is retried under the same key, and the retry posts."""
    import asyncio as aio

    time = FakeTime()
    keys: list[str] = []

    class HangsOnce:
        async def send(self, destination, reply, *, idempotency_key: str) -> str | None:
            keys.append(idempotency_key)
            if len(keys) == 1:
                await aio.Event().wait()  # the connection died; no answer ever comes
            return "m1"

    sender = Sender(
        {"discord": HangsOnce()},
        Pacer(policies(), monotonic=time, sleep=time.sleep),
        policy=RetryPolicy(attempt_timeout=0),
        sleep=time.sleep,
        rng=random.Random(3),
    )
    result = asyncio.run(sender.send(Destination("discord", "g1", "c"), Reply("t", "b"), "k"))
    assert result.ok and result.attempts == 2 and keys == ["k", "k"]


def test_settings_become_each_platforms_policy() -> None:
    """DISCORD_SENDS_PER_SECOND x DISCORD_PROCESS_SHARE paces Discord; Slack keeps its own rate and bound."""
    from bot.app import pacing_policies
    from bot.config import Settings
    from bot.core.messaging import BucketScope, Idempotency

    settings = Settings(
        discord_sends_per_second=30,
        discord_process_share=0.5,
        slack_sends_per_channel_per_second=2,
        slack_max_in_flight=3,
    )
    found = pacing_policies(settings)
    assert found["discord"].per_second == 15 and found["discord"].scope is BucketScope.CREDENTIAL
    assert found["discord"].idempotency is Idempotency.HONOURED
    assert found["slack"].per_second == 2 and found["slack"].max_in_flight == 3
    assert found["slack"].resends_show_twice and not found["discord"].resends_show_twice
    assert not found["console"].paced


def test_any_platform_is_paced_by_its_policy_not_its_name() -> None:
    """A platform the pacer has never heard of, with a per-channel policy, is paced per channel."""
    from bot.core.messaging import BucketScope

    chat = {"chat": PacingPolicy(per_second=2, scope=BucketScope.CHANNEL)}
    same = [Destination("chat", "w", "c1")] * 3
    assert send_times(chat, same) == [0.0, 0.5, 1.0]
    assert send_times(chat, [Destination("chat", "w", f"c{i}") for i in range(5)]) == [0.0] * 5
    # No policy at all: not paced.
    assert send_times({}, same) == [0.0] * 3


def test_a_policy_refuses_impossible_values() -> None:
    """A paced policy without a rate, or with no sends in flight, is a configuration error."""
    import pytest

    from bot.core.messaging import BucketScope

    with pytest.raises(ValueError):
        PacingPolicy(per_second=0, scope=BucketScope.CREDENTIAL)
    with pytest.raises(ValueError):
        PacingPolicy(max_in_flight=0)
