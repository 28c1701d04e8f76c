"""Discord's country and topic autocomplete read in the person's own client language."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import discord

from bot.adapters.discord.commands import autocompleters
from bot.core.content import Catalogue


def _person(locale: discord.Locale) -> Any:
    return SimpleNamespace(locale=locale)


async def test_country_choices_in_french_keep_the_code_as_value(catalogue: Catalogue) -> None:
    """A French client typing 'allem' is offered "Allemagne (DE)", which sends DE."""
    country = autocompleters(catalogue)["country"]
    choices = await country(_person(discord.Locale.french), "allem")
    assert [(c.name, c.value) for c in choices] == [("Allemagne (DE)", "DE")]
    english = await country(_person(discord.Locale.american_english), "austr")
    assert ("Australia (AU)", "AU") in [(c.name, c.value) for c in english]


async def test_topic_choices_in_the_persons_words(catalogue: Catalogue) -> None:
    """Topics show the reader's word for them (words.topic-*), and send the topic Lookout knows."""
    topic = autocompleters(catalogue)["topic"]
    german = await topic(_person(discord.Locale.german), "")
    values = [c.value for c in german]
    assert values == catalogue.tip_topics()[: len(values)]
    shown = catalogue.texts.get("words.topic-strangers", "de").split(",")[0].strip().replace("-", " ")
    assert shown in [c.name for c in german]
