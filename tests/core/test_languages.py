"""Answers in the reader's language, with exactly the numbers and links of the English answer."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.commands.context import Defaults
from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.core.models import Reply
from bot.store import Store
from tests.conftest import Clock
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


async def test_untranslated_item_says_it_is_english_in_one_line(
    catalogue: Catalogue, store: Store, clock: Clock
) -> None:
    """A country whose routes are not in German yet: the English routes, and one German line saying so."""
    # Every shipped item is in German, so this catalogue leaves the UK's German routes out.
    german = {key: item for key, item in catalogue.translations["de"].items() if key != ("routes", "GB")}
    partial = replace(catalogue, translations={**catalogue.translations, "de": german})
    core = Core(partial, store, defaults=Defaults(timezone="Europe/London"), clock=clock)
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


async def test_console_admin_sets_german_then_every_answer_reads_in_german(core: Core) -> None:
    """Console transcript: /safety-admin language de, then report, tip, guide and signs in German."""
    english = {line: await say(core, line) for line in ("/safety report DE", "/safety signs")}
    reply = await say(core, "/safety-admin language de", admin=True)
    assert reply.title == "Sprache eingestellt: Deutsch" and reply.private and not reply.is_error
    report = await say(core, "/safety report DE")
    assert report.body.startswith("**Wenn ein Kind in akuter Gefahr ist, rufen Sie jetzt die 110 an**")
    assert facts(report) == facts(english["/safety report DE"])
    signs = await say(core, "/safety signs")
    assert signs.title.startswith("Warnsignale") and _sources(signs.footer or "") == _sources(
        english["/safety signs"].footer or ""
    )
    tip = await say(core, "/safety tip")
    assert "Quellen:" in (tip.footer or "")
    guide = await say(core, "/safety guide roblox")
    assert "Sicherheitseinstellungen" in guide.title
    back = await say(core, "/safety-admin language auto", admin=True)
    assert back.title == "Language: automatic"
    assert (await say(core, "/safety report DE")).title == "Report a worry: Germany"


async def test_private_answers_follow_the_person_public_ones_the_community(core: Core) -> None:
    """Community set to German: a French-speaking client's private report is not forced into German,
    an English client's tip (public) is German; with no setting each person's locale decides."""
    await say(core, "/safety-admin language de", admin=True)
    private = await say(core, "/safety report DE", locale="en-GB")
    assert private.title == "Report a worry: Germany"
    public = await say(core, "/safety tip", locale="en-GB")
    assert "Quellen:" in (public.footer or "")


async def test_unknown_language_lists_the_languages(core: Core) -> None:
    """/safety-admin language klingon: a kind refusal naming every language and auto."""
    reply = await say(core, "/safety-admin language klingon", admin=True)
    assert reply.is_error and "de (Deutsch)" in reply.body and "auto" in reply.body


async def test_language_is_read_by_name_or_regional_code(core: Core) -> None:
    """'Deutsch', 'DE' and 'de-AT' all choose German."""
    for typed in ("Deutsch", "DE", "de-AT"):
        reply = await say(core, f"/safety-admin language {typed}", admin=True)
        assert reply.title == "Sprache eingestellt: Deutsch", typed


async def test_scheduled_posts_follow_the_community_language(core: Core, clock: Clock) -> None:
    """A post-now in a German community is the German tip wording with the German pointer line."""
    from bot.delivery.compose import TipPoster
    from tests.delivery.delivery_helpers import RecordingMessenger

    messenger = RecordingMessenger()
    core.poster = TipPoster(core.store, core.catalogue, {"console": messenger}, clock)
    await say(core, "/safety-admin setup #tips Europe/London weekly 18:00 parents GB", admin=True)
    await say(core, "/safety-admin language de", admin=True)
    done = await say(core, "/safety-admin post-now", admin=True)
    assert not done.is_error, done.body
    body = messenger.posts[0].reply.body
    assert body.endswith("Mehr: /safety tip, /safety guide, /safety report")


async def test_a_discord_client_locale_words_private_answers(core: Core) -> None:
    """Discord gives the server's locale and the person's: the person's words their private answer."""
    from bot.core.models import Request

    request = Request(
        platform="discord",
        community_id="g1",
        channel_id="c1",
        user_id="u1",
        user_is_admin=False,
        group="safety",
        command="report",
        options={"country": "DE"},
        locale="en-US",
        user_locale="de",
    )
    assert (await core.handle(request)).title == "Eine Sorge melden: Deutschland"


async def test_console_default_language_setting(catalogue: Catalogue, store: Store, clock: Clock) -> None:
    """LOOKOUT_DEFAULT_LANGUAGE=de: the console (no client locale) answers in German unprompted."""
    german = Core(catalogue, store, defaults=Defaults(timezone="Europe/Berlin", language="de"), clock=clock)
    assert (await say(german, "/safety report DE")).title == "Eine Sorge melden: Deutschland"


async def test_words_typed_in_german_work_as_the_english_ones(core: Core) -> None:
    """Console: setup with 'wöchentlich montag eltern', report with 'erpressung', forget 'bestätigen'."""
    reply = await say(core, "/safety-admin setup #tipps Europe/Berlin wöchentlich 18:00 eltern DE", admin=True)
    assert not reply.is_error, reply.body
    schedule = await say(core, "/safety-admin schedule", admin=True)
    assert "weekly" in text_of(schedule).casefold() and "parents" in text_of(schedule)
    report = await say(core, "/safety report DE erpressung", locale="de")
    assert any("Polizei" in f.name for f in report.fields)
    assert "Sextortion" in report.body
    gone = await say(core, "/safety-admin forget bestätigen", admin=True)
    assert not gone.is_error, gone.body
    english = await say(core, "/safety report DE sextortion", locale="de")
    assert english.fields == report.fields, "English words always work too"
