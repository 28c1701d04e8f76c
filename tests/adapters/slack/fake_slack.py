"""A small fake of the Slack Web API, response URLs and Socket Mode, on 127.0.0.1:0.

It records every call, answers the methods Lookout uses with recorded-shape responses, and
can be told to fail a method (an error code, a 429 with Retry-After, a 5xx). Tests wait for
what they expect with ``wait_for`` (an event, not a sleep).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

PAYLOADS = Path(__file__).parent / "payloads"
BOT_TOKEN = "xoxb-test-bot-token"
TEAM_ID = "T0LOOKOUT"
BOT_USER_ID = "U0BOT"


@dataclass
class Call:
    """One Web API call as the fake received it."""

    method: str
    params: dict[str, Any]
    token: str | None


@dataclass
class Failure:
    status: int = 200
    body: dict[str, Any] | str = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlack:
    """The fake server. ``base_url`` is for ``AsyncWebClient``; ``response_url(n)`` for commands."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.responses: list[dict[str, Any]] = []
        self.users: dict[str, dict[str, Any]] = {}
        # conversations.info answers: a channel id here has these fields; any other C…/G… id is a
        # channel the bot is a member of, and anything else (a bare name) is not found.
        self.channels: dict[str, dict[str, Any]] = {}
        self.failures: dict[str, list[Failure]] = {}
        self.socket_sent: list[dict[str, Any]] = []
        self.socket_received: list[dict[str, Any]] = []
        self.socket_envelopes: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        # What auth.test reports in X-OAuth-Scopes, as Slack does for the token's granted scopes.
        self.scopes = "commands,chat:write,users:read,channels:read,groups:read"
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- set-up ------------------------------------------------------------------------------

    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{id}", self._respond)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, n: int | str = 1) -> str:
        return f"http://127.0.0.1:{self.port}/respond/{n}"

    def add_user(self, user_id: str, *, admin: bool = False, owner: bool = False, locale: str = "en-GB") -> None:
        self.users[user_id] = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": user_id.lower(),
            "is_admin": admin,
            "is_owner": owner,
            "is_primary_owner": False,
            "is_bot": False,
            "locale": locale,
        }

    def fail(self, method: str, *failures: Failure) -> None:
        """Answer the next calls of ``method`` with these failures, in order."""
        self.failures.setdefault(method, []).extend(failures)

    # -- reading what happened ---------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, predicate: Any) -> None:
        """Wait until ``predicate()`` is true (re-checked on every call the fake receives), at most 5 s."""
        async with asyncio.timeout(5), self._changed:
            await self._changed.wait_for(predicate)

    async def next_response(self, count: int = 1) -> dict[str, Any]:
        await self.wait_for(lambda: len(self.responses) >= count)
        return self.responses[count - 1]

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # -- handlers ----------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                params.update(dict(await request.post()))
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else params.get("token")
        self.calls.append(Call(method, params, token))
        await self._notify()
        queued = self.failures.get(method)
        if queued:
            failure = queued.pop(0)
            if isinstance(failure.body, str):
                return web.Response(status=failure.status, text=failure.body, headers=failure.headers)
            return web.json_response(failure.body, status=failure.status, headers=failure.headers)
        headers = {"x-oauth-scopes": self.scopes} if method == "auth.test" else {}
        return web.json_response(self._answer(method, params, token), headers=headers)

    def _answer(self, method: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://lookout-test.slack.com/",
                "team": "Lookout Test",
                "user": "lookout",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": "B0BOT",
                "is_enterprise_install": False,
            }
        if method == "users.info":
            user = self.users.get(str(params.get("user")))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "conversations.info":
            channel = str(params.get("channel"))
            if channel in self.channels:
                return {"ok": True, "channel": {"id": channel, **self.channels[channel]}}
            if channel[:1] in ("C", "G") and channel[1:].isalnum() and channel.isupper():
                return {"ok": True, "channel": {"id": channel, "is_channel": True, "is_member": True}}
            return {"ok": False, "error": "channel_not_found"}
        if method == "chat.postMessage":
            return {"ok": True, "channel": params.get("channel"), "ts": f"1700000000.{len(self.calls):06d}"}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V0HOME", "type": "home"}}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        if method == "oauth.v2.access":
            return json.loads((PAYLOADS / "oauth_v2_access_response.json").read_text())
        return {"ok": False, "error": "unknown_method"}

    async def _respond(self, request: web.Request) -> web.Response:
        payload = await request.json()
        payload["_id"] = request.match_info["id"]
        self.responses.append(payload)
        await self._notify()
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {"host": "fake"}})

        async def pump() -> None:
            while True:
                envelope = await self.socket_envelopes.get()
                self.socket_sent.append(envelope)
                await ws.send_json(envelope)

        sender = asyncio.create_task(pump())
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    self.socket_received.append(json.loads(msg.data))
                    await self._notify()
        finally:
            sender.cancel()
        return ws
