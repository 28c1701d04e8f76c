"""Setup checks it can post in the channel, says what is missing first, and offers a test post."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bot.core.commands.context import Defaults
from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.core.messaging import DeliveryFailure, Destination, FailureKind, Missing, PostCheck
from bot.core.models import Reply
from bot.store import Store
from tests.conftest import Clock
from tests.transcript import say


@dataclass
class FakePoster:
    """Answers can_post from a table and records test posts."""

    checks: dict[str, PostCheck] = field(default_factory=dict)
    posted: list[tuple[Destination, Reply]] = field(default_factory=list)
    fail_with: FailureKind | None = None

    async def post_now(self, subscription_id: int) -> str:
        raise AssertionError("setup never posts a tip")

    async def can_post(self, destination: Destination) -> PostCheck:
        return self.checks.get(destination.channel_id, PostCheck())

    async def post_test(self, destination: Destination, reply: Reply) -> None:
        if self.fail_with is not None:
            raise DeliveryFailure(self.fail_with)
        self.posted.append((destination, reply))


@pytest.fixture
def poster() -> FakePoster:
    return FakePoster()


@pytest.fixture
def core(catalogue: Catalogue, store: Store, clock: Clock, poster: FakePoster) -> Core:
    return Core(catalogue, store, defaults=Defaults(timezone="Europe/London"), clock=clock, poster=poster)


async def test_missing_permissions_come_first_and_the_settings_are_kept(core: Core, poster: FakePoster) -> None:
    """A channel the bot cannot post in: the reply leads with what is missing; the schedule is saved."""
    poster.checks["tips"] = PostCheck((Missing.SEND_MESSAGES, Missing.EMBED_LINKS))
    reply = await say(core, "/safety-admin setup #tips Europe/London", admin=True, platform="discord")
    assert reply.title == "Saved, but I can't post there yet"
    first = reply.body.split("\n\n")[0]
    assert "missing the Send Messages and Embed Links permission" in first
    assert "allow Send Messages and Embed Links for Lookout" in first
    community = await core.store.community("discord", "c1")
    assert community is not None
    assert [s.channel_id for s in await core.store.subscriptions(community.id)] == ["tips"]


async def test_slack_says_invite_when_the_bot_is_not_a_member(core: Core, poster: FakePoster) -> None:
    """On Slack a bot outside the channel is told to be invited with /invite @Lookout there."""
    poster.checks["C0TIPS0001"] = PostCheck((Missing.NOT_A_MEMBER,))
    reply = await say(core, "/safety-admin setup C0TIPS0001", admin=True, platform="slack")
    assert reply.title == "Saved, but I can't post there yet"
    assert "Type `/invite @Lookout` in" in reply.body.split("\n\n")[0]
    assert "Your settings are saved" in reply.body


async def test_a_channel_the_platform_cannot_find_is_not_saved(core: Core, poster: FakePoster) -> None:
    """A typed name no channel has: a kind refusal pointing at the picker, and nothing stored."""
    poster.checks["general"] = PostCheck((Missing.CHANNEL_GONE,))
    reply = await say(core, "/safety-admin setup #general", admin=True, platform="slack")
    assert reply.is_error
    assert "I can't find the channel “general”" in reply.body and "App Home" in reply.body
    assert await core.store.community("slack", "c1") is None


async def test_setup_offers_a_test_post_and_sends_one_when_asked(core: Core, poster: FakePoster) -> None:
    """Without test=yes the reply offers one; with it, a short test post goes to that channel."""
    offered = await say(core, "/safety-admin setup #tips", admin=True)
    assert offered.title == "Safety tips are set up"
    assert "test=yes" in offered.body and poster.posted == []
    sent = await say(core, "/safety-admin setup #tips weekly test=yes", admin=True)
    assert "I sent a short test post to" in sent.body
    [(destination, post)] = poster.posted
    assert destination == Destination("console", "c1", "tips")
    assert post.title == "Test post" and "weekly on Mon at 18:00" in post.body


async def test_no_test_post_where_the_bot_cannot_post(core: Core, poster: FakePoster) -> None:
    """A test post is not attempted into a channel known to refuse it; the reply says why."""
    poster.checks["tips"] = PostCheck((Missing.VIEW_CHANNEL,))
    reply = await say(core, "/safety-admin setup #tips test=yes", admin=True, platform="discord")
    assert "I didn't send the test post" in reply.body and poster.posted == []


async def test_a_failed_test_post_is_explained(core: Core, poster: FakePoster) -> None:
    """A test post the platform refuses is named, and the settings stay saved."""
    poster.fail_with = FailureKind.NO_PERMISSION
    reply = await say(core, "/safety-admin setup #tips test=yes", admin=True)
    assert "didn't go through (no permission)" in reply.body
    assert not reply.is_error


async def test_a_typed_word_never_becomes_the_test_option(core: Core, poster: FakePoster) -> None:
    """Positional words keep filling setup's options; only test=yes asks for a test post."""
    reply = await say(core, "/safety-admin setup #tips Europe/London weekly 18:00 parents GB mon,thu", admin=True)
    assert not reply.is_error, reply.body
    assert poster.posted == []
