"""Latency of a signed `/safety report GB` over HTTP on loopback, against bare bolt apps, same run.

This process plays Slack: it signs the slash-command requests, sends them over one keep-alive
connection, serves the Web API methods the command needs and receives the answers posted to
response URLs. The apps under test run in a second process (``--serve``), each behind its own
aiohttp server on 127.0.0.1:0, and get one request each in turn so machine noise hits them alike.
(In one process the client shares the apps' event loop: it could read Lookout's ack, already
written, only after the answer's first slice of work had run, which Slack never waits for.)

- ``bare``: a bolt app as shipped that answers with static text in its ack (bolt polls for
  the ack every 10 ms).
- ``inline``: the same with ``process_before_response``, acking inline: its HTTP response is
  its answer.
- ``respond``: acks inline with an empty 200, then posts a fixed message to the response URL
  over one kept-alive session: Lookout's own GB report rendered once (the same Block Kit, the
  same flags), so both send the same bytes and the ratio is what Lookout itself adds.
- Lookout: acks at once, then answers through the core and posts Block Kit to the response URL.

Figures: time to the acknowledgement (what Slack's 3-second deadline measures) against ``bare``
and ``inline``; time until the answer has arrived (what the person waits for) against ``bare``
and ``respond``, p50 and p99; and the answer to a person whose Slack is in German against
English (target: within 5%). Run alone with `python -m bench.slack_http`.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bench.record import Record, percentile

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
WARMUP = 50
ROUNDS = 400
TARGET = 1.2
INLINE_TARGET = 1.5


class FakeSlack:
    """The Web API methods the command needs, and response URLs that note when an answer arrived.

    It runs in its own process (``--fake``): each answer's arrival is written to stdout as
    ``<request id> <time.perf_counter()>``, a clock every process on the machine shares.
    """

    def __init__(self) -> None:
        self.runner: web.AppRunner | None = None
        self.port = 0

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self.api)
        app.router.add_post("/respond/{id}", self.respond)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", 0).start()
        self.port = self.runner.addresses[0][1]

    async def api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method == "auth.test":
            return web.json_response({"ok": True, "team_id": "T1", "user_id": "UBOT", "bot_id": "B1"})
        if method == "users.info":
            form = await request.post() if request.can_read_body else {}
            user = str(request.query.get("user") or form.get("user") or "U1")
            # UDE's Slack is in German: their answers are German (the language figure).
            locale = "de-DE" if user == "UDE" else "en-GB"
            return web.json_response({"ok": True, "user": {"id": user, "is_admin": False, "locale": locale}})
        return web.json_response({"ok": True})

    async def respond(self, request: web.Request) -> web.Response:
        await request.read()
        print(request.match_info["id"], time.perf_counter(), flush=True)
        return web.Response(text="ok")


async def serve_fake() -> None:
    """Slack's side of the answers (the third process): print the port, run until stdin closes."""
    pin(1)
    fake = FakeSlack()
    await fake.start()
    print(fake.port, flush=True)
    try:
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    finally:
        assert fake.runner is not None
        await fake.runner.cleanup()


def timed(written: dict[str, float]) -> Any:
    """Middleware noting how long each app took to write its ack (``X-Bench-Sample`` names the request).

    From the request's arrival in the app's process until its response is handed to aiohttp,
    which writes it at once: the ack as Slack's deadline sees it, without the client's side.
    """

    @web.middleware
    async def timing(request: web.Request, handler: Any) -> web.StreamResponse:
        start = time.perf_counter()
        response = await handler(request)
        written[request.headers.get("X-Bench-Sample", "")] = (time.perf_counter() - start) * 1000
        return response

    return timing


async def serve(app: web.Application, written: dict[str, float]) -> tuple[web.AppRunner, str]:
    """Serve ``app``'s routes on 127.0.0.1:0 behind the timing middleware."""
    outer = web.Application(middlewares=[timed(written)])
    for route in app.router.routes():
        outer.router.add_route(route.method, route.resource.canonical, route.handler)  # type: ignore[union-attr]
    runner = web.AppRunner(outer, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"


def bare_bolt(api: str, *, inline: bool = False) -> AsyncApp:
    """A bolt app that acks /safety with static text; ``inline`` skips bolt's 10 ms ack polling."""
    bolt = AsyncApp(
        client=AsyncWebClient(token=TOKEN, base_url=api), signing_secret=SECRET, process_before_response=inline
    )

    @bolt.command("/safety")
    async def static(ack) -> None:  # type: ignore[no-untyped-def]
        await ack("If a child is in immediate danger, call 999 now.")

    return bolt


def responding_bolt(
    api: str, message: dict[str, Any], session: aiohttp.ClientSession, tasks: set[asyncio.Task[None]]
) -> AsyncApp:
    """A bolt app that acks inline, then posts a fixed ``message`` to the response URL (Lookout's shape, no Lookout)."""
    bolt = AsyncApp(
        client=AsyncWebClient(token=TOKEN, base_url=api), signing_secret=SECRET, process_before_response=True
    )

    async def post(url: str) -> None:
        await AsyncWebhookClient(url=url, session=session).send(
            response_type="ephemeral",
            replace_original=False,
            unfurl_links=False,
            unfurl_media=False,
            **message,
        )

    @bolt.command("/safety")
    async def static(ack, body) -> None:  # type: ignore[no-untyped-def]
        await ack()
        task = asyncio.get_running_loop().create_task(post(str(body["response_url"])))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    return bolt


async def serve_apps(fake_port: int) -> None:
    """The apps under test (the second process): print their URLs as one JSON line, run until stdin closes."""
    pin(1)
    from bot.adapters.slack import start_slack
    from bot.adapters.slack.render import MessageCache
    from bot.app import build_app
    from bot.config import Settings
    from bot.core.models import Request

    api = f"http://127.0.0.1:{fake_port}/api/"
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database_url=f"sqlite:///{Path(tmp) / 'bench.db'}",
            slack_bot_token=TOKEN,
            slack_signing_secret=SECRET,
            http_host="127.0.0.1",
            http_port=0,
            slack_api_url=api,
        )
        app = await build_app(settings)
        # Lookout's routes on a listener of the bench's own (as on the shared HTTP listener), so
        # its ack is timed like the bare apps'.
        lookout_routes = web.Application()
        runtime = await start_slack(app, http_app=lookout_routes)
        # The responding app's fixed answer: Lookout's own English GB report, as Block Kit.
        reply = await app.core.handle(Request("slack", "T1", "C1", "U1", False, "safety", "report", {"country": "GB"}))
        message = MessageCache(texts=app.catalogue.texts).message(reply)
        tasks: set[asyncio.Task[None]] = set()
        written: dict[str, float] = {}
        async with aiohttp.ClientSession() as session:
            runners = {
                "lookout": await serve(lookout_routes, written),
                "bare": await serve(bare_bolt(api).web_app(), written),
                "inline": await serve(bare_bolt(api, inline=True).web_app(), written),
                "respond": await serve(responding_bolt(api, message, session, tasks).web_app(), written),
            }
            print(json.dumps({name: url for name, (_, url) in runners.items()}), flush=True)
            try:
                await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
            finally:
                for runner, _ in runners.values():
                    await runner.cleanup()
                await runtime.stop()
                await app.close()
                print(json.dumps(written), flush=True)


def signed(fake_port: int, request_id: str, user: str = "U1") -> tuple[bytes, dict[str, str]]:
    body = urlencode(
        {
            "team_id": "T1",
            "channel_id": "C1",
            "user_id": user,
            "command": "/safety",
            "text": "report GB",
            "api_app_id": "A1",
            "response_url": f"http://127.0.0.1:{fake_port}/respond/{request_id}",
            "trigger_id": "1.2.3",
        }
    )
    ts = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body) or ""
    headers = {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return body.encode(), headers


class Answers:
    """When each answer reached the fake Slack, read from that process's output."""

    def __init__(self, fake_port: int) -> None:
        self.fake_port = fake_port
        self.waiting: dict[str, asyncio.Future[float]] = {}

    def expect(self, request_id: str) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting[request_id] = future
        return future

    async def read(self, stream: asyncio.StreamReader) -> None:
        while line := await stream.readline():
            request_id, at = line.decode().split()
            future = self.waiting.pop(request_id, None)
            if future is not None and not future.done():
                future.set_result(float(at))


async def one(
    session: aiohttp.ClientSession, url: str, answers: Answers, request_id: str, answered_in_ack: bool, user: str = "U1"
) -> tuple[float, float]:
    """(ms to the HTTP response, ms to the answer) for one request."""
    body, headers = signed(answers.fake_port, request_id, user)
    headers["X-Bench-Sample"] = request_id
    future = None if answered_in_ack else answers.expect(request_id)
    start = time.perf_counter()
    async with session.post(url, data=body, headers=headers) as resp:
        await resp.read()
        acked = time.perf_counter()
        assert resp.status == 200, resp.status
    answered = acked if future is None else await asyncio.wait_for(future, 10)
    return (acked - start) * 1000, (answered - start) * 1000


def pin(cpu: int) -> None:
    """Keep this process on one CPU (where there are two), as if Slack and the apps were two machines.

    The client alone on the first; the apps and the fake Slack's answer side on the second.
    Otherwise, on a busy machine, the client reads an ack only once the CPU is free of the
    work that follows it (the answer being built, then received), which is not the ack.
    """
    if hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) >= 2:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[cpu]})


async def _spawn(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.slack_http", *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
    )


async def measure() -> dict[str, list[tuple[float, float, float]]]:
    """Every app's (ack, answer, ack written) samples in ms, one request to each in turn."""
    pin(0)
    fake = await _spawn("--fake")
    assert fake.stdin is not None and fake.stdout is not None
    apps = None
    reading = None
    try:
        answers = Answers(int(await asyncio.wait_for(fake.stdout.readline(), 60)))
        reading = asyncio.get_running_loop().create_task(answers.read(fake.stdout))
        apps = await _spawn("--serve", str(answers.fake_port))
        assert apps.stdin is not None and apps.stdout is not None
        urls = json.loads(await asyncio.wait_for(apps.stdout.readline(), 120))
        # Which apps answer in their ack, and who asks (UDE's Slack is in German).
        plan = {
            "lookout": (urls["lookout"], False, "U1"),
            "bare": (urls["bare"], True, "U1"),
            "inline": (urls["inline"], True, "U1"),
            "respond": (urls["respond"], False, "U1"),
            "german": (urls["lookout"], False, "UDE"),
        }
        seen: dict[str, list[tuple[str, float, float]]] = {name: [] for name in plan}
        async with aiohttp.ClientSession() as session:
            for i in range(WARMUP + ROUNDS):
                for name, (url, in_ack, user) in plan.items():
                    sample = await one(session, url, answers, f"{name}{i}", answered_in_ack=in_ack, user=user)
                    if i >= WARMUP:
                        seen[name].append((f"{name}{i}", *sample))
        apps.stdin.close()
        written = json.loads(await asyncio.wait_for(apps.stdout.read(), 60))
        return {name: [(ack, answer, written[key]) for key, ack, answer in found] for name, found in seen.items()}
    finally:
        for process in (apps, fake):
            if process is not None and process.stdin is not None:
                if not process.stdin.is_closing():
                    process.stdin.close()
                await process.wait()
        if reading is not None:
            reading.cancel()


def records(samples: dict[str, list[tuple[float, float, float]]]) -> list[Record]:
    """The figures, each against its baseline from the same run."""
    out = []
    # The brief's baseline is bolt as shipped (it polls for the ack every 10 ms, target 1.2x).
    # Issue 18's (1.5x) ack inline: the app that also answers after its ack, as Lookout does,
    # for the ack and the answer the client sees; the app answering in its ack for the ack as
    # written in the app's process (on this shared two-core machine the client reads any ack
    # followed by work a millisecond or two later, whatever the app: see the note of issue 18).
    figures = (
        ("ack", 0, "bare", "", TARGET),
        ("ack", 0, "respond", " vs inline-ack bolt", INLINE_TARGET),
        ("ack written", 2, "inline", " vs inline-ack bolt answering in its ack", INLINE_TARGET),
        ("answer", 1, "bare", "", TARGET),
        ("answer", 1, "respond", " vs inline-ack bolt", INLINE_TARGET),
    )
    for label, index, baseline, suffix, target in figures:
        ours = [s[index] for s in samples["lookout"]]
        base = [s[index] for s in samples[baseline]]
        for pct in (50, 99):
            name = f"slack /safety report GB {label} p{pct}{suffix}"
            out.append(Record(name, percentile(ours, pct), "ms", percentile(base, pct), target))
    # The same command from a person whose Slack is in German, against English.
    for pct in (50, 99):
        german = percentile([s[1] for s in samples["german"]], pct)
        english = percentile([s[1] for s in samples["lookout"]], pct)
        out.append(Record(f"slack /safety report GB answer p{pct}, German vs English", german, "ms", english, 1.05))
    return out


def run() -> list[Record]:
    """Measure every app in one run; figures are ratios to the bare bolt apps."""
    return records(asyncio.run(measure()))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        asyncio.run(serve_apps(int(sys.argv[2])))
    elif sys.argv[1:2] == ["--fake"]:
        asyncio.run(serve_fake())
    else:
        for record in run():
            line = f"{record.name:<66} {record.value:7.2f} ms  baseline {record.baseline:7.2f} ms"
            print(f"{line}  x{record.ratio:.2f}")
