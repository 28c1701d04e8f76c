"""Answers in the reader's language, with exactly the numbers and links of the English answer."""

from __future__ import annotations

import re

from bot.core.engine import Core
from bot.core.models import Reply
from tests.transcript import say, text_of

# Numbers and links as a reader would act on them; dates of sources are the same in both.
_NUMBER = re.compile(r"\d(?:[\d ]*\d)?")


def facts(reply: Reply) -> tuple[list[str], list[str]]:
    """The phone numbers (digits only) and the link URLs a reply shows."""
    text = text_of(reply)
    for link in reply.links:
        text = text.replace(link.url, " ")
    numbers = sorted(re.sub(r"\D", "", n) for n in _NUMBER.findall(text))
    return numbers, sorted(link.url for link in reply.links)


def _sources(footer: str) -> list[tuple[str, str]]:
    """(host, checked date) pairs of a sources footer, whatever language it is worded in."""
    return re.findall(r"([\w.-]+\.[a-z]{2,}) \((?:[^,()]*, )?(\d{4}-\d\d-\d\d)\)", footer)


async def test_report_de_in_german_has_the_english_numbers_and_links(core: Core) -> None:
    """/safety report DE read in German: 110 first, the same phones and buttons as in English."""
    english = await say(core, "/safety report DE")
    german = await say(core, "/safety report DE", locale="de")
    assert (
        german.body.splitlines()[0]
        == "**Wenn ein Kind in akuter Gefahr ist, rufen Sie jetzt die 110 an** — Polizei (Notruf)."
    )
    assert german.title == "Eine Sorge melden: Deutschland"
    assert facts(german) == facts(english)
    assert "Nummer gegen Kummer" in text_of(german) and "Telefon: 116 111" in text_of(german)
    assert "niemals einen Screenshot" in german.body
    assert "Englisch" not in german.body, "every German route is translated"
    assert german.private


async def test_report_follows_a_regional_client_locale(core: Core) -> None:
    """A de-DE or de-AT client gets the German wording (de-DE -> de)."""
    for locale in ("de-DE", "de-AT"):
        reply = await say(core, "/safety report DE", locale=locale)
        assert reply.title == "Eine Sorge melden: Deutschland"


async def test_untranslated_item_says_it_is_english_in_one_line(core: Core) -> None:
    """A country whose routes are not in German yet: the English routes, and one German line saying so."""
    reply = await say(core, "/safety report GB", locale="de")
    assert reply.body.splitlines()[0].startswith("**Wenn ein Kind in akuter Gefahr ist, rufen Sie jetzt die 999 an")
    assert reply.body.count("noch nicht ins Deutsche übersetzt") == 1
    assert any("CEOP" in f.name for f in reply.fields)


async def test_english_readers_never_see_a_fallback_note(core: Core) -> None:
    """English, or a language Lookout does not speak, reads the English item without any note."""
    for locale in (None, "en-GB", "ja"):
        reply = await say(core, "/safety report GB", locale=locale)
        assert "translated" not in reply.body and "übersetzt" not in reply.body


async def test_signs_in_german_with_the_english_sources(core: Core) -> None:
    """/safety signs in German: German sections, the evidence advice kept, sources unchanged."""
    english = await say(core, "/safety signs")
    german = await say(core, "/safety signs", locale="de")
    assert german.title.startswith("Warnsignale")
    assert len(german.fields) == len(english.fields)
    assert any("niemals einen Screenshot" in f.value for f in german.fields)
    assert german.footer is not None and english.footer is not None
    assert _sources(german.footer) == _sources(english.footer)
    assert german.private
