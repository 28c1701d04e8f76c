"""No flooding: one public answer per channel a minute; within it the person gets a private copy, told why."""

from __future__ import annotations

import datetime as dt

from bot.core.engine import Core
from bot.core.pace import ChannelPace
from tests.conftest import Clock
from tests.transcript import say

NOTE = "Lookout answered in this channel less than a minute ago"


async def test_a_second_public_answer_within_the_minute_is_private_and_says_why(core: Core, clock: Clock) -> None:
    """tip, then guide, in the same channel: the guide goes only to the person, with a word why."""
    first = await say(core, "/safety tip")
    assert not first.private and NOTE not in first.body
    second = await say(core, "/safety guide roblox")
    assert second.private and second.body.startswith("Only you can see this")
    assert NOTE in second.body
    third = await say(core, "/safety talk 8-10")
    assert third.private
    clock.advance(seconds=61)
    again = await say(core, "/safety talk 8-10")
    assert not again.private and NOTE not in again.body


async def test_the_limit_is_per_channel(core: Core) -> None:
    """Another channel of the same community still gets its public answer."""
    await say(core, "/safety tip", channel="general")
    other = await say(core, "/safety tip", channel="parents")
    assert not other.private


async def test_private_and_error_answers_do_not_count(core: Core) -> None:
    """A private guide, a report or a usage error leaves the channel's public answer free."""
    assert (await say(core, "/safety guide roblox private=yes")).private
    assert (await say(core, "/safety report GB")).private
    assert (await say(core, "/safety guide nosuchapp")).is_error
    assert not (await say(core, "/safety tip")).private


def test_the_pace_is_bounded_and_forgets_the_oldest_channel() -> None:
    """A pace object holds at most max_channels channels; the one answered longest ago goes first."""
    pace = ChannelPace(max_channels=2)
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    assert pace.allow(("p", "c", "a"), now) and pace.allow(("p", "c", "b"), now) and pace.allow(("p", "c", "x"), now)
    assert pace.allow(("p", "c", "a"), now)  # forgotten, so allowed again
    assert not pace.allow(("p", "c", "x"), now)


async def test_each_core_has_its_own_pace(core: Core, catalogue, store, clock: Clock) -> None:
    """Two apps (two Core objects) never share the limit: it lives on the object, not in the module."""
    await say(core, "/safety tip")
    other = Core(catalogue, store, clock=clock)
    assert not (await say(other, "/safety tip")).private


async def test_a_full_guide_answered_privately_still_fits_every_platform(core: Core, catalogue, clock: Clock) -> None:
    """The word why is added without breaking any reply limit, even to the longest guide."""
    from bot.core.limits import violations

    for guide in list(catalogue.guides):
        clock.advance(seconds=61)
        await say(core, "/safety tip")
        reply = await say(core, f"/safety guide {guide} all")
        assert reply.private and NOTE in reply.body + "".join(f.value for f in reply.fields)
        assert violations(reply) == [], guide
