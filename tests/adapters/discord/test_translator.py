"""Discord shows command descriptions and choices in each person's client language, from the text seam."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.adapters.discord.commands import build_groups
from bot.adapters.discord.translator import DESCRIPTION_MAX, CommandTranslator
from bot.core.content import Catalogue
from bot.core.text.catalogue import Texts


async def _ignore(*_: Any) -> None:
    return None


async def payloads(
    catalogue: Catalogue, texts: Texts | None = None, translator: CommandTranslator | None = None
) -> dict[str, dict[str, Any]]:
    """The synced payload of /safety and /safety-admin, as discord.py sends it with the translator."""
    client = discord.Client(intents=discord.Intents.none())
    tree = app_commands.CommandTree(client)
    translator = translator or CommandTranslator(texts or catalogue.texts)
    return {
        group.name: await group.get_translated_payload(tree, translator)
        for group in build_groups(_ignore, catalogue)  # type: ignore[arg-type]
    }


def _command(payload: dict[str, Any], name: str) -> dict[str, Any]:
    return next(o for o in payload["options"] if o["name"] == name)


def _option(command: dict[str, Any], name: str) -> dict[str, Any]:
    return next(o for o in command["options"] if o["name"] == name)


def _localised(node: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(kind, locale, text) for every localisation anywhere in a payload."""
    for kind in ("name", "description"):
        for locale, text in (node.get(f"{kind}_localizations") or {}).items():
            yield kind, locale, text
    for choice in node.get("choices") or ():
        for locale, text in (choice.get("name_localizations") or {}).items():
            yield "choice", locale, text
    for child in node.get("options") or ():
        yield from _localised(child)


async def test_situation_choices_read_in_german_and_send_the_english_value(catalogue: Catalogue) -> None:
    """A German client sees "erpressung" for sextortion; the command still receives "sextortion"."""
    report = _command((await payloads(catalogue))["safety"], "report")
    choices = {c["value"]: c for c in _option(report, "situation")["choices"]}
    assert choices["sextortion"]["name"] == "sextortion"
    assert choices["sextortion"]["name_localizations"]["de"] == "erpressung"
    assert choices["bullying"]["name_localizations"]["de"] == "mobbing"


async def test_a_brazilian_client_reads_portuguese_and_sends_the_english_value(catalogue: Catalogue) -> None:
    """A pt-BR client sees Portuguese descriptions and "sextorsão"; the command still receives "sextortion"."""
    translator = CommandTranslator(catalogue.texts)
    assert translator.language(discord.Locale.brazil_portuguese) == "pt-br"
    report = _command((await payloads(catalogue, translator=translator))["safety"], "report")
    assert report["description_localizations"]["pt-BR"] == catalogue.texts.get("commands.safety.report", "pt-BR")
    assert report["description_localizations"]["pt-BR"] != report["description"]
    choices = {c["value"]: c for c in _option(report, "situation")["choices"]}
    assert choices["sextortion"]["name_localizations"]["pt-BR"] == "sextorsão"


async def test_a_description_with_a_message_id_is_localised(catalogue: Catalogue) -> None:
    """A description whose English wording is in the seam reads in the person's language."""
    summary = "Who to contact about a child's safety online, emergency number first"
    messages = {tag: dict(found) for tag, found in catalogue.texts.messages.items()}
    assert messages["en"]["commands.safety.report"] == summary
    messages["de"]["commands.safety.report"] = "Wen man wegen der Sicherheit eines Kindes online anruft"
    report = _command((await payloads(catalogue, Texts(messages)))["safety"], "report")
    assert report["description"] == summary
    # Other languages may translate it too (French does); German must read the German words.
    assert report["description_localizations"]["de"] == "Wen man wegen der Sicherheit eines Kindes online anruft"


async def test_english_and_unspoken_locales_get_the_english_default(catalogue: Catalogue) -> None:
    """en-US, en-GB, Japanese: no localisation at all, so Discord shows the English text."""
    for payload in (await payloads(catalogue)).values():
        locales = {locale for _, locale, _ in _localised(payload)}
        assert not locales & {"en-US", "en-GB", "ja", "ko"}


async def test_names_stay_english_so_help_and_answers_match(catalogue: Catalogue) -> None:
    """/safety report is /safety report in every client: the help and welcome texts name it so."""
    for payload in (await payloads(catalogue)).values():
        assert not [item for item in _localised(payload) if item[0] == "name"]


def test_each_language_maps_to_the_discord_locales_that_read_it(catalogue: Catalogue) -> None:
    """es-ES and es-419 read Spanish, pt-BR Brazilian Portuguese (when shipped), en-* English."""
    translator = CommandTranslator(catalogue.texts)
    assert translator.language(discord.Locale.german) == "de"
    assert translator.language(discord.Locale.spain_spanish) == "es"
    assert translator.language(discord.Locale.latin_american_spanish) == "es"
    assert translator.language(discord.Locale.american_english) is None
    assert translator.language(discord.Locale.japanese) is None


@pytest.mark.parametrize("locale", ["de", "fr", "es-ES", "nl", "pt-BR"])
async def test_every_localisation_fits_discord(catalogue: Catalogue, locale: str) -> None:
    """Every localised description and choice in this locale is within 100 characters and never empty."""
    translator = CommandTranslator(catalogue.texts)
    found = await payloads(catalogue, translator=translator)
    assert not translator.too_long, "translations too long for a Discord description are shown in English"
    for payload in found.values():
        for _, found_locale, text in _localised(payload):
            if found_locale == locale:
                assert 0 < len(text) <= DESCRIPTION_MAX, text
