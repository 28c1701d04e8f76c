"""Helpers that make the Discord tests read like transcripts: a server, its people, the answer's embed."""

from __future__ import annotations

from typing import Any

import discord

from bot.app import App
from bot.config import Settings
from bot.core.commands.context import Defaults
from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.core.messaging import Messenger
from bot.delivery.compose import TipPoster
from bot.store import Database, Store


def make_app(catalogue: Catalogue, db: Database, store: Store, clock: Any, **settings: Any) -> App:
    """The composition root's App, built from the test fixtures instead of the environment."""
    config = Settings(database_url="sqlite://", **settings)
    messengers: dict[str, Messenger] = {}
    poster = TipPoster(store, catalogue, messengers, clock)
    core = Core(catalogue, store, defaults=Defaults(timezone="UTC"), clock=clock, poster=poster)
    return App(config, db, store, catalogue, core, poster, clock, messengers)


class Server:
    """One guild with a #general channel, a member and an admin (Manage Server)."""

    def __init__(self, env: Any, **guild: Any) -> None:
        self.env = env
        self.guild = env.create_guild("Parents Club", **guild)
        self.general = self.guild.create_text_channel("general")
        self.tips = self.guild.create_text_channel("safety-tips")
        self.member = self.guild.add_member(env.create_user("sam"))
        managers = self.guild.create_role("Moderators", permissions=discord.Permissions(manage_guild=True))
        self.admin = self.guild.add_member(env.create_user("alex"), roles=[managers])


def answer_of(result: Any) -> Any:
    """The message that answered an interaction (after a defer, the follow-up fills it in)."""
    assert result.acknowledged, "the bot did not answer"
    message = result.response
    assert message is not None, "the bot acknowledged but never answered"
    return message


def embed_of(result: Any) -> discord.Embed:
    """The single embed of an interaction's answer."""
    embeds = answer_of(result).embeds
    assert len(embeds) == 1
    return embeds[0]


def buttons_of(result: Any) -> list[dict[str, Any]]:
    """The buttons under the answer, as Discord component payloads."""
    return [c for row in answer_of(result).components for c in row.get("components", [])]


def link_urls(result: Any) -> list[str]:
    """The URLs of the link buttons under the answer."""
    return [b["url"] for b in buttons_of(result) if b.get("style") == discord.ButtonStyle.link.value]


def field(embed: discord.Embed, name: str) -> str:
    """The value of the embed field called ``name``."""
    found = [f.value for f in embed.fields if f.name == name]
    assert found, f"no field {name!r} in {[f.name for f in embed.fields]}"
    return str(found[0])
