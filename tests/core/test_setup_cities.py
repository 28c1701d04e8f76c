"""Setup understands a city of several words typed without quotes, and suggests for a typo."""

from __future__ import annotations

import pytest

from bot.core.engine import Core
from tests.transcript import say


async def _zone(core: Core) -> str:
    community = await core.store.community("console", "c1")
    assert community is not None
    (sub,) = await core.store.subscriptions(community.id)
    return sub.timezone


@pytest.mark.parametrize(
    "line",
    [
        "/safety-admin setup #console New York weekly mon 18:00 parents",
        "/safety-admin setup new york daily",
        "/safety-admin setup timezone=New York cadence=daily",
        '/safety-admin setup #console "New York" weekly',
        "/safety-admin setup weekly 18:00 New York",
    ],
)
async def test_new_york_is_one_timezone_wherever_it_is_typed(core: Core, line: str) -> None:
    """The example the setup help gives ("a city works too: New York") works as typed."""
    reply = await say(core, line, admin=True)
    assert not reply.is_error, reply.body
    assert await _zone(core) == "America/New_York"


async def test_multi_word_country_and_city_together(core: Core) -> None:
    """Los Angeles and United States are each one value, beside the other options."""
    reply = await say(core, "/safety-admin setup #tips Los Angeles weekly 18:00 parents United States", admin=True)
    assert not reply.is_error, reply.body
    assert await _zone(core) == "America/Los_Angeles"
    community = await core.store.community("console", "c1")
    assert community is not None and community.region == "US"


async def test_a_mistyped_city_of_two_words_gets_a_suggestion(core: Core) -> None:
    """ "New Yrok" is answered with the timezone it probably means, and nothing is stored."""
    reply = await say(core, "/safety-admin setup #tips New Yrok weekly", admin=True)
    assert reply.is_error
    assert "“New Yrok”" in reply.body and "America/New_York" in reply.body
    assert await core.store.community("console", "c1") is None


async def test_german_setup_with_a_city_of_two_words(core: Core) -> None:
    """German words around an English city name: 'wöchentlich montag eltern' with Los Angeles."""
    reply = await say(core, "/safety-admin setup Los Angeles wöchentlich montag 18:00 eltern", admin=True, locale="de")
    assert not reply.is_error, reply.body
    assert await _zone(core) == "America/Los_Angeles"


@pytest.mark.parametrize(
    ("line", "zone"),
    [
        ("/safety-admin setup #tips Londres weekly", "Europe/London"),
        ("/safety-admin setup #tips Nueva York weekly", "America/New_York"),
        ("/safety-admin setup #tips Wien wöchentlich", "Europe/Vienna"),
        ("/safety-admin setup #tips São Paulo semanal", "America/Sao_Paulo"),
    ],
)
async def test_a_city_named_in_the_readers_language(core: Core, line: str, zone: str) -> None:
    """Cities as French, Spanish, German and Portuguese readers write them (CLDR's names)."""
    reply = await say(core, line, admin=True)
    assert not reply.is_error, reply.body
    assert await _zone(core) == zone
