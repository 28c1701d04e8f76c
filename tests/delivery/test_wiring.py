"""The composition root starts delivery: the console prints scheduled tips; post-now shares the send path."""

from __future__ import annotations

import datetime as dt
import io
import threading

from bot.adapters.console import ConsoleAdapter, ConsoleMessenger
from bot.app import build_app
from bot.config import Settings
from bot.core.messaging import DeliveryFailure, Destination, FailureKind
from bot.core.models import Reply
from bot.runtime import run_console

DUE = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.UTC)


class WatchedStream(io.StringIO):
    """Terminal output that signals when a scheduled post is printed."""

    def __init__(self) -> None:
        super().__init__()
        self.posted = threading.Event()

    def write(self, text: str) -> int:
        if "[scheduled post" in text:
            self.posted.set()
        return super().write(text)


async def test_console_session_prints_a_scheduled_tip_when_it_falls_due(catalogue, clock, tmp_path) -> None:
    """Set up daily tips in the console; at the due time the running session prints the tip by itself."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'lookout.db'}")
    app = await build_app(settings, clock=clock, catalogue=catalogue)
    try:
        adapter = ConsoleAdapter(app.core, out=io.StringIO())
        reply = await adapter.answer("/safety-admin setup #console Europe/London daily 18:00")
        assert not reply.is_error
        stream = WatchedStream()
        app.messengers["console"] = ConsoleMessenger(catalogue.texts, out=stream)
        clock.now = DUE + dt.timedelta(minutes=11)  # past 18:00 plus the community's jitter (< 10 min)

        def read_line(_prompt: str) -> str:
            # Waits on the printed post (an event), not on the clock; quits once it has appeared.
            assert stream.posted.wait(timeout=60), "no scheduled post was printed"
            return "quit"

        await run_console(app, ConsoleAdapter(app.core, out=io.StringIO()), read_line=read_line)
        assert "[scheduled post in #console]" in stream.getvalue()
        assert "More: /safety tip" in stream.getvalue()
        assert app.delivery is not None and not app.delivery.running
    finally:
        await app.close()


class FlakyMessenger:
    def __init__(self) -> None:
        self.keys: list[str] = []
        self.posts: list[Reply] = []

    async def send(self, destination: Destination, reply: Reply, *, idempotency_key: str) -> str | None:
        self.keys.append(idempotency_key)
        if len(self.keys) == 1:
            raise DeliveryFailure(FailureKind.TRANSIENT, "502", retry_after=0.0)
        self.posts.append(reply)
        return "m1"


async def test_post_now_is_retried_through_the_shared_send_path(catalogue, clock, tmp_path) -> None:
    """/safety-admin post-now survives a 502 (retried with the same key) and posts once."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'lookout.db'}")
    app = await build_app(settings, clock=clock, catalogue=catalogue)
    try:
        adapter = ConsoleAdapter(app.core, out=io.StringIO())
        await adapter.answer("/safety-admin setup #console Europe/London daily 18:00")
        flaky = FlakyMessenger()
        app.messengers["console"] = flaky
        reply = await adapter.answer("/safety-admin post-now")
        assert reply.title == "Posted", reply.body
        assert len(flaky.posts) == 1 and len(set(flaky.keys)) == 1 and len(flaky.keys) == 2
    finally:
        await app.close()


async def test_settings_reach_the_delivery_service(catalogue, clock, tmp_path) -> None:
    """LOOKOUT_CATCH_UP_HOURS, the tick and the Discord share are what the service and pacer use."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'lookout.db'}",
        catch_up_hours=2,
        tick_seconds=5,
        discord_process_share=0.25,
    )
    app = await build_app(settings, clock=clock, catalogue=catalogue)
    try:
        assert app.delivery is not None
        assert app.delivery.config.catch_up == dt.timedelta(hours=2)
        assert app.delivery.config.tick_seconds == 5
        assert app.delivery.sender.pacer.policy("discord").per_second == 40 * 0.25
    finally:
        await app.close()


async def test_a_failing_tick_is_logged_and_the_clock_keeps_going(caplog) -> None:
    """A database outage during one tick is logged; the scheduler job itself never raises."""
    from bot.delivery.clock import TickClock

    calls: list[int] = []

    async def tick() -> None:
        calls.append(1)
        raise ConnectionError("database unreachable")

    clock = TickClock(tick, seconds=30)
    await clock._run()
    await clock._run()
    assert len(calls) == 2
    assert "the delivery tick failed" in caplog.text


async def test_a_long_tick_is_not_a_warning(caplog) -> None:
    """A tick outlasting many intervals: APScheduler fires on schedule, nothing at WARNING, one tick at a time."""
    import asyncio
    import logging

    from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_SUBMITTED

    from bot.delivery.clock import TickClock

    caplog.set_level(logging.DEBUG)
    release, fired = asyncio.Event(), asyncio.Event()
    running = 0
    most = 0
    fires = 0

    async def tick() -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        try:
            await release.wait()
        finally:
            running -= 1

    def on_event(_event: object) -> None:
        nonlocal fires
        fires += 1
        if fires >= 5:
            fired.set()

    clock = TickClock(tick, seconds=0.01)
    clock.start()
    assert clock._scheduler is not None
    clock._scheduler.add_listener(on_event, EVENT_JOB_SUBMITTED | EVENT_JOB_MAX_INSTANCES)
    try:
        # Waits on the scheduler's own events (it fires every 10 ms), not on a fixed sleep.
        await asyncio.wait_for(fired.wait(), timeout=30)
    finally:
        release.set()
        assert await clock.drain(5)
    assert most == 1
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
