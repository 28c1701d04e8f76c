"""Dates and times in admin replies read the way the reader's language writes them."""

from __future__ import annotations

import datetime as dt

from bot.core.engine import Core
from bot.core.text.dates import local_moment
from tests.conftest import Clock
from tests.transcript import say

SETUP = "/safety-admin setup #tips Europe/London weekly 18:00 parents GB"


async def test_setup_lists_the_next_posts_in_german_words(core: Core) -> None:
    """A German admin reads "Mo., 30. Nov. 2026, 18:00 GMT", not the English weekday and month."""
    reply = await say(core, SETUP, admin=True, locale="de")
    assert "- Mo., 30. Nov. 2026, 18:00 GMT" in reply.body
    assert "Mon" not in reply.body and "Nov 30" not in reply.body


async def test_english_dates_stay_english(core: Core) -> None:
    """English readers keep weekday, month and 24-hour time; en-GB puts the day before the month."""
    english = await say(core, SETUP, admin=True)
    assert "- Mon, Nov 30, 2026, 18:00 GMT" in english.body
    british = await say(core, "/safety-admin preview 1", admin=True, locale="en-GB")
    assert "Mon, 30 Nov 2026, 18:00 GMT" in british.body


async def test_preview_resume_and_status_in_french(core: Core, clock: Clock) -> None:
    """preview, resume and status all write French dates for a French admin."""
    await say(core, SETUP, admin=True)
    preview = await say(core, "/safety-admin preview 2", admin=True, locale="fr")
    assert "lun. 30 nov. 2026, 18:00 GMT" in preview.body and "lun. 7 déc. 2026, 18:00 GMT" in preview.body
    await say(core, "/safety-admin pause", admin=True)
    clock.advance(days=10)
    resumed = await say(core, "/safety-admin resume", admin=True, locale="fr")
    assert "lun. 14 déc. 2026, 18:00 GMT" in resumed.body
    status = await say(core, "/safety-admin status", admin=True, locale="fr")
    assert any("lun. 14 déc. 2026, 18:00 GMT" in f.value for f in status.fields)


def test_a_language_lookout_does_not_speak_gets_english_dates() -> None:
    """The sentence is English for a Japanese client, so its date is too (never a mix of two languages)."""
    moment = dt.datetime(2026, 12, 3, 17, 0, tzinfo=dt.UTC)
    assert local_moment(moment, "Europe/Berlin", "pt-br") == "qui., 3 de dez. de 2026 18:00 CET"
    assert local_moment(moment, "Not/AZone", "xx-yy", with_time=False) == "Thu, Dec 3, 2026"


async def test_japanese_client_reads_english_dates(core: Core) -> None:
    """Lookout has no Japanese wording: the English reply keeps English dates."""
    reply = await say(core, SETUP, admin=True, locale="ja")
    assert "Mon, Nov 30, 2026, 18:00 GMT" in reply.body
