"""What a frightened parent sees in /safety report, for every country and situation."""

from __future__ import annotations

import pytest

from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.core.models import Reply
from tests.transcript import say

SITUATIONS = ("", "grooming", "images", "sextortion", "bullying", "unsure", "immediate-danger")
# About one phone screen of text: the default answer fits in it (issue 13).
BUDGET = 1800


def shown(reply: Reply) -> str:
    """The answer as read: title, body, routes and link buttons' labels (not the sources footer)."""
    parts = [reply.title, reply.body, *(f"{f.name}\n{f.value}" for f in reply.fields)]
    return "\n".join([*parts, *(link.label for link in reply.links)])


async def test_every_default_answer_fits_about_one_phone_screen(core: Core, catalogue: Catalogue) -> None:
    """Every country x situation: emergency line, routes and evidence line within ~1,800 characters."""
    too_long = []
    for code in catalogue.countries:
        for situation in SITUATIONS:
            reply = await say(core, f"/safety report {code} {situation}")
            text = shown(reply)
            assert "immediate danger" in reply.body.splitlines()[0]
            if situation != "immediate-danger":
                assert "screenshots of the conversation" in text and "Never screenshot" in text, (code, situation)
            if len(text) > BUDGET:
                too_long.append((code, situation or "-", len(text)))
    assert not too_long, too_long


@pytest.mark.parametrize("situation", ["sextortion", "blackmail"])
async def test_every_countrys_sextortion_answer_says_dont_pay_block_keep_report(
    core: Core, catalogue: Catalogue, situation: str
) -> None:
    """Whatever the country, the sextortion answer says what to do before any route."""
    for code in catalogue.countries:
        body = (await say(core, f"/safety report {code} {situation}")).body
        lines = body.split("\n\n")
        assert "immediate danger" in lines[0]
        advice = lines[1]
        for words in ("don't pay", "block", "don't delete", "report"):
            assert words in advice, (code, words, advice)


@pytest.mark.parametrize(("code", "number"), [("GB", "101"), ("AU", "131 444"), ("NZ", "105")])
async def test_police_non_emergency_number_shows_for_grooming_and_sextortion(
    core: Core, code: str, number: str
) -> None:
    """Reporting to the police when it is not urgent is exactly the grooming and sextortion need."""
    for situation in ("grooming", "sextortion"):
        reply = await say(core, f"/safety report {code} {situation}")
        assert any(number in f.name for f in reply.fields), (code, situation)
    bullying = await say(core, f"/safety report {code} bullying")
    assert not any("not an emergency" in f.name for f in bullying.fields)


async def test_us_numbers_written_with_letters_show_their_digits(core: Core) -> None:
    """/safety report US shows 1-800-843-5678 (NCMEC) and 1-800-422-4453 (Childhelp)."""
    text = shown(await say(core, "/safety report US"))
    assert "1-800-THE-LOST (1-800-843-5678)" in text
    assert "1-800-4-A-CHILD (1-800-422-4453)" in text
    assert "1-800-CALL-FBI (1-800-225-5324)" in shown(await say(core, "/safety report US sextortion"))


async def test_parents_get_routes_aimed_at_them(core: Core) -> None:
    """GB grooming and bullying offer the NSPCC helpline, CA unsure Cybertip.ca, NZ and IE grooming the police."""
    for situation in ("grooming", "bullying"):
        text = shown(await say(core, f"/safety report GB {situation}"))
        assert "NSPCC Helpline" in text and "0808 800 5000" in text, situation
    assert "Cybertip.ca" in shown(await say(core, "/safety report CA unsure"))
    nz = await say(core, "/safety report NZ grooming")
    assert any("Police" in f.name for f in nz.fields)
    ie = await say(core, "/safety report IE grooming")
    assert any("Garda" in f.name for f in ie.fields) and any("garda.ie" in link.url for link in ie.links)


async def test_stop_it_now_is_introduced_for_what_it_is(core: Core) -> None:
    """In 'unsure', the prevention line says it is for adults worried about their own or another adult's behaviour."""
    for code in ("GB", "US", "AU"):
        reply = await say(core, f"/safety report {code} unsure")
        names = [f.name for f in reply.fields if "Stop It Now" in f.name]
        assert names and all("adults worried about their own or another adult's" in n for n in names), code


async def test_report_remove_is_not_ruled_out_for_a_private_or_threatened_image(core: Core) -> None:
    """Report Remove reads as usable when an image was shared privately or is being threatened."""
    text = shown(await say(core, "/safety report GB sextortion all"))
    start = text.index("Report Remove")
    entry = text[start : start + 700]
    assert "threatening to share" in entry
    assert "Not for: Images that are not on the public internet" not in entry


async def test_all_shows_every_detail_and_the_default_says_how(core: Core) -> None:
    """The short default answer points to '... all', which shows who each route is for."""
    short = await say(core, "/safety report GB")
    assert "/safety report GB all" in short.body
    full = await say(core, "/safety report GB all")
    assert any("Who:" in f.value for f in full.fields)
    assert full.body.splitlines()[0] == short.body.splitlines()[0]


async def test_a_country_without_a_take_down_tool_still_offers_take_it_down(core: Core, catalogue: Catalogue) -> None:
    """Take It Down works anywhere: every country's images and sextortion answers offer a take-down tool."""
    takedown = {r.name for c in catalogue.countries.values() for r in c.routes if r.kind == "takedown"}
    for code in catalogue.countries:
        for situation in ("images", "sextortion"):
            names = {f.name for f in (await say(core, f"/safety report {code} {situation}")).fields}
            assert names & takedown, (code, situation)


async def test_link_buttons_are_not_repeated(core: Core, catalogue: Catalogue) -> None:
    """Two routes on one portal (India's NCRP) give one button, not two."""
    for code in catalogue.countries:
        urls = [link.url for link in (await say(core, f"/safety report {code}")).links]
        assert len(urls) == len(set(urls)), code
