"""Console adapter: one local community whose only user is its admin."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable
from typing import Any, TextIO

from bot.adapters.console.render import render_text
from bot.core.engine import Core
from bot.core.messaging import Destination, PostCheck
from bot.core.models import Reply

COMMUNITY_ID = "local"
CHANNEL_ID = "console"
USER_ID = "you"


class ConsoleMessenger:
    """Prints scheduled posts to the terminal as they arrive."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out

    async def send(self, destination: Destination, reply: Reply, *, idempotency_key: str) -> str | None:
        """Print the post with the channel it was meant for."""
        stream = self.out or sys.stdout
        stream.write(f"\n[scheduled post in #{destination.channel_id}]\n{render_text(reply)}\n")
        stream.flush()
        return None

    async def can_post(self, destination: Destination) -> PostCheck:
        """The console can always print."""
        return PostCheck()


class ConsoleAdapter:
    """Translates typed lines into core requests; the console user administers ``local``."""

    def __init__(self, core: Core, *, out: TextIO | None = None) -> None:
        self.core = core
        self.out = out

    async def answer(self, line: str) -> Reply:
        """Answer one typed command line."""
        return await self.core.handle_text(
            line,
            platform="console",
            community_id=COMMUNITY_ID,
            channel_id=CHANNEL_ID,
            user_id=USER_ID,
            user_is_admin=True,
        )

    async def once(self, line: str) -> tuple[str, bool]:
        """Answer one line; return the text and whether it was a usage error."""
        reply = await self.answer(line)
        return render_text(reply), reply.is_error

    async def repl(self, read_line: Callable[[str], str] = input, *, interrupted: asyncio.Event | None = None) -> None:
        """Prompt until 'quit', end of input or ``interrupted`` (Ctrl-C); never stops on a bad command."""
        stream = self.out or sys.stdout
        texts = self.core.catalogue.texts
        stream.write(texts.get("console.welcome") + "\n")
        interrupted = interrupted or asyncio.Event()
        while True:
            try:
                line = await _read_or_interrupt(read_line, "lookout> ", interrupted)
            except (EOFError, KeyboardInterrupt):
                line = None
            if line is None:
                stream.write("\n" + texts.get("console.bye") + "\n")
                stream.flush()
                return
            line = line.strip()
            if not line:
                continue
            if line.casefold() in ("quit", "exit", "/quit", "/exit"):
                stream.write(texts.get("console.bye") + "\n")
                return
            if not line.startswith("/"):
                line = "/safety " + line
            stream.write(render_text(await self.answer(line)) + "\n")
            stream.flush()


async def _read_or_interrupt(read_line: Callable[[str], str], prompt: str, interrupted: asyncio.Event) -> str | None:
    """One line from ``read_line``, or None as soon as ``interrupted`` is set.

    The read runs in a daemon thread, not the loop's executor: a prompt nobody answers must not
    keep the process alive after Ctrl-C (the executor waits for its threads at exit).
    """
    loop = asyncio.get_running_loop()
    line: asyncio.Future[str] = loop.create_future()

    def settle(result: str | None, error: BaseException | None) -> None:
        if line.done():
            return
        if error is not None:
            line.set_exception(error)
        else:
            line.set_result(result or "")

    def read() -> None:
        try:
            result = read_line(prompt)
        except BaseException as exc:  # EOFError and friends travel back to the loop
            loop.call_soon_threadsafe(settle, None, exc)
        else:
            loop.call_soon_threadsafe(settle, result, None)

    threading.Thread(target=read, name="console-input", daemon=True).start()
    stop = asyncio.ensure_future(interrupted.wait())
    either: list[asyncio.Future[Any]] = [line, stop]
    try:
        await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stop.cancel()
    if line.done():
        return line.result()
    line.cancel()
    return None
