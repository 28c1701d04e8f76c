"""Words typed in the reader's language are read only where a command takes them.

German "aus" is "off" for a schedule but Australia's code in a report; Spanish "domingo" is
Sunday in a schedule's days but part of the timezone Santo Domingo.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.commands.context import Defaults
from bot.core.commands.setup_options import SETUP_WORDS
from bot.core.commands.spec import COMMANDS
from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.core.words import kind_of
from bot.store import Store
from tests.conftest import Clock
from tests.transcript import say, text_of


def _first_line(body: str) -> str:
    return body.split("\n", 1)[0]


async def test_report_aus_is_australia_in_every_language(core: Core) -> None:
    """'aus' is German for 'off', but /safety report AUS is Australia, 000 first."""
    for locale in (None, "de", "es"):
        reply = await say(core, "/safety report AUS", locale=locale)
        assert not reply.is_error, reply.body
        assert "000" in _first_line(reply.body), (locale, reply.body)
        assert "Austral" in reply.title, (locale, reply.title)


async def test_report_de_in_a_german_community_is_germany(catalogue: Catalogue, store: Store, clock: Clock) -> None:
    german = Core(catalogue, store, defaults=Defaults(timezone="Europe/Berlin", language="de"), clock=clock)
    reply = await say(german, "/safety report DE")
    assert reply.title == "Eine Sorge melden: Deutschland"
    assert "110" in _first_line(reply.body)


async def test_a_situation_word_typed_first_still_keeps_the_country(core: Core) -> None:
    """'erpressung DE' reads as 'DE sextortion', with the same routes."""
    first = await say(core, "/safety report erpressung DE", locale="de")
    english = await say(core, "/safety report DE sextortion", locale="de")
    assert first.title == english.title and first.fields == english.fields


async def test_setup_timezone_santo_domingo_keeps_its_name(core: Core) -> None:
    """'domingo' is Sunday in Spanish: the timezone Santo Domingo must not become 'Santo sun'."""
    for line in (
        '/safety-admin setup #consejos "Santo Domingo" weekly 18:00',
        "/safety-admin setup #consejos Santo Domingo semanal 18:00",
        "/safety-admin setup #consejos timezone=America/Santo_Domingo weekly 18:00",
    ):
        reply = await say(core, line, admin=True, locale="es")
        assert not reply.is_error, reply.body
        schedule = await say(core, "/safety-admin schedule", admin=True)
        assert "America/Santo_Domingo" in text_of(schedule), text_of(schedule)


async def test_domingo_is_still_sunday_for_the_days(core: Core) -> None:
    reply = await say(
        core, "/safety-admin setup #consejos Europe/Madrid semanal 18:00 days=domingo", admin=True, locale="es"
    )
    assert not reply.is_error, reply.body
    schedule = text_of(await say(core, "/safety-admin schedule", admin=True)).casefold()
    assert "weekly" in schedule and "sun" in schedule


async def test_aus_still_means_off_for_german_quiet_hours(core: Core) -> None:
    """'aus' where a command takes 'off' (quiet hours) still switches them off."""
    await say(core, "/safety-admin setup #tipps Europe/Berlin wöchentlich 18:00", admin=True, locale="de")
    on = await say(core, "/safety-admin quiet-hours 22:00-07:00", admin=True, locale="de")
    assert not on.is_error, on.body
    off = await say(core, "/safety-admin quiet-hours aus", admin=True, locale="de")
    english = await say(core, "/safety-admin quiet-hours off", admin=True, locale="de")
    assert not off.is_error, off.body
    assert (off.title, off.body) == (english.title, english.body)


async def test_region_aus_is_never_read_as_off(core: Core) -> None:
    """'/safety-admin region AUS' never clears the region as if it were German 'aus' (off)."""
    cleared = await say(core, "/safety-admin region off", admin=True, locale="de")
    reply = await say(core, "/safety-admin region AUS", admin=True, locale="de")
    assert reply.title != cleared.title, reply.body
    stopp = await say(core, "/safety-admin region stopp", admin=True, locale="de")
    off = await say(core, "/safety-admin region off", admin=True, locale="de")
    assert (stopp.title, stopp.body) == (off.title, off.body)


async def test_french_dutch_and_portuguese_words_where_they_belong(core: Core) -> None:
    """Setup in French, Dutch and Brazilian Portuguese words; 'pais' (parents) is never Paris."""
    for line, locale in (
        ("/safety-admin setup #conseils Europe/Paris hebdomadaire 18:00 parents days=lundi", "fr"),
        ("/safety-admin setup #tips Europe/Amsterdam wekelijks 18:00 ouders days=maandag", "nl"),
        ("/safety-admin setup #dicas America/Sao_Paulo semanal 18:00 pais days=segunda", "pt-BR"),
    ):
        reply = await say(core, line, admin=True, locale=locale, community=locale)
        assert not reply.is_error, (locale, reply.body)
        schedule = text_of(await say(core, "/safety-admin schedule", admin=True, community=locale))
        assert "weekly" in schedule.casefold() and "parents" in schedule, (locale, schedule)
        assert "Europe/Paris" not in schedule or locale == "fr", schedule
    images = await say(core, "/safety report NL afbeeldingen", locale="nl")
    assert images.fields == (await say(core, "/safety report NL images", locale="nl")).fields
    forgot = await say(core, "/safety-admin forget bevestigen", admin=True, locale="nl")
    assert not forgot.is_error, forgot.body


async def test_tip_with_a_situation_word_as_topic(core: Core) -> None:
    """'/safety tip erpressung' is the sextortion topic; 'acoso' (bullying) has no topic: the topics are listed."""
    tip = await say(core, "/safety tip erpressung", locale="de", channel="a")
    assert not tip.is_error, tip.body
    grooming = await say(core, "/safety tip cybergrooming", locale="de", channel="b")
    assert not grooming.is_error, grooming.body
    bullying = await say(core, "/safety tip acoso", locale="es")
    assert bullying.is_error and "strangers" in bullying.body and "acoso" in bullying.body


async def test_guide_trailing_words_in_german(core: Core) -> None:
    # Two channels: a second public answer in one channel within a minute is sent privately.
    german = await say(core, "/safety guide roblox alle jugendliche", locale="de", channel="a")
    english = await say(core, "/safety guide roblox all young-people", locale="de", channel="b")
    assert not german.is_error, german.body
    assert replace(german, language=None) == replace(english, language=None)


def test_every_kind_of_typed_word_is_read_somewhere(catalogue: Catalogue) -> None:
    """A kind of word added to words.yaml that no option takes would silently do nothing."""
    kinds = {kind_of(i) for i in catalogue.texts.messages["en"] if i.startswith("words.")}
    taken = {k for c in COMMANDS for p in c.params for k in p.words} | set(SETUP_WORDS)
    assert kinds <= taken, sorted(kinds - taken)
