"""The factory: no network until started, the guilds intent only, and how commands are registered."""

from __future__ import annotations

import re
from pathlib import Path

import aiohttp
import discord
import pytest

from bot.adapters.discord import LookoutBot, build_discord_bot
from bot.adapters.discord.guilds import REQUIRED_PERMISSIONS
from bot.app import App
from bot.config import SettingsError
from tests.adapters.discord.transcript import make_app

DEV_GUILD_ID = 1_234_567_890_123_456_789 >> 2


def test_building_the_bot_touches_no_network(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    """Building needs no HTTP session, token or event loop; it registers the Messenger with the app."""

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the factory opened an HTTP session")

    monkeypatch.setattr(aiohttp.ClientSession, "__init__", no_network)
    bot = build_discord_bot(app)
    assert isinstance(bot, LookoutBot) and bot.user is None
    assert app.messengers["discord"] is bot.messenger
    assert app.notifiers["discord"] is bot.notifier, "delivery failures reach the server owner"


def test_the_bot_asks_for_the_guilds_intent_only_and_never_pings(app: App) -> None:
    """Intents: guilds and nothing else (no members, no message content); mentions: none."""
    bot = build_discord_bot(app)
    assert bot.intents.value == discord.Intents(guilds=True).value
    assert not bot.intents.message_content and not bot.intents.members
    mentions = bot.allowed_mentions
    assert mentions is not None and mentions.to_dict() == {"parse": []}


def test_shard_settings_reach_the_bot(catalogue, db, store, clock) -> None:
    """DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS configure this process's shards."""
    app = make_app(catalogue, db, store, clock, discord_shard_count=4, discord_shard_ids=[2, 3])
    bot = build_discord_bot(app)
    assert (bot.shard_count, bot.shard_ids) == (4, [2, 3])


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"discord_shard_ids": [0]}, "DISCORD_SHARD_COUNT"),
        ({"discord_shard_ids": [5], "discord_shard_count": 2}, "0 to 1"),
    ],
)
def test_inconsistent_shard_settings_are_explained(catalogue, db, store, clock, settings, says) -> None:
    """Shard ids without a count, or out of range, stop with one clear sentence."""
    with pytest.raises(SettingsError, match=says):
        build_discord_bot(make_app(catalogue, db, store, clock, **settings))


async def test_startup_syncs_both_groups_with_their_permissions_and_contexts(simcord_env) -> None:
    """setup_hook syncs /safety (anywhere, guild and user installs), /safety-admin (guilds, Manage Server)."""
    (sync,) = [r for r in simcord_env.http_requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert "/guilds/" not in sync.path  # no DISCORD_DEV_GUILD_ID: global commands
    registered = {c["name"]: c for c in sync.json}
    safety, admin = registered["safety"], registered["safety-admin"]
    assert sorted(safety["contexts"]) == [0, 1, 2]
    assert sorted(safety["integration_types"]) == [0, 1]
    assert safety.get("default_member_permissions") is None
    assert admin["contexts"] == [0]
    assert admin["integration_types"] == [0]
    assert int(admin["default_member_permissions"]) == discord.Permissions(manage_guild=True).value


@pytest.fixture
def dev_bot(catalogue, db, store, clock) -> LookoutBot:
    return build_discord_bot(make_app(catalogue, db, store, clock, discord_dev_guild_id=DEV_GUILD_ID))


async def test_a_dev_guild_gets_the_commands_at_once(dev_bot: LookoutBot) -> None:
    """With DISCORD_DEV_GUILD_ID the tree is synced to that guild, where commands appear instantly."""
    import simcord

    async with simcord.run(dev_bot, shard_count=1) as env:
        guild = env.create_guild("Dev", id=DEV_GUILD_ID)
        channel = guild.create_text_channel("general")
        (sync,) = [r for r in env.http_requests if r.method == "PUT" and r.path.endswith("/commands")]
        assert sync.path.endswith(f"/guilds/{DEV_GUILD_ID}/commands")
        member = guild.add_member(env.create_user("dev"))
        assert "safety report" in member.available_commands(channel)


def test_the_readme_invite_asks_for_exactly_what_the_bot_uses() -> None:
    """The README's invite link carries the bot's permission integer and both scopes."""
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    invite = re.search(r"https://discord\.com/oauth2/authorize\S+", readme)
    assert invite is not None
    assert "scope=bot+applications.commands" in invite.group(0)
    assert f"permissions={REQUIRED_PERMISSIONS.value}" in invite.group(0)
