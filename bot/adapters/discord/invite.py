"""The links that add Lookout to a server or to a person's account (``lookout discord invite``).

No network and no discord.py: the application id comes from ``DISCORD_APPLICATION_ID`` or from
the bot token itself, whose first part is the bot's user id in base64.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from urllib.parse import urlencode

from bot.config import Settings, SettingsError

AUTHORIZE = "https://discord.com/oauth2/authorize"
# View Channels (1024) + Send Messages (2048) + Embed Links (16384): what scheduled tips and the
# welcome need; slash-command answers need no permission. Kept equal to guilds.REQUIRED_PERMISSIONS
# by a test.
PERMISSIONS = 19456
SERVER_SCOPES = ("bot", "applications.commands")
# Discord's integration_type: 0 installs to a server, 1 to a user's own account.
USER_INSTALL = 1


@dataclass(frozen=True)
class Invite:
    """The application id and where it came from, with both install links."""

    application_id: int
    source: str

    @property
    def server_url(self) -> str:
        """Add Lookout to a server, with only the permissions it uses."""
        query = {"client_id": self.application_id, "scope": " ".join(SERVER_SCOPES), "permissions": PERMISSIONS}
        return f"{AUTHORIZE}?{urlencode(query)}"

    @property
    def user_url(self) -> str:
        """Add Lookout to one's own account, for /safety in DMs and group chats."""
        query = {"client_id": self.application_id, "scope": "applications.commands", "integration_type": USER_INSTALL}
        return f"{AUTHORIZE}?{urlencode(query)}"


def application_id_from_token(token: str) -> int | None:
    """The id encoded in a bot token's first part, or None when the token does not have that shape."""
    first = token.strip().split(".", 1)[0]
    try:
        decoded = base64.urlsafe_b64decode(first + "=" * (-len(first) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return int(decoded) if decoded.isdigit() else None


def invite(settings: Settings) -> Invite:
    """Both install links for the configured application; ``SettingsError`` when no id can be found."""
    if settings.discord_application_id is not None:
        return Invite(settings.discord_application_id, "DISCORD_APPLICATION_ID")
    token = settings.discord_token.get_secret_value() if settings.discord_token else ""
    found = application_id_from_token(token) if token else None
    if found is None:
        raise SettingsError(
            "Set DISCORD_APPLICATION_ID (the Application ID on the Developer Portal's General Information tab) "
            "or DISCORD_TOKEN, so Lookout knows which application to invite."
        )
    return Invite(found, "DISCORD_TOKEN")


def print_invite(settings: Settings) -> int:
    """``lookout discord invite``: print the links that add Lookout to a server or an account."""
    links = invite(settings)
    print(f"Application {links.application_id} (from {links.source}).\n")
    print(f"Add Lookout to a server (View Channels, Send Messages, Embed Links = {PERMISSIONS}):")
    print(f"  {links.server_url}\n")
    print("Add Lookout to your own account, for /safety in DMs and group chats (needs User Install on):")
    print(f"  {links.user_url}")
    if links.source == "DISCORD_TOKEN":
        print(
            "\nThe id was read from the token. If Discord says the application is unknown, set "
            "DISCORD_APPLICATION_ID from the Developer Portal's General Information tab."
        )
    return 0
