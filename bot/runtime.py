"""Running Lookout: the console session, and the platforms with scheduled delivery.

``run_platforms`` is the long-running process: it starts the HTTP listener (health, metrics
and Slack's HTTP mode) and every platform adapter the settings enable (``bot.adapters.registry``),
and stops them all in order on SIGTERM or SIGINT, within the shutdown budget.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.adapters import registry
from bot.adapters.console import ConsoleAdapter
from bot.app import App, build_app
from bot.config import Settings
from bot.ops.heap import settle_start_up_heap
from bot.ops.http import Readiness, build_http_app
from bot.ops.metrics import Metrics
from bot.ops.threads import DaemonThreads
from bot.web import add_guide_routes, build_site

log = logging.getLogger(__name__)
SHUTDOWN_SECONDS = 10.0


@contextlib.asynccontextmanager
async def delivery_running(app: App) -> AsyncIterator[None]:
    """Tick scheduled delivery on the running loop for the duration of the block."""
    if app.delivery is None:
        yield
        return
    app.delivery.start()
    try:
        yield
    finally:
        await app.delivery.shutdown(grace_seconds=2.0)


async def run_console(app: App, adapter: ConsoleAdapter, *, read_line: Callable[[str], str] = input) -> None:
    """Run the interactive console until the user quits; scheduled tips print as they fall due.

    Ctrl-C at the prompt ends it like Ctrl-D ("Bye."), not with a traceback or exit 130.
    """
    interrupted = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, RuntimeError):  # not on the main thread / Windows
        loop.add_signal_handler(signal.SIGINT, interrupted.set)
    try:
        async with delivery_running(app):
            await adapter.repl(read_line, interrupted=interrupted)
    finally:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.remove_signal_handler(signal.SIGINT)


def _install_signal_handlers(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on the main thread / Windows
            loop.add_signal_handler(sig, stop.set)


async def _database_ready(app: App) -> tuple[bool, str]:
    from sqlalchemy import text

    async with app.db.engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    return True, app.db.description


async def run_platforms(
    settings: Settings,
    *,
    stop: asyncio.Event | None = None,
    listening: Callable[[int], None] | None = None,
) -> int:
    """Start every configured platform and run until ``stop`` is set (or a signal arrives).

    ``listening`` is told the HTTP port once it is bound (useful with port 0).
    """
    stop = stop or asyncio.Event()
    _install_signal_handlers(stop)
    # A DNS lookup that hangs (no network) must not keep the process alive after a stop.
    asyncio.get_running_loop().set_default_executor(DaemonThreads())
    metrics = Metrics()
    app = await build_app(settings, observer=metrics.observe_command, on_post=metrics.observe_post)

    async def refresh_gauges() -> None:
        states, lag = await app.store.subscription_states(app.clock())
        for state, count in states.items():
            metrics.subscriptions.labels(state).set(count)
        metrics.tick_lag.set(lag)

    metrics.before_scrape.append(refresh_gauges)
    readiness = Readiness({"database": lambda: _database_ready(app)})
    http_app = build_http_app(readiness, metrics)
    # The web guide is rendered once, from the same catalogue, and served from memory.
    add_guide_routes(http_app, build_site(app.catalogue))
    stops: list[Callable[[], Awaitable[None]]] = []
    # Tasks that run as long as their platform does: one ending stops Lookout (exit 1).
    tasks: list[asyncio.Task[None]] = []
    # Connection attempts: they end when connected, and are cancelled at once on shutdown.
    starting: list[asyncio.Task[Any]] = []
    try:
        for adapter in registry.enabled(settings):
            # Built before the listener starts (it freezes its routes); connected in the background.
            running = await adapter.start(app, http_app)
            stops.append(running.stop)
            readiness.checks[running.name] = running.link.ready
            if running.gauges is not None:
                metrics.before_scrape.append(functools.partial(running.gauges, metrics))
            task = asyncio.create_task(running.serve(), name=running.name)
            (tasks if running.serve_ends_with_connection else starting).append(task)
        # An open request gets a second to finish at shutdown, not aiohttp's default minute.
        runner = web.AppRunner(http_app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        await web.TCPSite(runner, settings.http_host, settings.http_port).start()
        stops.append(runner.cleanup)
        port = int(runner.addresses[0][1])
        if listening is not None:
            listening(port)
        # Start-up is done: what it loaded stays out of the collector's scans from here on.
        settle_start_up_heap()
        # Started last so it is stopped first: no new posts while the platforms close.
        if app.delivery is not None:
            delivery = app.delivery
            delivery.start()

            async def stop_delivery() -> None:
                # Most of the shutdown budget goes to letting posts in flight finish.
                await delivery.shutdown(grace_seconds=SHUTDOWN_SECONDS * 0.6)

            stops.append(stop_delivery)

            async def delivery_ready() -> tuple[bool, str]:
                return delivery.running, "ticking" if delivery.running else "stopped"

            readiness.checks["scheduler"] = delivery_ready
        log.info("Lookout is running; health and metrics on %s:%s", settings.http_host, port)
        return await _wait(stop, tasks, starting)
    finally:
        for attempt in starting:  # a connection attempt has nothing to finish
            attempt.cancel()
        await _shutdown(app, [*tasks, *starting], stops)


async def _wait(stop: asyncio.Event, tasks: list[asyncio.Task[None]], starting: list[asyncio.Task[Any]]) -> int:
    """Wait for ``stop``; return 1 if a platform's connection ends first, raise if a start fails for good."""
    waiter = asyncio.create_task(stop.wait(), name="stop")
    pending: set[asyncio.Task[Any]] = {waiter, *tasks, *starting}
    try:
        while True:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for finished in done:
                if finished is waiter:
                    return 0
                error = finished.exception()
                if error is not None:
                    raise error  # a rejected token (SettingsError): one sentence, exit 1
                if finished in starting:
                    log.info("%s: connected", finished.get_name().capitalize())
                    continue
                log.error("the %s connection ended; stopping so a supervisor can restart Lookout", finished.get_name())
                return 1
    finally:
        waiter.cancel()


async def _shutdown(app: App, tasks: list[asyncio.Task[None]], stops: list[Callable[[], Awaitable[None]]]) -> None:
    """Stop in reverse order of starting, within SHUTDOWN_SECONDS in all.

    Whatever the stops take, the platform tasks are cancelled and the database is closed.
    """

    async def in_order() -> None:
        for stop_one in reversed(stops):
            try:
                await stop_one()
            except Exception:
                log.exception("error while stopping")

    try:
        await asyncio.wait_for(in_order(), SHUTDOWN_SECONDS - 2)
    except TimeoutError:
        log.error("stopping took longer than %s s; closing the rest now", SHUTDOWN_SECONDS - 2)
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.wait(tasks, timeout=1.0)
    try:
        await asyncio.wait_for(app.close(), 1.0)
    except TimeoutError:
        log.error("the database did not close within a second")
