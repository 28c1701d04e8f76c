"""Console adapter: one local community whose only user is its admin."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from typing import TextIO

from bot.adapters.console.render import render_text
from bot.core.engine import Core
from bot.core.messaging import Destination
from bot.core.models import Reply

COMMUNITY_ID = "local"
CHANNEL_ID = "console"
USER_ID = "you"

WELCOME = (
    "Lookout console. Type the same commands as in Slack, for example:\n"
    "  /safety report GB      /safety guide roblox      /safety tip\n"
    "  /safety-admin setup #console Europe/London daily 18:00\n"
    "Type /safety help for every command, and quit (or Ctrl-D) to leave.\n"
)


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

    async def repl(self, read_line: Callable[[str], str] = input) -> None:
        """Prompt until 'quit' or end of input; never stops on a bad command."""
        stream = self.out or sys.stdout
        stream.write(WELCOME)
        loop = asyncio.get_running_loop()
        while True:
            try:
                line = await loop.run_in_executor(None, read_line, "lookout> ")
            except (EOFError, KeyboardInterrupt):
                stream.write("\nBye.\n")
                return
            line = line.strip()
            if not line:
                continue
            if line.casefold() in ("quit", "exit", "/quit", "/exit"):
                stream.write("Bye.\n")
                return
            if not line.startswith("/"):
                line = "/safety " + line
            stream.write(render_text(await self.answer(line)) + "\n")
            stream.flush()
