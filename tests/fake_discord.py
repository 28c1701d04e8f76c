"""A small fake of the Discord REST API on 127.0.0.1:0: ``users/@me`` for one known bot token.

Enough for what happens before the gateway: discord.py's login (tests point
``discord.http.Route.BASE`` at ``api_base``) and ``lookout doctor``'s token check.
"""

from __future__ import annotations

from aiohttp import web

GOOD_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.fake-token-for-tests-only-000000000000"
BOT_ID = "123456789012345678"


class FakeDiscord:
    """Answers ``GET /api/v10/users/@me``: the bot for ``GOOD_TOKEN``, 401 for anything else."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def start(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/api/v10/users/@me", self._me)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    async def _me(self, request: web.Request) -> web.Response:
        self.requests.append(request.path)
        if request.headers.get("Authorization") != f"Bot {GOOD_TOKEN}":
            return web.json_response({"message": "401: Unauthorized", "code": 0}, status=401)
        return web.json_response({"id": BOT_ID, "username": "Lookout", "discriminator": "0", "bot": True})
