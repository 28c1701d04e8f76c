"""The ``/safety`` and ``/safety-admin`` command groups, built from the core's declarations.

Nothing here is written per command: every subcommand, option, description and choice comes
from ``bot.core.commands.spec.COMMANDS``, so Discord cannot drift from Slack and the console.
Each callback hands the typed options, by name, to one ``Answer`` function.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import discord
from discord import app_commands

from bot.core.commands.spec import ADMIN, SAFETY, CommandSpec, Param, group_summary_id, in_group
from bot.core.content.catalogue import Catalogue
from bot.core.countries import key
from bot.core.schedules import search_timezones
from bot.core.text import Texts
from bot.core.words import typed_word

# Handles one invocation: the interaction, the command it is, and the options given by name.
Answer = Callable[[discord.Interaction, CommandSpec, Mapping[str, Any]], Awaitable[None]]
AutocompleteFn = Callable[[discord.Interaction, str], Awaitable[list[app_commands.Choice[str]]]]

CHOICE_MAX = 25  # Discord shows at most 25 choices or autocomplete results
CHOICE_TEXT_MAX = 100

# Options Discord can offer as a channel picker instead of free text.
CHANNEL_PARAMS = frozenset({"channel"})


def _choice(name: str, value: str) -> app_commands.Choice[str]:
    return app_commands.Choice(name=name[:CHOICE_TEXT_MAX], value=value[:CHOICE_TEXT_MAX])


def _locale_of(interaction: discord.Interaction) -> str | None:
    """The person's client locale as a tag ("de", "pt-BR"), if Discord sent one."""
    return str(interaction.locale.value) if getattr(interaction, "locale", None) is not None else None


def _topic_word(texts: Texts, topic: str, locale: str | None) -> str:
    message_id = f"words.topic-{topic}"
    return typed_word(texts, message_id, locale) if texts.has(message_id) else topic


def autocompleters(catalogue: Catalogue) -> dict[str, AutocompleteFn]:
    """Build the look-ups behind ``Param.autocomplete``: platform, country, topic and timezone."""

    async def platform(_: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [_choice(g.name, g.id) for g in catalogue.search_guides(current, CHOICE_MAX)]

    async def country(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        # Named, matched and sorted in the person's own language ("Allemagne (DE)"); the value is the code.
        locale = _locale_of(interaction)
        wanted = current.strip().casefold()
        named = [(catalogue.country_name(c.code, locale), c) for c in catalogue.national_countries()]
        found = sorted(
            (
                (name, c)
                for name, c in named
                if not wanted or any(wanted in n.casefold() for n in (c.code, name, c.name, *c.aliases))
            ),
            key=lambda pair: key(pair[0]),
        )
        return [_choice(f"{name} ({c.code})", c.code) for name, c in found[:CHOICE_MAX]]

    async def topic(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        # Shown in the person's words (words.topic-*); the value is the topic Lookout knows.
        locale = _locale_of(interaction)
        wanted = current.strip().casefold().replace(" ", "-")
        shown = [(_topic_word(catalogue.texts, t, locale), t) for t in catalogue.tip_topics()]
        found = [(word, t) for word, t in shown if wanted in t or wanted in word.casefold()]
        return [_choice(word.replace("-", " "), t) for word, t in found][:CHOICE_MAX]

    async def timezone(_: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [_choice(name, name) for name in search_timezones(current, CHOICE_MAX)]

    return {"platform": platform, "country": country, "topic": topic, "timezone": timezone}


def _annotation(param: Param) -> Any:
    return discord.TextChannel if param.name in CHANNEL_PARAMS else str


def build_command(
    spec: CommandSpec, answer: Answer, lookups: Mapping[str, AutocompleteFn], texts: Texts
) -> app_commands.Command[Any, ..., None]:
    """One subcommand whose options mirror ``spec.params``, described in English (the source).

    Descriptions are the catalogue's ``commands.*`` messages; other languages reach Discord as
    its per-locale localisations of these same ids.
    """

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        await answer(interaction, spec, values)

    # discord.py reads options from the callback's signature; give it one built from the spec.
    parameters = [
        inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction)
    ]
    for param in sorted(spec.params, key=lambda p: not p.required):  # Discord wants required options first
        parameters.append(
            inspect.Parameter(
                param.name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=_annotation(param),
                default=inspect.Parameter.empty if param.required else None,
            )
        )
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    if spec.params:
        described = {p.name: texts.get(spec.option_id(p))[:CHOICE_TEXT_MAX] for p in spec.params}
        app_commands.describe(**described)(callback)
    choices = {p.name: [_choice(c, c) for c in p.choices[:CHOICE_MAX]] for p in spec.params if p.choices}
    if choices:
        app_commands.choices(**choices)(callback)
    completing = {p.name: lookups[p.autocomplete] for p in spec.params if p.autocomplete and not p.choices}
    if completing:
        app_commands.autocomplete(**completing)(callback)  # type: ignore[arg-type]
    return app_commands.Command(
        name=spec.name, description=texts.get(spec.summary_id)[:CHOICE_TEXT_MAX], callback=callback
    )


def build_groups(answer: Answer, catalogue: Catalogue) -> list[app_commands.Group]:
    """``/safety`` (everyone, also as a user-installed app in DMs and group DMs) and ``/safety-admin``.

    ``/safety-admin`` is hidden from members without Manage Server by ``default_permissions``;
    server admins can change that in the server's Integrations settings, which is why the core
    checks the permission again on every run.
    """
    lookups = autocompleters(catalogue)
    public = app_commands.Group(
        name=SAFETY,
        description=catalogue.texts.get(group_summary_id(SAFETY))[:CHOICE_TEXT_MAX],
        allowed_installs=app_commands.AppInstallationType(guild=True, user=True),
        allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True),
    )
    admin = app_commands.Group(
        name=ADMIN,
        description=catalogue.texts.get(group_summary_id(ADMIN))[:CHOICE_TEXT_MAX],
        default_permissions=discord.Permissions(manage_guild=True),
        # The deprecated dm_permission (still read by older clients) must agree with the contexts.
        guild_only=True,
        allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
        allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=False, private_channel=False),
    )
    for group in (public, admin):
        for spec in in_group(group.name):
            group.add_command(build_command(spec, answer, lookups, catalogue.texts))
    return [public, admin]
