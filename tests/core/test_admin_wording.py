"""What admins read after each /safety-admin command: each sentence says exactly what happened.

Each test is one wording fault seen in the console (issue 14), typed as an admin would type it.
"""

from __future__ import annotations

import pytest

from bot.core.commands.context import Defaults
from bot.core.engine import Core
from bot.core.messaging import Destination
from bot.core.models import Reply, show_channels
from bot.delivery.compose import TipPoster
from tests.conftest import Clock
from tests.transcript import say, text_of


async def _setup(core: Core, line: str = "/safety-admin setup #tips Europe/London weekly 18:00 parents GB") -> Reply:
    reply = await say(core, line, admin=True)
    assert not reply.is_error, reply.body
    return reply


async def test_an_age_band_reads_as_the_childrens_ages(core: Core) -> None:
    """'parents 8-10' means parents of children aged 8-10, never 'parents aged 8-10'."""
    await _setup(core)
    reply = await say(core, "/safety-admin audience parents 8-10", admin=True)
    assert show_channels(reply.body) == "Tips in #tips are now for parents of children aged 8-10."
    schedule = text_of(await say(core, "/safety-admin schedule", admin=True))
    assert "parents of children aged 8-10" in schedule


async def test_an_audience_is_named_in_words_not_as_the_option(core: Core) -> None:
    """'young-people' is what people type; the reply says 'young people'."""
    await _setup(core)
    reply = await say(core, "/safety-admin audience young-people", admin=True)
    assert show_channels(reply.body) == "Tips in #tips are now for young people."
    assert "young-people" not in text_of(await say(core, "/safety-admin schedule", admin=True))


async def test_quiet_hours_off_has_a_title_that_agrees(core: Core) -> None:
    """Turning quiet hours off is not titled 'Quiet hours set'."""
    await _setup(core)
    reply = await say(core, "/safety-admin quiet-hours off", admin=True)
    assert (reply.title, reply.body) == ("Quiet hours off", "Quiet hours are off.")


async def test_quiet_hours_over_the_posting_time_are_flagged(core: Core) -> None:
    """Quiet hours 17:00-19:00 around an 18:00 post: both quiet-hours and the next setup say so."""
    await _setup(core)
    quiet = await say(core, "/safety-admin quiet-hours 17:00-19:00", admin=True)
    assert "cover the posting time, 18:00" in quiet.body and "waits until 19:00" in quiet.body
    again = await say(core, "/safety-admin setup #tips", admin=True)
    assert "cover the posting time, 18:00" in again.body
    fine = await say(core, "/safety-admin setup #tips time=20:00", admin=True)
    assert "cover the posting time" not in fine.body


async def test_setup_without_a_timezone_says_first_which_one_it_used(catalogue, store, clock: Clock) -> None:
    """No timezone typed on a first setup: the reply opens with the zone used and how to set one."""
    core = Core(catalogue, store, defaults=Defaults(timezone="UTC"), clock=clock)
    reply = await say(core, "/safety-admin setup #tips weekly 18:00", admin=True)
    first = reply.body.split("\n\n", 1)[0]
    assert "No timezone was given, so I used UTC." in first and "/safety-admin setup Europe/London" in first
    given = await say(core, "/safety-admin setup #tips Europe/Paris", admin=True)
    assert "No timezone was given" not in given.body


@pytest.mark.parametrize("city", ["London", "New York", "Sydney"])
async def test_setup_understands_a_city_as_its_timezone(core: Core, city: str) -> None:
    """timezone=London (or New York, Sydney) is set as the IANA zone and shown as such."""
    zones = {"London": "Europe/London", "New York": "America/New_York", "Sydney": "Australia/Sydney"}
    reply = await say(core, f'/safety-admin setup #tips timezone="{city}"', admin=True)
    assert not reply.is_error, reply.body
    assert f"({zones[city]})" in reply.body


async def test_post_now_while_paused_does_not_say_the_schedule_carries_on(core: Core, clock: Clock) -> None:
    """A post-now while paused says tips are still paused, and how to resume."""
    posted: list[str] = []

    class Recording:
        async def send(self, destination: Destination, reply: Reply, *, idempotency_key: str) -> str | None:
            posted.append(reply.title)
            return "m1"

    core.poster = TipPoster(core.store, core.catalogue, {"console": Recording()}, clock)
    await _setup(core)
    running = await say(core, "/safety-admin post-now", admin=True)
    assert "carries on as before" in running.body
    await say(core, "/safety-admin pause", admin=True)
    paused = await say(core, "/safety-admin post-now", admin=True)
    assert paused.title == "Posted" and len(posted) == 2
    assert "carries on" not in paused.body and "still paused" in paused.body and "/safety-admin resume" in paused.body


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/safety-admin setup weekly daily", "I got two values for the cadence: “weekly” and “daily”."),
        ("/safety-admin setup time=7pm time=8pm", "I got two values for the time: “7pm” and “8pm”."),
        ("/safety-admin setup cadence=monthly", "“monthly” is not a cadence. Choose daily, weekdays"),
        ("/safety-admin setup audience=teens", "“teens” is not an audience. Did you mean young-people?"),
        ("/safety-admin setup audience=grandparents", "“grandparents” is not an audience. Choose parents"),
        ("/safety-admin audience teens", "“teens” is not an audience. Did you mean young-people?"),
        ("/safety-admin setup time=24:00", "“24:00” is the midnight at the end of a day, which is 00:00"),
        ("/safety-admin setup time=25:00", "“25:00” is not a time of day. Use a 24-hour time from 00:00 to 23:59"),
    ],
)
async def test_each_bad_setting_gets_its_own_specific_sentence(core: Core, line: str, expected: str) -> None:
    """A wrong value is named with what would be right, in the same style whatever the option."""
    if "setup" not in line:
        await _setup(core)
    reply = await say(core, line, admin=True)
    assert reply.is_error and expected in reply.body, reply.body
    assert "I didn't understand" not in reply.body


async def test_a_slash_alone_is_not_called_that(core: Core) -> None:
    """Typing '/' alone asks for a command; no “that” is not a Lookout command."""
    reply = await say(core, "/")
    assert "“that”" not in text_of(reply) and "Type a command such as /safety help." in reply.body


async def test_worried_but_unsure_reads_as_a_sentence(core: Core) -> None:
    """The unsure situation's heading is not 'Routes for worried but unsure:'."""
    reply = await say(core, "/safety report GB unsure")
    assert "Routes for **worried but unsure**" not in reply.body
    assert "If you are **worried but unsure**, these can help:" in reply.body


async def test_the_country_hint_is_one_sentence(core: Core) -> None:
    """Without a country: 'For your own country's routes, add it, …' (no capital mid-sentence)."""
    reply = await say(core, "/safety report")
    assert "For your own country's routes, add it, for example: /safety report CA" in reply.body
    assert ", Add" not in reply.body
