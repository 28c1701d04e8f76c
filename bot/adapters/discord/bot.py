"""The Discord bot: ``build_discord_bot(app)`` builds it, ``run_discord`` runs it.

Building touches no network: the command tree, the Messenger and the event handlers are set up
in memory, so tests (simcord) and embedders can build a bot freely. The connection, the login
and the command sync happen only when the bot is started.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Callable, Mapping
from typing import Any, cast

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands
from discord.utils import MISSING

from bot.adapters.discord import guilds
from bot.adapters.discord.commands import CHANNEL_PARAMS, build_groups
from bot.adapters.discord.messenger import DiscordAdminNotifier, DiscordMessenger
from bot.adapters.discord.render import Rendered, parse_menu_custom_id, render
from bot.adapters.discord.translator import CommandTranslator
from bot.adapters.rendered import RenderCache
from bot.app import App
from bot.config import Settings, SettingsError
from bot.core.commands.spec import CommandSpec, find
from bot.core.engine import Core
from bot.core.models import Request
from bot.core.replies import sorry
from bot.ops.backoff import Backoff, Link, Unreachable, describe, keep_trying

log = logging.getLogger(__name__)


def options_of(values: Mapping[str, Any]) -> dict[str, str]:
    """Typed Discord options as the core's named text options (a channel becomes its id)."""
    options: dict[str, str] = {}
    for name, value in values.items():
        if value is None:
            continue
        options[name] = str(value.id) if name in CHANNEL_PARAMS and hasattr(value, "id") else str(value)
    return options


def to_request(interaction: discord.Interaction, spec: CommandSpec, values: Mapping[str, Any]) -> Request:
    """Translate an interaction into the core's neutral request."""
    server_locale = guilds.guild_locale(interaction)
    return Request(
        platform="discord",
        community_id=guilds.community_id(interaction),
        channel_id=str(interaction.channel_id) if interaction.channel_id is not None else None,
        user_id=str(interaction.user.id),
        user_is_admin=guilds.is_admin(interaction),
        # Only a server Lookout is in has admins who can run forget, and a removal event.
        keeps_history=interaction.guild_id is not None and interaction.guild is not None,
        group=spec.group,
        command=spec.name,
        options=options_of(values),
        locale=server_locale,
        user_locale=str(interaction.locale) if interaction.locale is not None else None,
        community_locale=server_locale,
    )


async def respond(interaction: discord.Interaction, rendered: Rendered) -> None:
    """Send the rendered reply as the interaction's answer (a follow-up once deferred)."""
    view = rendered.view() or MISSING
    mentions = discord.AllowedMentions.none()
    if interaction.response.is_done():
        await interaction.followup.send(
            embed=rendered.embed, view=view, ephemeral=rendered.ephemeral, allowed_mentions=mentions
        )
    else:
        await interaction.response.send_message(
            embed=rendered.embed, view=view, ephemeral=rendered.ephemeral, allowed_mentions=mentions
        )


class LookoutTree(app_commands.CommandTree["LookoutBot"]):
    """The command tree; an error no callback caught still gets a kind, private answer."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """Log the error and apologise to the person, never leaving the interaction unanswered."""
        log.error("app command failed", exc_info=error)
        with contextlib.suppress(discord.HTTPException):  # the interaction may have expired
            texts = self.client.core.catalogue.texts
            await respond(interaction, render(sorry(texts, interaction.locale.value), texts))


class LookoutBot(commands.AutoShardedBot):
    """Lookout on Discord: the guilds intent only, no pings, the ``/safety`` command groups.

    ``dev_guild_id`` syncs the commands to one guild, where they appear at once; global
    commands can take a while to reach every client.
    """

    def __init__(
        self,
        core: Core,
        *,
        dev_guild_id: int | None = None,
        shard_count: int | None = None,
        shard_ids: list[int] | None = None,
    ) -> None:
        # Guild create/remove events are all Lookout needs: no members, no message content.
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            shard_count=shard_count,
            tree_cls=LookoutTree,
            # None means "every shard" to discord.py, which its type hints do not say.
            shard_ids=cast("list[int]", shard_ids),
        )
        self.core = core
        self.dev_guild_id = dev_guild_id
        self.messenger = DiscordMessenger(self, core.catalogue.texts)
        self.notifier = DiscordAdminNotifier(self, core.catalogue.texts)
        # Command answers rendered once per distinct reply (views are built fresh per send).
        texts = core.catalogue.texts
        self.rendered = RenderCache(lambda reply: render(reply, texts))
        for group in build_groups(self.answer, core.catalogue):
            self.tree.add_command(group)

    async def setup_hook(self) -> None:
        """Register the commands with Discord when the bot starts, localised from the text seam."""
        await self.tree.set_translator(CommandTranslator(self.core.catalogue.texts))
        if self.dev_guild_id is not None:
            guild = discord.Object(id=self.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        else:
            synced = await self.tree.sync()
        # Scheduled posts end with clickable command mentions (</safety tip:ID>), which need the ids.
        self.messenger.command_ids = {command.name: command.id for command in synced}

    async def answer(self, interaction: discord.Interaction, spec: CommandSpec, values: Mapping[str, Any]) -> None:
        """Translate the interaction, ask the core, and render its reply."""
        request = to_request(interaction, spec, values)
        if spec.admin:
            # Admin commands touch the database several times and may post (post-now):
            # acknowledge first so Discord's three-second answer window cannot expire.
            await interaction.response.defer(ephemeral=True, thinking=True)
        reply = await self.core.handle(request)
        await respond(interaction, self.rendered.get(reply))

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Answer a choice in one of Lookout's follow-up menus (e.g. a guide's other parts), privately.

        The menu's custom id names the command and its options, so a choice made after a
        restart, or after discord.py forgot the view, is answered the same way.
        """
        if interaction.type is not discord.InteractionType.component:
            return
        data: Mapping[str, Any] = cast("Mapping[str, Any]", interaction.data or {})
        parsed = parse_menu_custom_id(str(data.get("custom_id", "")))
        values = data.get("values") or []
        if parsed is None or not values:
            return
        group, command, choice, options = parsed
        spec = find(group, command)
        if spec is None or spec.admin:  # menus only ever offer public commands
            return
        chosen = {**options, choice: str(values[0])}
        if spec.param("private") is not None:
            # Shown only to the person (below), so it must not count as the channel's public answer.
            chosen["private"] = "yes"
        request = to_request(interaction, spec, chosen)
        try:
            reply = await self.core.handle(request)
        except Exception:  # the core apologises itself; this is the last line of defence
            log.exception("menu choice failed")
            reply = sorry(self.core.catalogue.texts, interaction.locale.value)
        with contextlib.suppress(discord.HTTPException):  # the interaction may have expired
            await respond(interaction, render(dataclasses.replace(reply, private=True), self.core.catalogue.texts))

    async def on_guild_join(self, guild: discord.Guild) -> None:
        """Say hello once, where the server's own announcements go."""
        await guilds.welcome(guild, self.core.catalogue.texts)

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """Delete what Lookout stored about a server it was removed from."""
        try:
            await guilds.forget_guild(self.core, guild.id)
        except Exception:  # the next removal event or /forget can still delete it
            log.exception("could not delete the data of guild %s", guild.id)


def build_discord_bot(app: App) -> LookoutBot:
    """Build the Discord bot from the app's settings and services, without touching the network.

    The bot's ``DiscordMessenger`` is registered in ``app.messengers`` so ``post-now`` and
    scheduled delivery post through it. Raises ``SettingsError`` for an inconsistent shard setup.
    """
    settings: Settings = app.settings
    shard_ids = settings.discord_shard_ids or None
    shard_count = settings.discord_shard_count
    if shard_ids is not None:
        if shard_count is None:
            raise SettingsError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT as well.")
        if any(not 0 <= s < shard_count for s in shard_ids):
            raise SettingsError(f"DISCORD_SHARD_IDS must be numbers from 0 to {shard_count - 1}.")
    bot = LookoutBot(
        app.core,
        dev_guild_id=settings.discord_dev_guild_id,
        shard_count=shard_count,
        shard_ids=shard_ids,
    )
    app.messengers["discord"] = bot.messenger
    app.notifiers["discord"] = bot.notifier
    return bot


async def _logged_in(app: App, token: str, built: Callable[[LookoutBot], None] | None) -> LookoutBot:
    """One attempt: a fresh bot, logged in (token checked, commands synced); closed again on failure."""
    bot = build_discord_bot(app)
    if built is not None:
        built(bot)
    try:
        await bot.login(token)
    except discord.LoginFailure as exc:
        await bot.close()
        raise SettingsError(
            "Discord rejected DISCORD_TOKEN. Copy the bot token again from the Developer Portal (Bot > Reset Token)."
        ) from exc
    except (aiohttp.ClientError, OSError, TimeoutError, discord.DiscordServerError) as exc:
        await bot.close()
        raise Unreachable(describe(exc)) from exc
    except BaseException:
        await bot.close()
        raise
    return bot


async def run_discord(
    app: App,
    *,
    built: Callable[[LookoutBot], None] | None = None,
    link: Link | None = None,
    backoff: Backoff | None = None,
) -> None:
    """Log in (trying again with backoff while Discord is unreachable), then serve until cancelled.

    ``built`` is handed each bot before it logs in (the runtime reads its gateway latency);
    ``link`` tells readiness whether Discord is connected. Once logged in, discord.py keeps the
    gateway connection up by itself.

    Raises ``SettingsError`` when Discord rejects the token, so ``lookout run`` ends with one
    clear sentence instead of a traceback.
    """
    token = app.settings.discord_token
    if token is None:
        raise SettingsError("DISCORD_TOKEN is not set.")
    link = link or Link("discord")
    bot = await keep_trying(lambda: _logged_in(app, token.get_secret_value(), built), link, backoff=backoff)

    async def gateway_ready() -> bool:
        return bot.is_ready() and not bot.is_closed()

    link.extra_check = gateway_ready
    log.info("Discord: logged in as %s", bot.user)
    try:
        await bot.connect(reconnect=True)
    finally:
        await bot.close()
