"""`lookout run` (no platform tokens: scheduled posts go to the console) with a slow messenger.

Each send prints SENDING, waits LOOKOUT_TEST_SEND_SECONDS, then appends its key to the record
file: a post counts as delivered only once that line is written, as a platform would log it.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from bot.adapters.console import ConsoleMessenger
from bot.config import load_settings
from bot.core.messaging import Destination
from bot.core.models import Reply
from bot.runtime import run_platforms

RECORD = Path(sys.argv[1])
DELAY = float(os.environ["LOOKOUT_TEST_SEND_SECONDS"])


async def slow_send(self: ConsoleMessenger, destination: Destination, reply: Reply, *, idempotency_key: str) -> None:
    print(f"SENDING {idempotency_key}", flush=True)
    await asyncio.sleep(DELAY)
    # A small append, done once the "platform" has the post: blocking the loop for it is fine here.
    with RECORD.open("a") as record:  # noqa: ASYNC230
        record.write(f"{idempotency_key} {destination.community_id}\n")
    return None


ConsoleMessenger.send = slow_send  # type: ignore[method-assign]
sys.exit(asyncio.run(run_platforms(load_settings())))
