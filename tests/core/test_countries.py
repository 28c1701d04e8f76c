"""Country resolution and forgiving names (core.countries), without the network or a database."""

from __future__ import annotations

import pytest

from bot.core.content import Catalogue
from bot.core.countries import flag_code, locale_country, resolve, timezone_country
from bot.core.schedules import ScheduleError, find_city_timezone, parse_timezone


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Untied Kingdom", "GB"),
        ("uk", "GB"),
        ("Großbritannien", "GB"),
        ("🇬🇧", "GB"),
        ("England", "GB"),
        ("Scotland", "GB"),
        ("Wales", "GB"),
        ("Northern Ireland", "GB"),
        ("USA", "US"),
        ("America", "US"),
        ("Deutschland", "DE"),
        ("España", "ES"),
        ("espana", "ES"),
        ("Brasil", "BR"),
        ("Nederland", "NL"),
        ("Sverige", "SE"),
        ("Polska", "PL"),
        ("日本", "JP"),
        ("Phillipines", "PH"),
        ("south korea", "KR"),
    ],
)
def test_typed_country_names_codes_flags_and_typos(catalogue: Catalogue, typed: str, code: str) -> None:
    """Codes, English and own-language names, flags, aliases and close typos all name the country."""
    assert resolve(typed, names=catalogue.names).code == code


@pytest.mark.parametrize("typed", ["Atlantis", "<!channel>", "@everyone", "a" * 5000, "\x07\x1b[31m", "🇽🇽"])
def test_text_that_names_no_country_is_international_and_kept(catalogue: Catalogue, typed: str) -> None:
    """Text that names nothing falls back to international and keeps what was typed, never crashing."""
    found = resolve(typed, names=catalogue.names)
    assert found.code == "INTL" and found.unknown == typed


def test_control_characters_never_lose_the_country(catalogue: Catalogue) -> None:
    """Control characters around a code are ignored: the country is kept."""
    assert resolve("\x00\x07GB\x1b", names=catalogue.names).code == "GB"


def test_distant_typo_is_a_suggestion_not_an_answer(catalogue: Catalogue) -> None:
    """A name too far from any country to be sure is offered as 'did you mean', not assumed."""
    found = resolve("Frnace", names=catalogue.names)
    assert found.code == "INTL" and found.suggestion == "FR"


def test_flags_of_the_home_nations_are_the_uk() -> None:
    """The Scotland and England flags (tag sequences) are the United Kingdom."""
    assert flag_code("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f") == "GB"
    assert flag_code("🇯🇵") == "JP"


def test_timezone_country_comes_from_the_tz_database() -> None:
    """Europe/London is GB and Australia/Sydney is AU by zone.tab; UTC names no country."""
    assert timezone_country("Europe/London") == "GB"
    assert timezone_country("Australia/Sydney") == "AU"
    assert timezone_country("America/Sao_Paulo") == "BR"
    assert timezone_country("UTC") is None and timezone_country(None) is None


def test_locale_country_reads_the_region_and_only_curated_languages() -> None:
    """en-GB is GB and pt-BR is BR; es-419 names no country; a bare language only where content says."""
    assert locale_country("en-GB") == "GB" and locale_country("pt-BR") == "BR"
    assert locale_country("es-419") is None
    assert locale_country("de") is None and locale_country("de", {"de": "DE"}) == "DE"


def test_resolution_order(catalogue: Catalogue) -> None:
    """Typed, then region, then timezone, then the person's locale, then the server's, then default."""
    names = catalogue.names
    assert resolve("JP", names=names, region="AU", timezone="Europe/London").how == "typed"
    assert resolve(None, names=names, region="AU", timezone="Europe/London").code == "AU"
    found = resolve(None, names=names, timezone="Europe/London", user_locale="en-US")
    assert (found.code, found.how, found.guessed) == ("GB", "timezone", True)
    assert resolve(None, names=names, user_locale="en-GB", community_locale="en-US").code == "GB"
    # Discord says en-US for every server that is not a Community server: never trusted alone.
    assert resolve(None, names=names, community_locale="en-US").code == "INTL"
    assert resolve(None, names=names, community_locale="en-GB").how == "community-locale"
    # ... and a person's en-US (the client default) yields to a server that chose en-GB.
    assert resolve(None, names=names, user_locale="en-US", community_locale="en-GB").code == "GB"
    assert resolve(None, names=names, user_locale="en-US").code == "US"
    assert resolve(None, names=names, default_region="NZ").code == "NZ"


@pytest.mark.parametrize(
    ("city", "zone"),
    [
        ("London", "Europe/London"),
        ("new york", "America/New_York"),
        ("Sydney", "Australia/Sydney"),
        ("Berlin", "Europe/Berlin"),
        ("Sao Paulo", "America/Sao_Paulo"),
    ],
)
def test_city_names_are_timezones(city: str, zone: str) -> None:
    """A city as people say it is its IANA timezone."""
    assert parse_timezone(city) == zone


def test_misspelt_city_suggests_the_timezone(catalogue: Catalogue) -> None:
    """A city too far off to be sure is a suggestion in the error, not a silent guess."""
    assert find_city_timezone("Sidney").suggestions[0] == "Australia/Sydney"
    with pytest.raises(ScheduleError) as caught:
        parse_timezone("Sidney")
    assert "Did you mean Australia/Sydney" in caught.value.render(catalogue.texts)
