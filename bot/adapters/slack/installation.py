"""Workspace installs: OAuth settings on the app's database, bot tokens, and uninstalling.

Multi-workspace installs use ``slack_sdk``'s async SQLAlchemy installation and state stores on
the same database as everything else (their own tables, created by ``create_tables``). A
single-workspace app has one bot token from ``SLACK_BOT_TOKEN`` and no store.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import (
    AsyncSQLAlchemyInstallationStore,
    SQLAlchemyInstallationStore,
)
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import desc, or_, select

from bot.adapters.slack.identity import Members, community_id
from bot.config import Settings
from bot.core.engine import Core
from bot.store.database import Database

log = logging.getLogger(__name__)

PLATFORM = "slack"
# Only what Lookout uses: slash commands, posting tips and replies, and users.info for the admin
# check. Without chat:write.public Lookout posts only where it was invited, which admins control.
# channels:read and groups:read let setup ask conversations.info whether Lookout is in the
# channel (public and private) before the first slot, instead of failing at it.
BOT_SCOPES = ("commands", "chat:write", "users:read", "channels:read", "groups:read")
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600


def oauth_configured(settings: Settings) -> bool:
    """Whether multi-workspace install is configured (client id and secret)."""
    return bool(settings.slack_client_id and settings.slack_client_secret)


def oauth_settings(settings: Settings, db: Database) -> AsyncOAuthSettings:
    """OAuth settings with the SQLAlchemy stores on the app's (async) database engine."""
    assert settings.slack_client_id and settings.slack_client_secret  # nosec B101 - only called when oauth_configured()
    client_id = settings.slack_client_id.get_secret_value()
    return AsyncOAuthSettings(
        client_id=client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=AsyncSQLAlchemyInstallationStore(client_id=client_id, engine=db.engine),
        installation_store_bot_only=True,
        state_store=AsyncSQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=db.engine),
    )


async def create_tables(oauth: AsyncOAuthSettings) -> None:
    """Create the installation and state tables if they are missing (idempotent)."""
    for store in (oauth.installation_store, oauth.state_store):
        create = getattr(store, "create_tables", None)
        if create is not None:
            await create()


class Tokens:
    """The bot token for a community: the single configured one, or the latest installation's."""

    def __init__(
        self, *, static_token: str | None = None, store: AsyncSQLAlchemyInstallationStore | None = None
    ) -> None:
        self.static_token = static_token
        self.store = store

    async def _latest_bot(self, community: str) -> Any:
        assert self.store is not None  # nosec B101 - narrows the type; callers check the store first
        bots = self.store.bots
        # A community id is a team id, or an enterprise id for org-wide installs; a team inside
        # an Enterprise Grid also has an enterprise id, which the community id does not carry.
        query = (
            select(bots)
            .where(
                bots.c.client_id == self.store.client_id,
                bots.c.bot_token.is_not(None),
                or_(
                    bots.c.team_id == community,
                    (bots.c.enterprise_id == community) & bots.c.is_enterprise_install.is_(True),
                ),
            )
            .order_by(desc(bots.c.installed_at))
            .limit(1)
        )
        async with self.store.engine.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return SQLAlchemyInstallationStore.build_bot_entity(row) if row is not None else None

    async def bot_token(self, community: str) -> str | None:
        """Return the token to post with, or None when the community has no installation."""
        if self.store is None:
            return self.static_token
        bot = await self._latest_bot(community)
        return bot.bot_token if bot is not None else None

    async def installer(self, community: str) -> str | None:
        """Return the user who installed Lookout (an admin to tell about problems), if known."""
        if self.store is None:
            return None
        installations = self.store.installations
        query = (
            select(installations.c.user_id)
            .where(
                installations.c.client_id == self.store.client_id,
                or_(installations.c.team_id == community, installations.c.enterprise_id == community),
            )
            .order_by(desc(installations.c.installed_at))
            .limit(1)
        )
        async with self.store.engine.connect() as conn:
            return await conn.scalar(query)


def register_lifecycle(
    bolt: AsyncApp, core: Core, members: Members, installations: AsyncSQLAlchemyInstallationStore | None
) -> None:
    """Delete a workspace's data when Lookout is uninstalled or its bot token is revoked."""

    async def forget(context: Any) -> None:
        community = community_id(context)
        deleted = await core.forget_community(PLATFORM, community)
        members.forget(community)
        if installations is not None:
            enterprise = context.get("enterprise_id")
            team = None if context.get("is_enterprise_install") else context.get("team_id")
            await installations.async_delete_all(enterprise_id=enterprise, team_id=team)
        log.info("Slack community %s removed Lookout; data deleted (%s)", community, "some" if deleted else "none")

    @bolt.event("app_uninstalled")
    async def on_uninstalled(context: Any) -> None:
        await forget(context)

    @bolt.event("tokens_revoked")
    async def on_tokens_revoked(event: dict[str, Any], context: Any) -> None:
        tokens = event.get("tokens") or {}
        if tokens.get("bot"):
            await forget(context)
        elif installations is not None:
            # Only user tokens (Lookout asks for none, but an admin may have granted some).
            enterprise = context.get("enterprise_id")
            team = None if context.get("is_enterprise_install") else context.get("team_id")
            for user in tokens.get("oauth") or []:
                await installations.async_delete_installation(enterprise_id=enterprise, team_id=team, user_id=user)
