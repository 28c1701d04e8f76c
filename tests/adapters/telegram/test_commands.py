"""Telegram transcripts: every command as a member and an admin, in a group and in a private chat."""

from __future__ import annotations

import pytest

from bot.adapters.telegram import Telegram
from bot.app import App
from tests.adapters.telegram.conftest import ADMIN, GROUP, MEMBER, deliver, payload
from tests.adapters.telegram.fake_telegram import FakeTelegram
from tests.conftest import Clock


def _text(fake: FakeTelegram, chat: int) -> str:
    return "\n".join(str(m["text"]) for m in fake.sent(chat))


async def test_report_in_a_private_chat_answers_there_emergency_first(
    telegram: Telegram, fake: tuple[FakeTelegram, str]
) -> None:
    """/safety report GB in a private chat: 999 first, HTML, route buttons under the answer."""
    state, _ = fake
    await deliver(telegram, payload("private_command", "/safety report GB", user=MEMBER))
    sent = state.sent(MEMBER)
    assert sent, state.methods()
    first = str(sent[0]["text"])
    assert first.startswith("<b>")
    assert first.index("999") < first.index("CEOP")
    assert sent[0]["parse_mode"] == "HTML"
    buttons = [b for row in sent[-1]["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons and all(b["url"].startswith("https://") for b in buttons)


async def test_private_answer_asked_in_a_group_goes_to_the_person(
    telegram: Telegram, fake: tuple[FakeTelegram, str]
) -> None:
    """In a group, /safety report is sent privately; the group only hears where it went."""
    state, _ = fake
    await deliver(telegram, payload("group_command", "/safety@LookoutTestBot report GB sextortion", user=MEMBER))
    assert "999" in _text(state, MEMBER)
    group = _text(state, GROUP)
    assert "private chat" in group
    assert "999" not in group and "CEOP" not in group


async def test_private_answer_when_the_bot_may_not_write_yet_offers_a_deep_link(
    telegram: Telegram, fake: tuple[FakeTelegram, str]
) -> None:
    """If the person never started the bot, the group gets a button that opens the private chat."""
    state, _ = fake
    state.errors[str(MEMBER)] = (403, "Forbidden: bot can't initiate conversation with a user", {})
    await deliver(telegram, payload("group_command", "/safety signs", user=MEMBER))
    group = state.sent(GROUP)
    assert len(group) == 1
    buttons = [b for row in group[0]["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == [{"text": "Open a private chat with Lookout", "url": "https://t.me/LookoutTestBot?start=signs"}]
    assert "Warning signs" not in str(group[0]["text"])


async def test_deep_link_start_answers_the_private_command(telegram: Telegram, fake: tuple[FakeTelegram, str]) -> None:
    """Pressing Start from the deep link answers /safety report in the private chat."""
    state, _ = fake
    await deliver(telegram, payload("private_command", "/start report", user=MEMBER))
    assert "immediate danger" in _text(state, MEMBER)


@pytest.mark.parametrize("line", ["/start", "/help", "/safety", "/safety help"])
async def test_start_and_help_answer_with_the_commands(
    telegram: Telegram, fake: tuple[FakeTelegram, str], line: str
) -> None:
    """/start and /help show the help, with the admin group written the Telegram way."""
    state, _ = fake
    await deliver(telegram, payload("private_command", line, user=MEMBER))
    text = _text(state, MEMBER)
    assert "/safety report" in text
    assert "/safety_admin" in text and "/safety-admin" not in text


async def test_public_answers_stay_in_the_group(
    telegram: Telegram, fake: tuple[FakeTelegram, str], clock: Clock
) -> None:
    """/safety tip and /safety talk are posted in the group for everyone (a minute apart: no flooding)."""
    state, _ = fake
    await deliver(telegram, payload("group_command", "/safety tip", user=MEMBER))
    clock.advance(seconds=61)
    await deliver(telegram, payload("group_command", "/safety talk 9", user=MEMBER))
    assert len(state.sent(GROUP)) >= 2
    assert state.sent(MEMBER) == []


async def test_a_second_public_answer_within_the_minute_goes_to_the_person(
    telegram: Telegram, fake: tuple[FakeTelegram, str]
) -> None:
    """Two public answers in a row: the second reaches the person privately, saying why; the group hears where."""
    state, _ = fake
    await deliver(telegram, payload("group_command", "/safety tip", user=MEMBER))
    await deliver(telegram, payload("group_command", "/safety talk 9", user=MEMBER))
    assert "less than a minute ago" in _text(state, MEMBER)
    assert "Conversation starters" not in _text(state, GROUP)


async def test_member_cannot_change_settings(telegram: Telegram, fake: tuple[FakeTelegram, str], app: App) -> None:
    """A member gets the kind refusal (privately) and nothing is stored."""
    state, _ = fake
    await deliver(telegram, payload("group_command", "/safety_admin setup daily 18:00", user=MEMBER))
    assert "For admins only" in _text(state, MEMBER)
    assert await app.store.community("telegram", str(GROUP)) is None


async def test_admin_sets_up_tips_for_the_group(telegram: Telegram, fake: tuple[FakeTelegram, str], app: App) -> None:
    """The group's creator runs setup; the schedule is stored for the group's chat id."""
    state, _ = fake
    state.members[(str(GROUP), str(ADMIN))] = "creator"
    await deliver(telegram, payload("group_command", "/safety_admin setup daily 18:00 Europe/London", user=ADMIN))
    assert "set up" in _text(state, ADMIN)
    community = await app.store.community("telegram", str(GROUP))
    assert community is not None
    [sub] = await app.store.subscriptions(community.id)
    assert sub.channel_id == str(GROUP) and sub.cadence == "daily"


async def test_an_administrator_counts_as_admin_and_is_cached(
    telegram: Telegram, fake: tuple[FakeTelegram, str]
) -> None:
    """getChatMember says administrator; two commands in a row ask Telegram once."""
    state, _ = fake
    state.members[(str(GROUP), str(ADMIN))] = "administrator"
    await deliver(telegram, payload("group_command", "/safety_admin schedule", user=ADMIN))
    await deliver(telegram, payload("group_command", "/safety_admin schedule", user=ADMIN))
    assert state.methods().count("getChatMember") == 1
    assert "For admins only" not in _text(state, ADMIN)


async def test_in_a_private_chat_the_person_is_the_admin(telegram: Telegram, fake: tuple[FakeTelegram, str]) -> None:
    """In a private chat the person manages their own chat; Telegram is not asked."""
    state, _ = fake
    await deliver(telegram, payload("private_command", "/safety_admin schedule", user=MEMBER))
    assert "getChatMember" not in state.methods()
    assert "For admins only" not in _text(state, MEMBER)


async def test_typed_text_cannot_ping_anyone(telegram: Telegram, fake: tuple[FakeTelegram, str]) -> None:
    """An echo of '@everyone' or a user link never becomes a mention or markup."""
    state, _ = fake
    await deliver(
        telegram, payload("group_command", '/safety guide @everyone <a href="tg://user?id=1">x</a>', user=MEMBER)
    )
    text = _text(state, GROUP) + _text(state, MEMBER)
    assert "@everyone" not in text
    assert "tg://" not in text and "<a " not in text


async def test_a_german_telegram_app_reads_the_answer_in_german(
    telegram: Telegram, fake: tuple[FakeTelegram, str]
) -> None:
    """Telegram's language_code "de" is the reader's locale: /safety report DE reads in German, 110 first."""
    state, _ = fake
    update = payload("private_command", "/safety report DE", user=MEMBER)
    update["message"]["from"]["language_code"] = "de"
    await deliver(telegram, update)
    first = str(state.sent(MEMBER)[0]["text"])
    assert "Eine Sorge melden: Deutschland" in first
    assert "110" in first and "Wenn ein Kind in akuter Gefahr ist" in first
