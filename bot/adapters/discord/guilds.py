"""Who is asking and where: community ids, the admin check, the guild locale; guild join and removal."""

from __future__ import annotations

import logging

import discord

from bot.adapters.discord.render import render
from bot.core.engine import Core
from bot.core.models import Reply
from bot.core.text import Texts

log = logging.getLogger(__name__)

PLATFORM = "discord"

# Everything the bot itself needs in a channel: see it, post, and show embeds. The invite link
# in the README asks for exactly this (19456); slash-command answers need no permission at all.
REQUIRED_PERMISSIONS = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)


def community_id(interaction: discord.Interaction) -> str:
    """Return the guild id, or for a DM or group DM (user-installed app) a stable id for that chat."""
    if interaction.guild_id is not None:
        return str(interaction.guild_id)
    return f"dm:{interaction.channel_id}"


def is_admin(interaction: discord.Interaction) -> bool:
    """Whether the person may change settings: Manage Server in this guild, checked at run time."""
    if interaction.guild_id is None:
        return False
    permissions = interaction.permissions
    return permissions.manage_guild or permissions.administrator


def guild_locale(interaction: discord.Interaction) -> str | None:
    """Return the guild's preferred locale (e.g. ``en-GB``), which picks the default reporting country."""
    if interaction.guild_id is None:
        return None
    # A guild the bot has joined is cached and kept current by GUILD_UPDATE; for a user-installed
    # app in a guild the bot has not joined, the interaction's ``guild_locale`` is all there is.
    guild = interaction.client.get_guild(interaction.guild_id)
    locale = guild.preferred_locale if guild is not None else interaction.guild_locale
    return str(locale) if locale is not None else None


def welcome_reply(texts: Texts, locale: str | None = None) -> Reply:
    """The hello posted once when Lookout joins a server."""
    title, body = texts.get("discord.welcome-title", locale), texts.get("discord.welcome-body", locale)
    return Reply(title, body, language=locale)


async def welcome(guild: discord.Guild, texts: Texts) -> discord.Message | None:
    """Post one short welcome in the system channel, only if the bot may post there."""
    channel = guild.system_channel
    if channel is None:
        return None
    if not REQUIRED_PERMISSIONS.is_subset(channel.permissions_for(guild.me)):
        return None
    rendered = render(welcome_reply(texts, guild.preferred_locale.value), texts)
    try:
        return await channel.send(embed=rendered.embed, allowed_mentions=discord.AllowedMentions.none())
    except discord.HTTPException as exc:  # a welcome is a courtesy; never worth an error
        log.info("could not post the welcome in guild %s: %s", guild.id, exc)
        return None


async def forget_guild(core: Core, guild_id: int) -> bool:
    """Delete everything stored for a guild the bot was removed from."""
    deleted = await core.forget_community(PLATFORM, str(guild_id))
    log.info("removed from guild %s; stored data deleted: %s", guild_id, deleted)
    return deleted
