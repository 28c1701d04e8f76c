"""One Lookout delivery process for the fan-out benchmarks: ticks a shared database until nothing is due.

Its messenger appends every attempt (key and channel) to a file, as the platform's own log
would, after a short simulated round trip. It prints READY, waits for a line on stdin, then
DONE when a tick finds nothing left.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
from pathlib import Path

from bot.core.content import load_catalogue
from bot.core.messaging import UNPACED, BucketScope, Destination, Idempotency, PacingPolicy
from bot.core.models import Reply
from bot.delivery.pacing import Pacer
from bot.delivery.sender import Sender
from bot.delivery.service import DeliveryService
from bot.store import Database

MESSAGES = Path(__file__).resolve().parent.parent / "messages"


class LoggedPlatform:
    """A platform that accepts every post after ``latency`` seconds and logs it (no idempotency key)."""

    def __init__(self, path: Path, latency: float) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        self.latency = latency

    async def send(self, destination: Destination, reply: Reply, *, idempotency_key: str) -> str | None:
        # Logged when the platform accepts it: a kill -9 after this line and before Lookout
        # records the outcome is exactly the post a restart may show twice.
        await asyncio.sleep(self.latency)
        os.write(self.fd, f"{idempotency_key} {destination.channel_id}\n".encode())
        return None


def policy(platform: str, rate: float, in_flight: int) -> PacingPolicy:
    if platform == "discord":
        return PacingPolicy(rate, BucketScope.CREDENTIAL, max_in_flight=in_flight, idempotency=Idempotency.HONOURED)
    if platform == "telegram":  # one bucket for the bot token, no idempotency key (bot/adapters/telegram/plug.py)
        return PacingPolicy(rate, BucketScope.CREDENTIAL, max_in_flight=in_flight, idempotency=Idempotency.NONE)
    return PacingPolicy(rate, BucketScope.CHANNEL, max_in_flight=in_flight, idempotency=Idempotency.NONE)


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--schema")
    parser.add_argument("--now", required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--platform", default="discord")
    parser.add_argument("--rate", type=float, default=40.0)
    parser.add_argument("--in-flight", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()

    now = dt.datetime.fromisoformat(args.now)
    db = Database(args.url, connect_args={"options": f"-csearch_path={args.schema}"} if args.schema else {})
    # Checked as of the real day when later: content written today carries today's date.
    catalogue = load_catalogue(MESSAGES, today=max(now.date(), dt.date.today()))
    messengers = {args.platform: LoggedPlatform(args.out, args.latency)}
    pacer = Pacer({args.platform: policy(args.platform, args.rate, args.in_flight), "console": UNPACED})
    # The slots are all due "now"; the clock moves with real time from there (leases, pacing).
    started = asyncio.get_running_loop().time()

    def clock() -> dt.datetime:
        return now + dt.timedelta(seconds=asyncio.get_running_loop().time() - started)

    service = DeliveryService(db, catalogue, messengers, Sender(messengers, pacer), clock=clock)
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
