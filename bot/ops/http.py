"""The HTTP listener: /healthz, /readyz and /metrics (Slack's HTTP mode adds its routes here)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.ops.metrics import Metrics

Check = Callable[[], Awaitable[tuple[bool, str]]]


@dataclass
class Readiness:
    """Named checks that must all pass for /readyz (database, platforms, scheduler)."""

    checks: dict[str, Check] = field(default_factory=dict)

    async def run(self) -> tuple[bool, dict[str, dict[str, object]]]:
        """Run every check; a check that raises counts as failed."""
        results: dict[str, dict[str, object]] = {}
        for name, check in self.checks.items():
            try:
                ok, detail = await check()
            except Exception as exc:  # a broken check means not ready, never a 500
                ok, detail = False, type(exc).__name__
            results[name] = {"ok": ok, "detail": detail}
        return all(r["ok"] for r in results.values()), results


def build_http_app(readiness: Readiness, metrics: Metrics) -> web.Application:
    """An aiohttp application with the operational endpoints."""

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def readyz(_: web.Request) -> web.Response:
        ready, results = await readiness.run()
        # "down" names what is not ready, so an operator reads the cause at a glance.
        down = [name for name, result in results.items() if not result["ok"]]
        body = json.dumps({"ready": ready, "down": down, "checks": results})
        return web.Response(text=body, status=200 if ready else 503, content_type="application/json")

    async def metrics_endpoint(_: web.Request) -> web.Response:
        return web.Response(body=await metrics.render(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics_endpoint)
    return app
