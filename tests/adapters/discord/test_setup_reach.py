"""Setup on Discord checks the bot's permissions in the channel (simcord overwrites) and can send a test post."""

from __future__ import annotations

import discord

from bot.store import Store
from tests.adapters.discord.transcript import Server, answer_of, embed_of


def _bot_member(server: Server, simcord_env) -> discord.Member:
    return simcord_env.bot.get_guild(server.guild.id).me


async def test_setup_where_the_bot_may_not_post_says_what_is_missing_first(
    server: Server, simcord_env, store: Store
) -> None:
    """Send Messages and Embed Links denied by an overwrite: the reply names both, first; the schedule is kept."""
    quiet = server.guild.create_text_channel(
        "quiet",
        overwrites={
            _bot_member(server, simcord_env): discord.PermissionOverwrite(send_messages=False, embed_links=False)
        },
    )
    result = await server.admin.slash(server.general, "safety-admin setup", channel=quiet, timezone="Europe/London")
    embed = embed_of(result)
    assert answer_of(result).ephemeral
    assert embed.title == "Saved, but I can't post there yet"
    first = (embed.description or "").split("\n\n")[0]
    assert "missing the Send Messages and Embed Links permission" in first
    assert f"<#{quiet.id}>" in first
    community = await store.community("discord", str(server.guild.id))
    assert community is not None
    assert [s.channel_id for s in await store.subscriptions(community.id)] == [str(quiet.id)]


async def test_a_hidden_channel_is_missing_view_channel(server: Server, simcord_env) -> None:
    """A channel the bot cannot see at all: View Channel is named."""
    hidden = server.guild.create_text_channel(
        "hidden", overwrites={_bot_member(server, simcord_env): discord.PermissionOverwrite(view_channel=False)}
    )
    result = await server.admin.slash(server.general, "safety-admin setup", channel=hidden)
    assert "missing the View Channel" in (embed_of(result).description or "")


async def test_setup_where_the_bot_can_post_sends_a_test_post_when_asked(server: Server) -> None:
    """With test=yes the channel gets one short test post; without, the reply only offers it."""
    offered = await server.admin.slash(server.general, "safety-admin setup", channel=server.tips)
    assert embed_of(offered).title == "Safety tips are set up"
    assert "test option set to yes" in (embed_of(offered).description or "")
    assert server.tips.history() == []
    result = await server.admin.slash(server.general, "safety-admin setup", channel=server.tips, test="yes")
    assert "I sent a short test post to" in (embed_of(result).description or "")
    [posted] = server.tips.history()
    assert posted.embeds[0].title == "Test post"
