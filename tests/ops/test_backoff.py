"""Backoff: waits double up to the cap with jitter; SettingsError is not retried; readiness says why."""

from __future__ import annotations

import logging
import random

import pytest

from bot.config import SettingsError
from bot.ops.backoff import Backoff, Link, Unreachable, keep_trying


def test_waits_double_and_stop_growing_at_the_cap() -> None:
    """1, 2, 4 ... seconds, never more than 60, each between half and all of its ceiling."""
    rng = random.Random(7)
    waits = [Backoff().delay(n, rng) for n in range(1, 12)]
    ceilings = [1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60]
    assert all(c / 2 <= w <= c for w, c in zip(waits, ceilings, strict=True))
    assert len({round(w, 6) for w in waits[6:]}) > 1, "jitter: capped waits are not all equal"


async def test_each_failure_is_one_line_then_it_connects(caplog: pytest.LogCaptureFixture) -> None:
    """Two failures give two one-sentence warnings without a traceback; then the link is up."""
    outcomes: list[Exception | None] = [Unreachable("connection refused"), Unreachable("connection refused"), None]
    slept: list[float] = []

    async def attempt() -> str:
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome
        return "ok"

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    link = Link("slack")
    caplog.set_level(logging.INFO)
    assert await keep_trying(attempt, link, sleep=sleep, rng=random.Random(1)) == "ok"
    lines = [r for r in caplog.records if r.name == "bot.ops.backoff"]
    assert [r.getMessage().split(";")[0] for r in lines] == ["Slack is unreachable (connection refused)"] * 2
    assert all(r.exc_info is None for r in lines) and len(slept) == 2
    assert await link.ready() == (True, "connected")


async def test_a_rejected_token_is_not_retried() -> None:
    """A SettingsError (the operator must fix something) ends the start at the first attempt."""
    calls = 0

    async def attempt() -> None:
        nonlocal calls
        calls += 1
        raise SettingsError("Slack rejected SLACK_BOT_TOKEN (invalid_auth).")

    async def sleep(seconds: float) -> None:
        raise AssertionError("no wait expected")

    with pytest.raises(SettingsError):
        await keep_trying(attempt, Link("slack"), sleep=sleep)
    assert calls == 1


async def test_readiness_names_the_reason_while_down() -> None:
    """Before connecting, readiness is false with the last reason and attempt number."""
    link = Link("discord")
    link.failures = 2
    link.down("unreachable: ClientConnectorError: refused (attempt 2)")
    assert await link.ready() == (False, "unreachable: ClientConnectorError: refused (attempt 2)")
