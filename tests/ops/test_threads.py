"""The loop's default executor runs blocking calls on daemon threads (never joined at exit)."""

from __future__ import annotations

import asyncio
import threading

import pytest

from bot.ops.threads import DaemonThreads


async def test_blocking_calls_run_on_daemon_threads_and_return_their_result() -> None:
    """run_in_executor works as usual: results and exceptions come back; the thread is a daemon."""
    loop = asyncio.get_running_loop()
    loop.set_default_executor(DaemonThreads())
    assert await loop.run_in_executor(None, lambda: threading.current_thread().daemon) is True
    with pytest.raises(ZeroDivisionError):
        await loop.run_in_executor(None, lambda: 1 / 0)


def test_shutdown_does_not_wait_for_a_call_that_never_returns() -> None:
    """A call blocked for good (a hung DNS lookup) does not hold up shutdown(wait=True)."""
    never = threading.Event()
    executor = DaemonThreads()
    future = executor.submit(never.wait)
    executor.shutdown(wait=True)
    assert not future.done()
    never.set()
