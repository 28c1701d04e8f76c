"""The event loop's default executor, on daemon threads that never hold up the exit.

asyncio runs blocking calls in the default executor; the one that matters here is the DNS
lookup behind every aiohttp connection (discord.py and slack_sdk both use it). On a machine
without a network a lookup can hang for as long as the resolver's timeout allows, and Python
joins a ``ThreadPoolExecutor``'s threads at exit, so a single hung lookup kept a stopped Lookout
alive well past its 10-second shutdown budget. Here each call gets its own daemon thread,
which the interpreter leaves behind at exit. Lookups are few (aiohttp caches them), so a
thread per call costs nothing that matters.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class DaemonThreads(ThreadPoolExecutor):
    """A ``ThreadPoolExecutor`` (asyncio requires one) whose work runs on daemon threads, one per call."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Run ``fn`` on a new daemon thread; the future settles when it returns or raises."""
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # handed to whoever awaits the future
                future.set_exception(exc)
            else:
                future.set_result(result)

        threading.Thread(target=run, name="lookout-blocking-call", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to wait for: a call still blocked is abandoned with its daemon thread at exit."""
