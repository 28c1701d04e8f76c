"""Running Slack: Socket Mode when ``SLACK_APP_TOKEN`` is set, HTTP when signing or OAuth is configured.

Socket Mode suits development and a single workspace (no public URL). HTTP mode serves
``/slack/events`` (and ``/slack/install`` with ``/slack/oauth_redirect`` for multi-workspace
installs) on ``LOOKOUT_HTTP_HOST:LOOKOUT_HTTP_PORT``; several such processes can sit behind a
load balancer, since they keep no state between requests.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import installation
from bot.adapters.slack.factory import Slack, build_slack
from bot.app import App

log = logging.getLogger(__name__)


@dataclass
class SlackRuntime:
    """A started Slack connection; ``stop`` closes it."""

    slack: Slack
    socket: AsyncSocketModeHandler | None = None
    http: web.AppRunner | None = None

    @property
    def http_port(self) -> int | None:
        """The port the HTTP server listens on (useful when it was started on port 0)."""
        if self.http is None or not self.http.addresses:
            return None
        return int(self.http.addresses[0][1])

    async def stop(self) -> None:
        """Close the socket and the HTTP server."""
        if self.socket is not None:
            await self.socket.close_async()  # type: ignore[no-untyped-call]
        if self.http is not None:
            await self.http.cleanup()
        await self.slack.close()


async def start_slack(
    app: App, *, client: AsyncWebClient | None = None, http_app: web.Application | None = None
) -> SlackRuntime:
    """Build the Slack app and connect it the way the settings ask for.

    With ``http_app`` (the process's shared listener, which also serves /healthz and /metrics),
    HTTP mode adds its routes there instead of opening a second port.
    """
    settings = app.settings
    slack = build_slack(app, client=client)
    await slack.prepare()
    runtime = SlackRuntime(slack)
    try:
        if settings.slack_app_token:
            runtime.socket = AsyncSocketModeHandler(slack.bolt, settings.slack_app_token.get_secret_value())
            await runtime.socket.connect_async()  # type: ignore[no-untyped-call]
            log.info("Slack: connected in Socket Mode")
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
