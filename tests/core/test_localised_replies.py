"""Replies the code used to leave in English for a community that reads another language."""

from __future__ import annotations

from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.core.models import Request
from bot.core.text import quote
from bot.core.words import typed_word
from tests.transcript import say, text_of


async def test_language_set_reply_is_all_in_the_new_language(core: Core) -> None:
    """The reply says it is in French (so the platform's own words follow), naming "français" as French writes it."""
    reply = await say(core, "/safety-admin language fr", admin=True)
    assert reply.language == "fr"
    assert "en français" in reply.body


async def test_usage_errors_follow_the_communitys_language(core: Core, catalogue: Catalogue) -> None:
    """After language fr, a mistyped command and an unknown option are explained in French."""
    await say(core, "/safety-admin language fr", admin=True)
    typo = await say(core, "/safety frobnicate")
    assert typo.language == "fr"
    french = catalogue.texts.get("help.not-a-command", "fr", command=quote("frobnicate"), group="safety")
    assert french in text_of(typo)
    asked = Request("console", "c1", "general", "member-1", False, "safety", "tip", {"colour": "red"})
    option = await core.handle(asked)  # an option a platform sent that the command lacks
    assert option.language == "fr"
    assert catalogue.texts.get("help.unknown-option", "fr", name=quote("colour")) in text_of(option)


async def test_a_country_typed_in_the_readers_language(core: Core) -> None:
    """'Allemagne' sets the region to Germany; 'Vereinigtes Königreich' reports for the UK."""
    region = await say(core, "/safety-admin region Allemagne", admin=True, locale="fr")
    assert not region.is_error, region.body
    community = await core.store.community("console", "c1")
    assert community is not None and community.region == "DE"
    uk = await say(core, "/safety report Vereinigtes Königreich", locale="de")
    assert "999" in uk.body.splitlines()[0]


async def test_audience_suggestion_is_the_readers_word(core: Core, catalogue: Catalogue) -> None:
    """'kids' in German suggests the German word for young people, which setup then understands."""
    word = typed_word(catalogue.texts, "words.audience-young-people", "de")
    reply = await say(core, "/safety-admin setup #tips Europe/Berlin kids", admin=True, locale="de")
    assert reply.is_error and word in reply.body
    fixed = await say(core, f"/safety-admin setup #tips Europe/Berlin {word}", admin=True, locale="de")
    assert not fixed.is_error, fixed.body


async def test_a_pending_notice_reads_in_the_admins_language(core: Core, catalogue: Catalogue) -> None:
    """A delivery problem attached to a German admin reply is worded in German, like the reply."""
    from bot.core.ports import Notice, NoticeKind

    await say(core, "/safety-admin language de", admin=True)
    await say(core, "/safety-admin setup #tips Europe/Berlin weekly 18:00 parents DE", admin=True)
    community = await core.store.community("console", "c1")
    assert community is not None
    await core.store.leave_notice(community.id, Notice(NoticeKind.SCHEDULE_INVALID, {}))
    reply = await say(core, "/safety-admin schedule", admin=True)  # the console sends no locale
    assert reply.language == "de"
    assert reply.notice == catalogue.texts.get("notices.schedule-invalid", "de")
    assert reply.notice != catalogue.texts.get("notices.schedule-invalid", "en")
