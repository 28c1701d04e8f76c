"""A Lookout delivery worker for the multi-process tests: ticks a shared database until nothing is due.

Its messenger appends each attempt (key, channel) to a file, as a platform's log would. With
--hang-after K it stops inside the K-th send (after the platform got it, before Lookout could
record it) and prints HANG, so the test can SIGKILL it in the middle of a fan-out.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
from pathlib import Path

from bot.app import pacing_policies
from bot.config import Settings
from bot.core.content import load_catalogue
from bot.core.messaging import Destination
from bot.core.models import Reply
from bot.delivery.pacing import Pacer
from bot.delivery.sender import Sender
from bot.delivery.service import DeliveryConfig, DeliveryService
from bot.store import Database

MESSAGES = Path(__file__).resolve().parents[2] / "messages"


class FileMessenger:
    def __init__(self, path: Path, hang_after: int | None) -> None:
        self.path = path
        self.hang_after = hang_after
        self.count = 0

    async def send(self, destination: Destination, reply: Reply, *, idempotency_key: str) -> str | None:
        self.count += 1
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, f"{idempotency_key} {destination.channel_id} {os.getpid()}\n".encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        if self.hang_after is not None and self.count >= self.hang_after:
            print("HANG", flush=True)
            await asyncio.Event().wait()
        await asyncio.sleep(0)
        return None


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--schema")
    parser.add_argument("--now", required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--worker", required=True)
    parser.add_argument("--hang-after", type=int)
    parser.add_argument("--wait-go", action="store_true")
    parser.add_argument("--platform", default="discord", choices=["discord", "slack"])
    parser.add_argument("--in-flight", type=int, default=4)
    args = parser.parse_args()

    now = dt.datetime.fromisoformat(args.now)
    connect_args = {"options": f"-csearch_path={args.schema}"} if args.schema else {}
    db = Database(args.url, connect_args=connect_args)
    # The shipped content may be dated today, later than the suite's clock (see tests/conftest.py).
    catalogue = load_catalogue(MESSAGES, today=max(now.date(), dt.date.today()))
    messengers = {args.platform: FileMessenger(args.out, args.hang_after)}
    # The production policies (Slack: no idempotency key, paced per channel), Discord unthrottled.
    policies = pacing_policies(
        Settings(_env_file=None, discord_sends_per_second=100_000, discord_max_in_flight=args.in_flight)  # type: ignore[call-arg]
        if args.platform == "discord"
        else Settings(_env_file=None, slack_max_in_flight=args.in_flight)  # type: ignore[call-arg]
    )
    sender = Sender(messengers, Pacer(policies))
    service = DeliveryService(
        db,
        catalogue,
        messengers,
        sender,
        clock=lambda: now,
        config=DeliveryConfig(batch_size=10),
        worker_id=args.worker,
    )
    if args.wait_go:
        print("READY", flush=True)
        sys.stdin.readline()
    try:
        while True:
            report = await service.tick()
            if not (report.sent or report.resumed or report.lost_races or report.deferred):
                break
    finally:
        await db.dispose()
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
