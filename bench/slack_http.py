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
- ``respond``: acks inline with an empty 200, then posts static text of the same size to the
  response URL over one kept-alive session: the same work as Lookout's answer without Lookout.
- Lookout: acks at once, then answers through the core and posts Block Kit to the response URL.

Figures: time to the acknowledgement (what Slack's 3-second deadline measures) against ``bare``
and ``inline``; time until the answer has arrived (what the person waits for) against ``bare``
and ``respond``, p50 and p99; and the answer to a person whose Slack is in German against
English (target: within 5%). Run alone with `python -m bench.slack_http`.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
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
# About as long as Lookout's English answer, so both posts carry a similar body.
STATIC = "If a child is in immediate danger, call 999 now. " * 30


class FakeSlack:
    """The Web API methods the command needs, and response URLs that resolve a waiting future."""

    def __init__(self) -> None:
        self.waiting: dict[str, asyncio.Future[float]] = {}
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
        future = self.waiting.pop(request.match_info["id"], None)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())
        return web.Response(text="ok")


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
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


def responding_bolt(api: str, session: aiohttp.ClientSession, tasks: set[asyncio.Task[None]]) -> AsyncApp:
    """A bolt app that acks inline, then posts static text to the response URL (Lookout's shape, no Lookout)."""
    bolt = AsyncApp(
        client=AsyncWebClient(token=TOKEN, base_url=api), signing_secret=SECRET, process_before_response=True
    )

    async def post(url: str) -> None:
        await AsyncWebhookClient(url=url, session=session).send(response_type="ephemeral", text=STATIC)

    @bolt.command("/safety")
    async def static(ack, body) -> None:  # type: ignore[no-untyped-def]
        await ack()
        task = asyncio.get_running_loop().create_task(post(str(body["response_url"])))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    return bolt


async def serve_apps(fake_port: int) -> None:
    """The apps under test (the second process): print their URLs as one JSON line, run until stdin closes."""
    from bot.adapters.slack import start_slack
    from bot.app import build_app
    from bot.config import Settings

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
        runtime = await start_slack(app)
        tasks: set[asyncio.Task[None]] = set()
        async with aiohttp.ClientSession() as session:
            runners = {
                "bare": await serve(bare_bolt(api).web_app()),
                "inline": await serve(bare_bolt(api, inline=True).web_app()),
                "respond": await serve(responding_bolt(api, session, tasks).web_app()),
            }
            urls = {name: url for name, (_, url) in runners.items()}
            urls["lookout"] = f"http://127.0.0.1:{runtime.http_port}/slack/events"
            print(json.dumps(urls), flush=True)
            try:
                await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
            finally:
                for runner, _ in runners.values():
                    await runner.cleanup()
                await runtime.stop()
                await app.close()


def signed(fake: FakeSlack, request_id: str, user: str = "U1") -> tuple[bytes, dict[str, str]]:
    body = urlencode(
        {
            "team_id": "T1",
            "channel_id": "C1",
            "user_id": user,
            "command": "/safety",
            "text": "report GB",
            "api_app_id": "A1",
            "response_url": f"http://127.0.0.1:{fake.port}/respond/{request_id}",
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


async def one(
    session: aiohttp.ClientSession, url: str, fake: FakeSlack, request_id: str, answered_in_ack: bool, user: str = "U1"
) -> tuple[float, float]:
    """(ms to the HTTP response, ms to the answer) for one request."""
    body, headers = signed(fake, request_id, user)
    future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
    if not answered_in_ack:
        fake.waiting[request_id] = future
    start = time.perf_counter()
    async with session.post(url, data=body, headers=headers) as resp:
        await resp.read()
        acked = time.perf_counter()
        assert resp.status == 200, resp.status
    answered = acked if answered_in_ack else await asyncio.wait_for(future, 10)
    return (acked - start) * 1000, (answered - start) * 1000


async def measure() -> dict[str, list[tuple[float, float]]]:
    fake = FakeSlack()
    await fake.start()
    apps = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.slack_http",
        "--serve",
        str(fake.port),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert apps.stdin is not None and apps.stdout is not None
    try:
        urls = json.loads(await asyncio.wait_for(apps.stdout.readline(), 120))
        # Which apps answer in their ack, and who asks (UDE's Slack is in German).
        plan = {
            "lookout": (urls["lookout"], False, "U1"),
            "bare": (urls["bare"], True, "U1"),
            "inline": (urls["inline"], True, "U1"),
            "respond": (urls["respond"], False, "U1"),
            "german": (urls["lookout"], False, "UDE"),
        }
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in plan}
        async with aiohttp.ClientSession() as session:
            for i in range(WARMUP + ROUNDS):
                for name, (url, in_ack, user) in plan.items():
                    sample = await one(session, url, fake, f"{name}{i}", answered_in_ack=in_ack, user=user)
                    if i >= WARMUP:
                        samples[name].append(sample)
    finally:
        apps.stdin.close()
        await apps.wait()
        assert fake.runner is not None
        await fake.runner.cleanup()
    return samples


def records(samples: dict[str, list[tuple[float, float]]]) -> list[Record]:
    """The figures, each against its baseline from the same run."""
    out = []
    # The brief's baseline is bolt as shipped (it polls for the ack every 10 ms, target 1.2x);
    # issue 18's baselines ack inline (1.5x): for the ack, the app answering in its ack; for the
    # answer, the app posting static text to the response URL, which is what Lookout does.
    figures = (
        ("ack", 0, "bare", "", TARGET),
        ("ack", 0, "inline", " vs inline-ack bolt", INLINE_TARGET),
        ("answer", 1, "bare", "", TARGET),
        ("answer", 1, "respond", " vs inline-ack bolt posting static text", INLINE_TARGET),
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
    else:
        for record in run():
            line = f"{record.name:<66} {record.value:7.2f} ms  baseline {record.baseline:7.2f} ms"
            print(f"{line}  x{record.ratio:.2f}")
