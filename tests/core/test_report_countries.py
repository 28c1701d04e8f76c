"""/safety report for every reader: the right country, and its own emergency number first."""

from __future__ import annotations

import re

import pytest

from bot.core.engine import Core
from bot.core.models import Reply
from tests.transcript import say, text_of


def first_number(body: str) -> str:
    """The first number the answer tells the reader to call."""
    match = re.search(r"call (\d[\d ]*\d)", body.splitlines()[0])
    assert match, body.splitlines()[0]
    return match.group(1)


async def table_only(core: Core, line: str) -> Reply:
    """The answer to ``line`` for a country without full routes yet.

    A country that gets full routes fails here rather than passing unseen: the test then
    needs another country that is still only in the emergency table.
    """
    reply = await say(core, line)
    assert "own reporting routes yet" in reply.body, f"{line}: the country has full routes now; pick another"
    return reply


async def test_europe_london_schedule_without_region_gets_999(core: Core) -> None:
    """A UK community whose schedule runs on Europe/London, with no region set, is told 999 first."""
    await say(core, "/safety-admin setup #general Europe/London weekly 18:00 parents", admin=True)
    reply = await say(core, "/safety report", community_locale="en-US", user_locale="en-US")
    assert first_number(reply.body) == "999" and reply.title == "Report a worry: United Kingdom"
    assert "I assumed United Kingdom from this community's schedule timezone" in reply.body


async def test_australia_sydney_schedule_gets_000(core: Core) -> None:
    """A schedule on Australia/Sydney means Triple Zero first."""
    await say(core, "/safety-admin setup #general Australia/Sydney weekly 18:00 parents", admin=True)
    assert first_number((await say(core, "/safety report")).body) == "000"


async def test_own_client_locale_wins_over_the_servers(core: Core) -> None:
    """A person whose app is en-GB in an en-US server gets the UK answer."""
    reply = await say(core, "/safety report", user_locale="en-GB", community_locale="en-US")
    assert first_number(reply.body) == "999"


@pytest.mark.parametrize("typed", ["Untied Kingdom", "uk", "Großbritannien", "🇬🇧"])
async def test_forgiving_names_answer_for_the_uk(core: Core, typed: str) -> None:
    """Typos, aliases, other languages and the flag all answer for the UK, without 'I assumed'."""
    reply = await say(core, f"/safety report {typed}")
    assert reply.title == "Report a worry: United Kingdom" and first_number(reply.body) == "999"
    assert "I assumed" not in reply.body


async def test_mistyped_situation_keeps_the_country(core: Core) -> None:
    """'GB sexortion' is the UK's sextortion routes, not the international ones."""
    reply = await say(core, "/safety report GB sexortion")
    assert reply.title == "Report a worry: United Kingdom" and first_number(reply.body) == "999"
    assert "sextortion" in reply.body.casefold()
    assert "Report Remove" in text_of(reply)


async def test_distant_situation_typo_asks_did_you_mean(core: Core) -> None:
    """A situation too far off to be sure keeps the country and asks."""
    reply = await say(core, "/safety report GB sextrn")
    assert reply.title == "Report a worry: United Kingdom"
    assert "Did you mean" in reply.body and "/safety report GB sextortion" in reply.body


@pytest.mark.parametrize(
    ("code", "number"),
    [
        ("JP", "110"),
        ("BR", "190"),
        ("MX", "911"),
        ("ES", "112"),
        ("IT", "112"),
        ("PL", "112"),
        ("SE", "112"),
        ("ZA", "10111"),
        ("PH", "911"),
        ("KR", "112"),
        ("SG", "999"),
    ],
)
async def test_every_country_starts_with_its_own_number(core: Core, code: str, number: str) -> None:
    """/safety report XX starts with that country's own emergency number, routes or not."""
    reply = await say(core, f"/safety report {code}")
    assert first_number(reply.body) == number, reply.body.splitlines()[0]
    assert reply.private and reply.fields, "routes follow the number"


async def test_country_without_full_routes_says_so_and_shows_international_routes(core: Core) -> None:
    """Argentina (table only) names itself, its number, then international routes, its source in the footer."""
    reply = await table_only(core, "/safety report Argentina sextortion")
    assert reply.title == "Report a worry: Argentina" and first_number(reply.body) == "911"
    assert "lanacion.com.ar" in (reply.footer or "")


async def test_police_first_then_the_general_number(core: Core) -> None:
    """Where two numbers apply, police comes first and the general one is named too."""
    from bot.core.commands.report import emergency_line

    lines = emergency_line(list(core.catalogue.emergency["DE"].numbers), core.catalogue.texts.get).splitlines()
    assert "call 110 now" in lines[0] and "112" in lines[1]


@pytest.mark.parametrize("typed", ["x" * 5000, "<!channel>", "@everyone", "\x07\x1b[2J", "<@U123>"])
async def test_bad_country_text_is_answered_kindly_and_quoted_safely(core: Core, typed: str) -> None:
    """Huge, control-laden or ping-shaped text gets a kind answer that cannot ping or flood."""
    reply = await say(core, f"/safety report {typed}")
    shown = text_of(reply)
    assert "local emergency number" in reply.body.splitlines()[0]
    assert "@everyone" not in shown and "<!channel>" not in shown and "<@" not in shown
    assert "\x1b" not in shown and len(reply.body) < 2000


async def test_bad_text_after_a_country_never_loses_it(core: Core) -> None:
    """'GB <!channel>' still answers for the UK."""
    for line in ("/safety report GB @everyone", "/safety report <!channel> United Kingdom"):
        reply = await say(core, line)
        assert reply.title == "Report a worry: United Kingdom" and first_number(reply.body) == "999"
        assert "@everyone" not in text_of(reply) and "<!channel>" not in text_of(reply)


async def test_table_country_shows_its_child_helpline_before_the_international_routes(core: Core) -> None:
    """Switzerland (table only): 117 first, then Pro Juventute 147, then the international routes."""
    reply = await table_only(core, "/safety report Schweiz")
    assert reply.title == "Report a worry: Switzerland" and first_number(reply.body) == "117"
    assert "112" in reply.body.splitlines()[1]
    assert reply.fields[0].name.startswith("Pro Juventute") and "147" in reply.fields[0].value


@pytest.mark.parametrize("code", ["XX", "EU", "UK"])
def test_content_check_rejects_a_code_that_is_not_iso_3166(catalogue: object, code: str) -> None:
    """An entry whose code is not ISO 3166-1 alpha-2 fails `lookout content check`."""
    import datetime as dt

    from bot.core.content.checks import run_checks
    from bot.core.content.models import EmergencyTable

    table = EmergencyTable.model_validate(
        {
            "entries": [
                {
                    "code": code,
                    "numbers": [
                        {
                            "number": "112",
                            "label": "police",
                            "source": "https://digital-strategy.ec.europa.eu/x",
                            "reviewed": "2026-11-30",
                        }
                    ],
                }
            ]
        }
    )
    found = list(run_checks(catalogue, {"emergency": [("messages/emergency/x.yaml", table)]}, dt.date(2026, 11, 30)))  # type: ignore[arg-type]
    assert any("not an ISO 3166-1" in f[2] and f[3] == "error" for f in found)


async def test_every_country_in_the_table_answers_with_its_own_number_first(core: Core) -> None:
    """For every ISO 3166 country in the emergency table, `/safety report XX` starts with its number."""
    from bot.core.commands.report_country import emergency_numbers

    catalogue = core.catalogue
    for code, entry in sorted(catalogue.emergency.items()):
        if not entry.numbers:
            continue
        expected = emergency_numbers(catalogue, code)[0].number  # e.g. "112 or 999"
        reply = await say(core, f"/safety report {code}")
        first_line = reply.body.splitlines()[0]
        assert expected in first_line and expected.startswith(first_number(reply.body)), (code, first_line)
        assert "local emergency number" not in reply.body.splitlines()[0], code


@pytest.mark.parametrize(
    ("typed", "number", "also"),
    [
        ("AR", "911", None),
        ("IL", "100", None),
        ("TR", "112", None),
        ("Chile", "133", None),
        ("Ecuador", "911", None),
        ("Jordan", "911", None),
        ("Kuwait", "112", None),
        ("Nigeria", "112", None),
        ("Morocco", "19", "112"),
        ("Sri Lanka", "119", None),
        ("Egypt", "122", None),
        ("Serbia", "192", None),
        ("Mongolia", "102", None),
        ("Uganda", "999", "112"),
        ("Bosnia and Herzegovina", "122", None),
        ("Isle of Man", "999", None),
        ("Cayman Islands", "911", None),
        ("Cuba", "106", None),
        ("Guadeloupe", "17", "112"),
        ("Curaçao", "911", None),
        ("Papua New Guinea", "112", None),
        ("Togo", "117", "172"),
        ("Burkina Faso", "17", "16"),
        ("Solomon Islands", "999", None),
        ("Samoa", "911", None),
        ("Mali", "80 00 11 15", "80 00 11 14"),
        ("Saint Kitts and Nevis", "911", None),
        ("Congo", "117", None),
        ("Central African Republic", "117", "1220"),
        ("Cabo Verde", "132", None),
        ("Micronesia", "911", None),
        ("Greenland", "112", None),
        ("Seychelles", "999", None),
        ("Suriname", "115", None),
        ("Chad", "117", None),
        ("Nauru", "110", None),
        ("Falkland Islands", "999", None),
        ("Guinea", "117", None),
        ("Angola", "111", None),
        ("Fiji", "911", None),
        ("Myanmar", "199", None),
        ("Palau", "911", None),
        ("British Virgin Islands", "999", "911"),
        ("Antigua and Barbuda", "999", "911"),
        ("Saint Lucia", "911", None),
        ("Aruba", "100", None),
        ("Grenada", "911", None),
        ("Vanuatu", "1111", None),
        ("Guernsey", "999", None),
        ("Monaco", "17", "112"),
        ("Laos", "1191", None),
        ("American Samoa", "911", None),
        ("Belize", "911", None),
        ("Tonga", "922", None),
        ("Saint Martin (French part)", "17", None),
        ("Cambodia", "117", None),
        ("Maldives", "911", None),
        ("Saint Helena", "999", None),
        ("Lesotho", "5888 1024", None),
        ("Djibouti", "999", "116"),
        ("San Marino", "112", "113"),
        ("Wallis and Futuna", "17", None),
        ("Mayotte", "17", None),
        ("Namibia", "10111", None),
        ("Eswatini", "999", None),
        ("Burundi", "117", None),
        ("Niger", "17", "8383"),
        ("Mauritania", "117", None),
        ("Brunei", "993", None),
        ("Turkmenistan", "02", "03"),
    ],
)
async def test_newly_listed_countries_start_with_the_number_their_source_gives(
    core: Core, typed: str, number: str, also: str | None
) -> None:
    """A sample of the table's countries without full routes: the sourced number first, the others after."""
    reply = await say(core, f"/safety report {typed} sextortion")
    lines = reply.body.splitlines()
    assert first_number(reply.body) == number, lines[0]
    if also is not None:
        assert also in lines[1], lines[:3]
    assert "Take It Down" in text_of(reply), "the international routes follow"


def test_every_table_number_is_sourced_and_dated(catalogue: object) -> None:
    """Each number in the table names the page it was read on and when (the content check's rule)."""
    from bot.core.content.catalogue import Catalogue

    assert isinstance(catalogue, Catalogue)
    assert len(catalogue.emergency) >= 75
    for code, entry in catalogue.emergency.items():
        for line in entry.numbers:
            assert line.source.startswith("https://") and line.reviewed is not None, code


@pytest.mark.parametrize(
    ("line", "number", "name", "shown"),
    [
        # Its Child Helpline International member line after police 997.
        ("/safety report Malawi", "997", "Tithandizane", "116"),
        # Its INHOPE member hotline, with its link, after 123.
        ("/safety report Colombia images", "123", "Te Protejo", "teprotejocolombia.org"),
        # Table-only EU countries and others: their own hotline after their number.
        ("/safety report Austria images", "112", "Stopline", "stopline.at"),
        ("/safety report Greece images", "112", "SafeLine", "safeline.gr"),
        ("/safety report Czechia images", "112", "STOPonline.cz", "stopline.cz"),
        ("/safety report Slovenia images", "112", "Spletno oko", "spletno-oko.si"),
        ("/safety report Luxembourg images", "112", "BEE SECURE Stopline", "stopline.bee-secure.lu"),
        ("/safety report Latvia images", "112", "Hotline of the Latvian", "drossinternets.lv"),
        ("/safety report Serbia images", "192", "Net Patrola", "netpatrola.rs"),
        # Their own child helpline (read on the Commission's Safer Internet Centre pages), with its number.
        ("/safety report Austria", None, "Rat auf Draht", "147"),
        ("/safety report Bulgaria", None, "Helpline", "124 123"),
        ("/safety report Lithuania", None, "Vaikų linija", "116 111"),
        ("/safety report Uganda", None, "Sauti", "116"),
        ("/safety report Tanzania", None, "National Child Helpline", "116"),
        ("/safety report Sri Lanka", None, "1929 Child Helpline", "1929"),
        ("/safety report Moldova", None, "Telefonul Copilului", "116 111"),
        ("/safety report Albania", None, "ALO 116", "116 111"),
        ("/safety report Bangladesh", None, "Child Helpline 1098", "1098"),
    ],
)
async def test_table_country_names_its_own_hotline_or_helpline(
    core: Core, line: str, number: str | None, name: str, shown: str
) -> None:
    """A country without full routes: its own number first, then its hotline or helpline by name."""
    reply = await table_only(core, line)
    if number is not None:
        assert first_number(reply.body) == number
    field = next(f for f in reply.fields if f.name.startswith(name))
    assert shown in field.value
