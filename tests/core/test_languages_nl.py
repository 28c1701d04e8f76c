"""Dutch readers: the interface, the NL routes, signs, playbook and advice in Dutch, with the English facts."""

from __future__ import annotations

from dataclasses import replace

from bot.core.commands.context import Defaults
from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.store import Store
from tests.conftest import Clock
from tests.core.test_languages import facts
from tests.transcript import say, text_of

IN_ENGLISH = "nog niet in het Nederlands vertaald"


async def test_console_language_nl_then_report_tip_guide_and_signs(core: Core) -> None:
    """Console: /safety-admin language nl, then report NL (112 first, English facts), tip, guide, signs."""
    english = await say(core, "/safety report NL")
    assert (await say(core, "/safety-admin language nl", admin=True)).title == "Taal ingesteld: Nederlands"
    report = await say(core, "/safety report NL")
    assert report.title == "Een zorg melden: Nederland"
    assert (
        report.body.splitlines()[0]
        == "**Is een kind in direct gevaar? Bel dan nu 112** — alarmnummer (politie, ambulance, brandweer)."
    )
    assert facts(report) == facts(english)
    assert "Maak nooit een screenshot van een seksuele afbeelding van een kind" in report.body
    assert IN_ENGLISH not in text_of(report), "every NL route is translated"
    signs = await say(core, "/safety signs")
    assert signs.title.startswith("Waarschuwingssignalen van grooming")
    assert any("Maak nooit een screenshot" in f.value for f in signs.fields)
    moderators = await say(core, "/safety moderators")
    assert moderators.title.startswith("Draaiboek voor moderators")
    assert "dis.gd/request" in text_of(moderators)


async def test_untranslated_tips_guides_and_routes_say_so_once_in_dutch(
    catalogue: Catalogue, store: Store, clock: Clock
) -> None:
    """A tip (location), a guide and GB's routes still in English: each says so in exactly one Dutch line."""
    # Dutch is being translated item by item, so this catalogue leaves these three out itself.
    location = {t.id for t in catalogue.tips if "location" in t.topics}
    left_out = {("guides", "roblox"), ("routes", "GB"), *(("tips", tip) for tip in location)}
    dutch = {key: item for key, item in catalogue.translations["nl"].items() if key not in left_out}
    partial = replace(catalogue, translations={**catalogue.translations, "nl": dutch})
    core = Core(partial, store, defaults=Defaults(timezone="Europe/London"), clock=clock)
    for line in ("/safety tip location", "/safety guide roblox", "/safety report GB"):
        reply = await say(core, line, locale="nl")
        assert text_of(reply).count(IN_ENGLISH) == 1, line


async def test_young_people_read_the_informal_version(core: Core) -> None:
    """/safety signs young-people in Dutch speaks to the reader as "je", never as "u"."""
    reply = await say(core, "/safety signs young-people", locale="nl")
    text = text_of(reply)
    assert "jouw schuld" in text and " je " in text
    assert " u " not in text.split("Bronnen:")[0]


async def test_dutch_words_typed_in_commands(core: Core) -> None:
    """Console: setup with 'wekelijks maandag ouders', report with 'afpersing', forget 'bevestigen'."""
    reply = await say(core, "/safety-admin setup #tips Europe/Amsterdam wekelijks 18:00 ouders NL", admin=True)
    assert not reply.is_error, reply.body
    schedule = text_of(await say(core, "/safety-admin schedule", admin=True))
    assert "weekly" in schedule.casefold() and "parents" in schedule
    typed = await say(core, "/safety report NL afpersing", locale="nl")
    assert typed.fields == (await say(core, "/safety report NL sextortion", locale="nl")).fields
    assert "Sextortion: betaal niet" in typed.body
    assert not (await say(core, "/safety-admin forget bevestigen", admin=True)).is_error


async def test_belgian_routes_and_a_tip_in_dutch(core: Core) -> None:
    """/safety report BE in Dutch: 101 first, the facts as in English; /safety talk 9 in Dutch."""
    english = await say(core, "/safety report BE")
    dutch = await say(core, "/safety report BE", locale="nl-BE")
    assert dutch.title == "Een zorg melden: België"
    assert dutch.body.splitlines()[0].startswith("**Is een kind in direct gevaar? Bel dan nu 101**")
    assert facts(dutch) == facts(english)
    talk = await say(core, "/safety talk 9", locale="nl")
    assert talk.title.startswith("Gespreksstarters voor kinderen van 8–10 jaar")
