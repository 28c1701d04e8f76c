"""A made-up platform, plugged in the way a real one is: one module declaring ADAPTER."""

from __future__ import annotations

import asyncio

from bot.adapters.registry import Adapter, Running
from bot.core.messaging import UNPACED
from bot.ops.backoff import Link

EVENTS: list[str] = []


async def _start(app, http_app) -> Running:
    link = Link("pigeon")
    EVENTS.append("started")

    async def serve() -> None:
        link.up("cooing")
        EVENTS.append("serving")
        await asyncio.Event().wait()  # holds its connection until cancelled

    async def stop() -> None:
        EVENTS.append("stopped")

    return Running("pigeon", link, serve, stop, serve_ends_with_connection=True)


ADAPTER = Adapter("pigeon", lambda settings: True, lambda settings: UNPACED, _start)
