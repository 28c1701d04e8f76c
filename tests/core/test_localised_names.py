"""Country names and situation words that the code fills in read in the reader's language."""

from __future__ import annotations

from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.core.words import typed_word
from tests.transcript import say, text_of

NARROW = ("grooming", "images", "sextortion", "bullying", "unsure")


def _narrow_line(body: str, code: str) -> str:
    return next(p for p in body.split("\n\n") if f"/safety report {code}" in p and ":" in p)


async def test_known_countries_are_named_in_german(core: Core) -> None:
    """An unknown country in German lists the known ones by their German names, sorted that way."""
    reply = await say(core, "/safety report xyzzy", locale="de")
    assert "Vereinigtes Königreich (GB)" in reply.body and "Deutschland (DE)" in reply.body
    assert "United Kingdom" not in reply.body and "Germany" not in reply.body
    assert reply.body.index("Australien (AU)") < reply.body.index("Kanada (CA)") < reply.body.index("Spanien (ES)")


async def test_english_reader_keeps_english_country_names(core: Core) -> None:
    """English is unchanged: English names, sorted in English."""
    reply = await say(core, "/safety report xyzzy")
    assert "United Kingdom (GB)" in reply.body and "Germany (DE)" in reply.body


async def test_report_title_uses_the_readers_name_for_the_country(core: Core) -> None:
    """A country's title reads in French even before its routes are translated (CLDR's name)."""
    reply = await say(core, "/safety report JP", locale="fr")
    assert reply.title.endswith("Japon"), reply.title
    uk = await say(core, "/safety report GB", locale="fr")
    assert uk.title.endswith("Royaume-Uni"), uk.title


async def test_assumed_country_line_names_it_in_french(core: Core) -> None:
    """A community on Asia/Tokyo, no region: the French "assumed" line names Japon, not Japan."""
    await say(core, "/safety-admin setup #tips Asia/Tokyo weekly 18:00 parents", admin=True, channel="tips")
    reply = await say(core, "/safety report", locale="fr", channel="tips")
    assumed = next(line for line in reply.body.splitlines() if "/safety report CA" in line)
    assert "Japon" in assumed and "Japan" not in assumed


async def test_narrow_down_suggests_the_words_the_reader_types(core: Core, catalogue: Catalogue) -> None:
    """The situations to add read in the reader's words, and typing one of them narrows the answer."""
    english = _narrow_line((await say(core, "/safety report JP")).body, "JP")
    assert "grooming, images, sextortion, bullying, unsure" in english
    for locale in ("de", "fr"):
        words = [typed_word(catalogue.texts, f"words.situation-{s}", locale) for s in NARROW]
        line = _narrow_line((await say(core, "/safety report JP", locale=locale)).body, "JP")
        assert ", ".join(words) in line, (locale, line)
        narrowed = await say(core, f"/safety report JP {words[3]}", locale=locale)
        label = catalogue.texts.get("report.situation-bullying", locale)
        assert label in narrowed.body, (locale, words[3])


async def test_status_names_the_region_in_the_readers_language(core: Core) -> None:
    """status says which country reporting answers use, named in German."""
    await say(core, "/safety-admin setup #tips Europe/London weekly 18:00 parents GB", admin=True)
    status = text_of(await say(core, "/safety-admin status", admin=True, locale="de"))
    assert "Vereinigtes Königreich" in status and "United Kingdom" not in status
    region = await say(core, "/safety-admin region FR", admin=True, locale="de")
    assert "Frankreich" in region.body
