"""`lookout discord invite`: the server and user-install links for the application, with 19456 permissions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.adapters.discord.guilds import REQUIRED_PERMISSIONS
from bot.adapters.discord.invite import PERMISSIONS, application_id_from_token, invite
from bot.config import Settings, SettingsError
from tests.fake_discord import GOOD_TOKEN

ROOT = Path(__file__).resolve().parents[3]


def test_links_for_a_known_token() -> None:
    """The id is decoded from the token; the server link asks for bot + applications.commands and 19456."""
    links = invite(Settings(discord_token=GOOD_TOKEN))
    assert (links.application_id, links.source) == (123456789012345678, "DISCORD_TOKEN")
    assert links.server_url == (
        "https://discord.com/oauth2/authorize?client_id=123456789012345678"
        "&scope=bot+applications.commands&permissions=19456"
    )
    assert links.user_url == (
        "https://discord.com/oauth2/authorize?client_id=123456789012345678"
        "&scope=applications.commands&integration_type=1"
    )


def test_the_application_id_setting_wins() -> None:
    """DISCORD_APPLICATION_ID is used as given, even with a token set."""
    links = invite(Settings(discord_token=GOOD_TOKEN, discord_application_id=42))
    assert (links.application_id, links.source) == (42, "DISCORD_APPLICATION_ID")


def test_permissions_are_what_the_bot_checks_for() -> None:
    """The invite asks for exactly the permissions the bot needs in a channel, no more."""
    assert PERMISSIONS == REQUIRED_PERMISSIONS.value == 1024 + 2048 + 16384


@pytest.mark.parametrize("token", ["not-a-token", "!!!.abc.def", ""])
def test_a_token_without_an_id_gives_none(token: str) -> None:
    assert application_id_from_token(token) is None


def test_without_id_or_token_it_says_what_to_set() -> None:
    with pytest.raises(SettingsError, match="DISCORD_APPLICATION_ID"):
        invite(Settings())


def test_the_command_prints_both_links(tmp_path: Path) -> None:
    """`lookout discord invite` prints the server link and the user-install link, exit 0."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "LOOKOUT_"))}
    env.update(PYTHONPATH=str(ROOT), DISCORD_TOKEN=GOOD_TOKEN)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "discord", "invite"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "client_id=123456789012345678&scope=bot+applications.commands&permissions=19456" in result.stdout
    assert "integration_type=1" in result.stdout
    assert GOOD_TOKEN not in result.stdout + result.stderr
