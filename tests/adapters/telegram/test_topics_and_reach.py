"""Telegram: setup checks the bot may send in the group (getChatMember), and forum topics are channels."""

from __future__ import annotations

import datetime as dt

from bot.adapters.telegram import Telegram
from bot.app import App
from tests.adapters.telegram.conftest import ADMIN, GROUP, MEMBER, deliver, payload
from tests.adapters.telegram.fake_telegram import BOT_USER, FakeTelegram
from tests.conftest import Clock

TOPIC = 7


def _text(fake: FakeTelegram, chat: int) -> str:
    return "\n".join(str(m["text"]) for m in fake.sent(chat))


async def test_setup_where_the_bot_is_restricted_says_so_first(
    telegram: Telegram, fake: tuple[FakeTelegram, str], app: App
) -> None:
    """getChatMember says the bot may not send messages: the reply leads with it; the schedule is kept."""
    state, _ = fake
    state.members[(str(GROUP), str(ADMIN))] = "creator"
    state.members[(str(GROUP), str(BOT_USER["id"]))] = "restricted"
    await deliver(telegram, payload("group_command", "/safety_admin setup daily 18:00 Europe/London", user=ADMIN))
    answer = _text(state, ADMIN)
    assert "Saved, but I can't post there yet" in answer
    assert "This group doesn't let me send messages" in answer
    community = await app.store.community("telegram", str(GROUP))
    assert community is not None and len(await app.store.subscriptions(community.id)) == 1


async def test_setup_where_members_may_not_send_says_so(telegram: Telegram, fake: tuple[FakeTelegram, str]) -> None:
    """The bot is a plain member of a group whose members may not send: the same warning."""
    state, _ = fake
    state.members[(str(GROUP), str(ADMIN))] = "creator"
    state.permissions[str(GROUP)] = {"can_send_messages": False}
    await deliver(telegram, payload("group_command", "/safety_admin setup Europe/London", user=ADMIN))
    assert "This group doesn't let me send messages" in _text(state, ADMIN)


async def test_setup_in_a_forum_topic_posts_into_that_topic(
    telegram: Telegram, fake: tuple[FakeTelegram, str], app: App, clock: Clock
) -> None:
    """Setup typed in topic 7 schedules topic 7; the scheduled tip is sent with message_thread_id 7."""
    state, _ = fake
    state.members[(str(GROUP), str(ADMIN))] = "creator"
    await deliver(telegram, payload("group_topic_command", "/safety_admin setup daily 18:00 Europe/London", user=ADMIN))
    assert "Safety tips are set up" in _text(state, ADMIN)
    assert f"#{GROUP}:{TOPIC}" in _text(state, ADMIN) and "\u2063" not in _text(state, ADMIN)
    community = await app.store.community("telegram", str(GROUP))
    assert community is not None
    [sub] = await app.store.subscriptions(community.id)
    assert sub.channel_id == f"{GROUP}:{TOPIC}"
    # The group hears, in the same topic, that the answer went privately.
    [note] = state.sent(GROUP)
    assert note["message_thread_id"] == TOPIC
    clock.now = dt.datetime(2026, 11, 30, 18, 0, 30, tzinfo=dt.UTC)
    assert app.delivery is not None
    assert (await app.delivery.tick()).sent == 1
    post = state.sent(GROUP)[-1]
    assert post["message_thread_id"] == TOPIC and str(post["text"]).startswith("<b>")


async def test_a_public_answer_in_a_topic_stays_in_that_topic(
    telegram: Telegram, fake: tuple[FakeTelegram, str]
) -> None:
    """/safety tip asked in topic 7 is answered in topic 7, not in the group's general chat."""
    state, _ = fake
    await deliver(telegram, payload("group_topic_command", "/safety tip", user=MEMBER))
    [answer] = state.sent(GROUP)
    assert answer["message_thread_id"] == TOPIC


async def test_outside_topics_nothing_names_a_thread(telegram: Telegram, fake: tuple[FakeTelegram, str]) -> None:
    """A group without topics gets its answers with no message_thread_id."""
    state, _ = fake
    await deliver(telegram, payload("group_command", "/safety tip", user=MEMBER))
    [answer] = state.sent(GROUP)
    assert answer.get("message_thread_id") is None
