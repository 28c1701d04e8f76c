"""Build the Slack side of Lookout from the app's settings and services, without touching the network.

``build_slack(app)`` returns everything the runtime needs; ``build_slack_app(app)`` returns just
the bolt ``AsyncApp`` for tests and embedders::

    from bot.adapters.slack import build_slack_app
    bolt = build_slack_app(app)  # app.settings.slack_api_url points the Web API client at a fake
    response = await bolt.async_dispatch(AsyncBoltRequest(body=signed_body, headers=signed_headers))

Nothing here calls Slack: bolt's single-workspace authorisation calls ``auth.test`` lazily on
the first request, and multi-workspace installs read tokens from the database per request.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import installation
from bot.adapters.slack.commands import Responder, ack_now, register_commands
from bot.adapters.slack.home import Home, register_home
from bot.adapters.slack.identity import Members
from bot.adapters.slack.messenger import SlackAdminNotifier, SlackMessenger, with_rate_limit_retry
from bot.adapters.slack.render import LINK_ACTION_PREFIX
from bot.adapters.slack.verification import CountedRequestVerification
from bot.app import App
from bot.core.notices import render_notice
from bot.core.ports import Notice
from bot.core.replies import admin_notice

log = logging.getLogger(__name__)


@dataclass
class Slack:
    """The bolt app and the services built with it."""

    bolt: AsyncApp
    messenger: SlackMessenger
    notifier: SlackAdminNotifier
    oauth: AsyncOAuthSettings | None
    responder: Responder

    async def prepare(self) -> None:
        """Create the installation tables when multi-workspace install is configured."""
        if self.oauth is not None:
            await installation.create_tables(self.oauth)

    async def close(self) -> None:
        """Close the HTTP session used for answers."""
        await self.responder.close()


def _secret(value: Any) -> str | None:
    return value.get_secret_value() if value is not None else None


def build_slack(app: App) -> Slack:
    """Wire Slack into ``app``: bolt listeners, the Messenger (registered as ``app.messengers["slack"]``).

    Every Web API call goes to ``SLACK_API_URL`` (Slack's by default; tests point it at a local
    fake). In single-workspace mode the client carries ``SLACK_BOT_TOKEN``; in multi-workspace
    mode it carries no token and each request uses the workspace's installation.
    """
    settings = app.settings
    oauth = installation.oauth_settings(settings, app.db) if installation.oauth_configured(settings) else None
    store = oauth.installation_store if oauth else None
    assert store is None or isinstance(store, AsyncSQLAlchemyInstallationStore)  # nosec B101 - narrows the type; oauth_settings builds this store
    signing_secret = _secret(settings.slack_signing_secret) or ""
    bolt = AsyncApp(
        name="lookout",
        # bolt builds the client from the token. Handing it a client as well makes it read
        # SLACK_BOT_TOKEN from the environment a second time and warn on every start.
        token=None if oauth else _secret(settings.slack_bot_token),
        # Explicit values, so bolt never falls back to reading the environment itself.
        signing_secret=signing_secret,
        oauth_settings=oauth,
        installation_store=store,
        # Our verification runs where bolt's would (before authorisation), but counts refusals
        # instead of logging each one with the request body in it.
        request_verification_enabled=False,
        before_authorize=CountedRequestVerification(signing_secret),
        # Acknowledge inline and answer in lazy listeners: the ack does not wait for bolt's
        # 10 ms polling loop, and the answer never holds up Slack's 3-second deadline.
        process_before_response=True,
        logger=logging.getLogger("bot.adapters.slack.bolt"),
    )
    # The OAuth flow and Socket Mode use this same client, so they follow SLACK_API_URL too.
    client = bolt.client
    client.base_url = settings.slack_api_url
    with_rate_limit_retry(client)
    members = Members(settings.slack_admin_user_ids)
    tokens = installation.Tokens(static_token=None if oauth else client.token, store=store)
    home = Home(app.core, members)

    async def publish_notice(community: str, user_id: str, notice: Notice) -> None:
        token = await tokens.bot_token(community)
        if token is None:
            return
        # The same connection settings as the app's client, with this workspace's token.
        workspace = AsyncWebClient(
            token=token,
            base_url=client.base_url,
            timeout=client.timeout,
            session=client.session,
            retry_handlers=client.retry_handlers,
        )
        texts = app.catalogue.texts
        await home.publish(workspace, community, user_id, admin_notice(texts, render_notice(texts, notice)))

    responder = Responder()
    register_commands(bolt, app.core, members, responder)
    register_home(bolt, home)
    installation.register_lifecycle(bolt, app.core, members, store)
    # Link buttons open their page in the browser, but Slack still sends the app an action.
    bolt.action(re.compile("^" + re.escape(LINK_ACTION_PREFIX)))(ack_now)

    messenger = SlackMessenger(client, tokens)
    app.messengers["slack"] = messenger
    notifier = SlackAdminNotifier(publish_notice, tokens, settings.slack_admin_user_ids, members.seen_admins)
    app.notifiers["slack"] = notifier
    return Slack(bolt, messenger, notifier, oauth, responder)


def build_slack_app(app: App) -> AsyncApp:
    """Build the bolt ``AsyncApp`` for Lookout without any network call (see ``build_slack``).

    The HTTP session answers are sent through lives as long as the process; use
    ``build_slack(...)`` and ``await slack.close()`` where that matters (tests, reloads).
    """
    return build_slack(app).bolt
