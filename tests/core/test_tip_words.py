"""/safety tip takes an audience typed in place of a topic, and suggests for a typo."""

from __future__ import annotations

from bot.core.content import Catalogue
from bot.core.engine import Core
from tests.transcript import say


def _audience_of(catalogue: Catalogue, title: str, locale: str | None = None) -> str:
    """The audience of the tip whose title (English or translated) the reply shows."""
    for tip in catalogue.tips:
        shown, _ = catalogue.localise(tip, locale)
        if title in (tip.title, shown.title):
            return tip.audience
    raise AssertionError(f"no tip titled {title!r}")


async def test_an_audience_alone_picks_the_audience(core: Core, catalogue: Catalogue) -> None:
    """/safety tip young-people (or moderators, teens) is a tip for them, not an unknown topic."""
    for typed, audience in (("young-people", "young-people"), ("moderators", "moderators"), ("teens", "young-people")):
        reply = await say(core, f"/safety tip {typed}")
        assert not reply.is_error, (typed, reply.body)
        assert _audience_of(catalogue, reply.title) == audience, typed


async def test_audience_and_topic_in_either_order(core: Core, catalogue: Catalogue) -> None:
    """'young-people strangers' and 'strangers young-people' are the same request."""
    for line in ("/safety tip young-people strangers", "/safety tip strangers young-people"):
        reply = await say(core, line, channel=line)
        assert not reply.is_error, reply.body
        tip = next(t for t in catalogue.tips if t.title == reply.title)
        assert tip.audience == "young-people" and "strangers" in tip.topics


async def test_translated_audience_word_picks_the_audience(core: Core, catalogue: Catalogue) -> None:
    """A German reader's 'jugendliche' (from words.yaml) is the young people's audience."""
    word = catalogue.texts.get("words.audience-young-people", "de").split(",")[0].strip()
    reply = await say(core, f"/safety tip {word}", locale="de")
    assert not reply.is_error, reply.body
    assert _audience_of(catalogue, reply.title, "de") == "young-people"


async def test_a_mistyped_topic_or_audience_gets_did_you_mean(core: Core) -> None:
    """'strangrs' suggests strangers, 'young-peple' young-people; nothing close lists the topics."""
    topic = await say(core, "/safety tip strangrs")
    assert topic.is_error and "Did you mean **strangers**? /safety tip strangers" in topic.body
    audience = await say(core, "/safety tip young-peple")
    assert audience.is_error and "Did you mean **young-people**?" in audience.body
    nothing = await say(core, "/safety tip xyzzy")
    assert nothing.is_error and "Did you mean" not in nothing.body and "voice-chat" in nothing.body
