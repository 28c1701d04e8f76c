"""Joining and leaving servers: one welcome where allowed, and the data deleted on removal."""

from __future__ import annotations

import discord

from bot.store import Store
from tests.adapters.discord.transcript import Server


async def _join_with_system_channel(simcord_env, server: Server, channel) -> None:
    """Discord's GUILD_CREATE for a new server carries its system channel; simcord's comes first,
    so set the channel and deliver the join event the way discord.py does."""
    simcord_env.backend.edit_guild(server.guild.id, {"system_channel_id": channel.id})
    await simcord_env.settle()
    simcord_env.bot.dispatch("guild_join", simcord_env.bot.get_guild(server.guild.id))
    await simcord_env.settle()


async def test_joining_posts_one_welcome_in_the_system_channel(server: Server, simcord_env) -> None:
    """On joining, one short welcome with how to set up appears in the system channel."""
    await _join_with_system_channel(simcord_env, server, server.general)
    messages = server.general.history()
    assert len(messages) == 1
    assert messages[0].embeds[0].title == "Thanks for adding Lookout"
    assert "/safety-admin setup" in (messages[0].embeds[0].description or "")


async def test_joining_says_nothing_where_it_may_not_post(server: Server, simcord_env) -> None:
    """A system channel the bot may not post in gets no welcome, and nothing fails."""
    bot_member = simcord_env.bot.get_guild(server.guild.id).me
    quiet = server.guild.create_text_channel(
        "announcements", overwrites={bot_member: discord.PermissionOverwrite(send_messages=False)}
    )
    await _join_with_system_channel(simcord_env, server, quiet)
    assert quiet.history() == []
    assert simcord_env.errors == []


async def test_joining_without_a_system_channel_says_nothing(server: Server) -> None:
    """A server without a system channel gets no welcome anywhere."""
    assert server.general.history() == [] and server.tips.history() == []


async def test_being_removed_deletes_the_servers_data(server: Server, simcord_env, store: Store) -> None:
    """When the bot is removed from a server, its schedule and settings are deleted."""
    await server.admin.slash(server.general, "safety-admin setup", timezone="Europe/London")
    assert await store.community("discord", str(server.guild.id)) is not None
    simcord_env.backend.remove_guild(server.guild.id)
    await simcord_env.settle()
    assert await store.community("discord", str(server.guild.id)) is None
