"""Recorded-shape INTERACTION_CREATE payloads simcord cannot produce (group DMs, uncached guilds)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.adapters.discord import build_discord_bot
from bot.adapters.discord.bot import to_request
from bot.app import App
from bot.core.commands.spec import find

PAYLOADS = Path(__file__).parent / "payloads"


def _payload(name: str) -> dict[str, Any]:
    return json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))


def _interaction(app: App, payload: dict[str, Any]) -> discord.Interaction:
    bot = build_discord_bot(app)
    # What READY would have set: the bot's own user, which group-DM parsing compares against.
    state = bot._connection
    state.user = discord.ClientUser(state=state, data=_payload("user.bot_self"))  # type: ignore[arg-type]
    return discord.Interaction(data=payload, state=bot._connection)  # type: ignore[arg-type]


def test_a_group_dm_through_a_user_install_is_its_own_community(app: App) -> None:
    """/safety report in a family group DM: community 'dm:<channel>', never an admin, no guild locale."""
    payload = _payload("interaction_create.group_dm.user_install.safety_report")
    spec = find("safety", "report")
    assert spec is not None
    request = to_request(_interaction(app, payload), spec, {"country": "GB", "situation": None})
    assert request.community_id == f"dm:{payload['channel_id']}"
    assert request.channel_id == payload["channel_id"]
    assert request.user_id == payload["user"]["id"]
    assert not request.user_is_admin
    assert not request.keeps_history, "nobody could run forget in a group DM, so nothing is stored"
    assert request.locale is None
    assert dict(request.options) == {"country": "GB"}


def test_a_guild_admin_setup_carries_manage_server_the_channel_id_and_the_guild_locale(app: App) -> None:
    """/safety-admin setup from a Manage Server member in an uncached guild: admin, channel by id, en-GB."""
    payload = _payload("interaction_create.guild.admin.safety_admin_setup")
    spec = find("safety-admin", "setup")
    assert spec is not None
    channel = discord.Object(id=1320000000000000201)
    request = to_request(_interaction(app, payload), spec, {"channel": channel, "timezone": "Europe/London"})
    assert request.community_id == payload["guild_id"]
    assert request.user_is_admin
    assert request.locale == "en-GB"
    assert dict(request.options) == {"channel": "1320000000000000201", "timezone": "Europe/London"}


@pytest.mark.parametrize("permissions", [0, discord.Permissions(manage_messages=True, kick_members=True).value])
def test_without_manage_server_the_person_is_not_an_admin(app: App, permissions: int) -> None:
    """The same setup from a member without Manage Server is not an admin request."""
    payload = copy.deepcopy(_payload("interaction_create.guild.admin.safety_admin_setup"))
    payload["member"]["permissions"] = str(permissions)
    spec = find("safety-admin", "setup")
    assert spec is not None
    assert not to_request(_interaction(app, payload), spec, {}).user_is_admin
