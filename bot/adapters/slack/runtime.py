"""Running Slack: Socket Mode when ``SLACK_APP_TOKEN`` is set, HTTP when signing or OAuth is configured.

Socket Mode suits development and a single workspace (no public URL). HTTP mode serves
``/slack/events`` (and ``/slack/install`` with ``/slack/oauth_redirect`` for multi-workspace
installs) on ``LOOKOUT_HTTP_HOST:LOOKOUT_HTTP_PORT``; several such processes can sit behind a
load balancer, since they keep no state between requests.

Starting has two steps so a Slack outage never holds the process: ``open_slack`` builds the app
and adds its routes (no network), then ``SlackRuntime.connect`` is one attempt to reach Slack
(check the bot token, open the socket), which ``keep_trying`` repeats with backoff.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.errors import SlackApiError

from bot.adapters.slack import installation
from bot.adapters.slack.factory import Slack, build_slack
from bot.app import App
from bot.config import Settings, SettingsError
from bot.ops.backoff import Link, Unreachable, describe, keep_trying

log = logging.getLogger(__name__)

# Slack's answers that mean the token itself is wrong: trying again cannot help.
REJECTED = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "not_allowed_token_type",
        "missing_scope",
    }
)
# How to fix each rejected token: advice for a person, not a credential.
FIX = {
    "SLACK_BOT_TOKEN": "Copy the Bot User OAuth Token (xoxb-…) again from the app's OAuth & Permissions page.",  # nosec B105
    "SLACK_APP_TOKEN": (
        "Create an app-level token (xapp-…) with the connections:write scope on the app's Basic Information page."  # nosec B105
    ),
}
# How long the websocket may take to open once Slack gave its URL.
SOCKET_OPEN_SECONDS = 30.0


async def slack_call(call: Any, setting: str) -> Any:
    """Await one Web API call; network trouble becomes ``Unreachable``, a refused token a ``SettingsError``."""
    try:
        return await call
    except SlackApiError as exc:
        error = str(exc.response.get("error", "")) if exc.response is not None else ""
        if error in REJECTED:
            raise SettingsError(f"Slack rejected {setting} ({error}). {FIX[setting]}") from exc
        raise Unreachable(f"Slack answered {error or exc.response.status_code}") from exc
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise Unreachable(describe(exc)) from exc


@dataclass
class SlackRuntime:
    """A Slack app that is (or is being) connected; ``stop`` closes it."""

    slack: Slack
    settings: Settings
    link: Link = field(default_factory=lambda: Link("slack"))
    socket: AsyncSocketModeHandler | None = None
    http: web.AppRunner | None = None

    @property
    def http_port(self) -> int | None:
        """The port the HTTP server listens on (useful when it was started on port 0)."""
        if self.http is None or not self.http.addresses:
            return None
        return int(self.http.addresses[0][1])

    async def connect(self) -> None:
        """One attempt to reach Slack: check the bot token, then open Socket Mode when configured.

        Raises ``Unreachable`` when Slack cannot be reached (try again later) and
        ``SettingsError`` when it refuses a token (the operator must fix it).
        """
        client = self.slack.bolt.client
        if self.slack.oauth is None:
            await slack_call(client.auth_test(), "SLACK_BOT_TOKEN")
        if self.socket is None:
            return
        assert self.settings.slack_app_token is not None  # nosec B101 - a socket is only built with the token
        app_token = self.settings.slack_app_token.get_secret_value()
        opened = await slack_call(client.apps_connections_open(app_token=app_token), "SLACK_APP_TOKEN")
        self.socket.client.wss_uri = str(opened["url"])
        try:
            # slack_sdk retries a websocket that does not open on its own, forever: bound it here.
            await asyncio.wait_for(self.socket.connect_async(), SOCKET_OPEN_SECONDS)  # type: ignore[no-untyped-call]
        except TimeoutError as exc:
            self.socket.client.wss_uri = None  # the next attempt asks Slack for a fresh URL
            raise Unreachable(f"the Socket Mode websocket did not open within {SOCKET_OPEN_SECONDS:.0f} s") from exc

    async def stop(self) -> None:
        """Close the socket and the HTTP server."""
        if self.socket is not None:
            await self.socket.close_async()  # type: ignore[no-untyped-call]
        if self.http is not None:
            await self.http.cleanup()
        await self.slack.close()


async def open_slack(app: App, *, http_app: web.Application | None = None) -> SlackRuntime:
    """Build the Slack app and its routes without calling Slack (see ``SlackRuntime.connect``).

    With ``http_app`` (the process's shared listener, which also serves /healthz and /metrics),
    HTTP mode adds its routes there instead of opening a second port.
    """
    settings = app.settings
    slack = build_slack(app)
    await slack.prepare()
    runtime = SlackRuntime(slack, settings)
    try:
        if settings.slack_app_token:
            runtime.socket = AsyncSocketModeHandler(
                slack.bolt,
                settings.slack_app_token.get_secret_value(),
                # Its own logger, whose reconnection messages the log setup keeps to one line.
                logger=logging.getLogger("bot.adapters.slack.socket"),
            )
            socket_client = runtime.socket.client
            runtime.link.extra_check = socket_client.is_connected
        if settings.slack_signing_secret or installation.oauth_configured(settings):
            slack_web = slack.bolt.web_app(path="/slack/events")
            if http_app is not None:
                for route in slack_web.router.routes():
                    http_app.router.add_route(route.method, route.resource.canonical, route.handler)  # type: ignore[union-attr]
                log.info("Slack: /slack/events added to the shared HTTP listener")
            else:
                runner = web.AppRunner(slack_web, access_log=None)
                await runner.setup()
                runtime.http = runner
                await web.TCPSite(runner, settings.http_host, settings.http_port).start()
                log.info("Slack: serving /slack/events on %s:%s", settings.http_host, runtime.http_port)
    except BaseException:
        await runtime.stop()
        raise
    return runtime


async def start_slack(app: App, *, http_app: web.Application | None = None) -> SlackRuntime:
    """Open Slack and keep trying to connect until it works (see ``open_slack`` and ``keep_trying``)."""
    runtime = await open_slack(app, http_app=http_app)
    try:
        await keep_trying(runtime.connect, runtime.link)
    except BaseException:
        await runtime.stop()
        raise
    log.info("Slack: connected%s", " in Socket Mode" if runtime.socket is not None else "")
    return runtime
