"""Scheduled posts to a Telegram group, each failure kind, migration to a supergroup, and removal."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.adapters.telegram import Telegram
from bot.app import App
from bot.core.messaging import DeliveryFailure, Destination, FailureKind
from bot.core.models import Reply
from tests.adapters.telegram.conftest import ADMIN, GROUP, deliver, payload
from tests.adapters.telegram.fake_telegram import FakeTelegram
from tests.conftest import Clock

NEW_GROUP = -1009876543210


async def _set_up(telegram: Telegram, state: FakeTelegram, chat: int = GROUP) -> None:
    state.members[(str(chat), str(ADMIN))] = "creator"
    data = payload("group_command", "/safety_admin setup daily 18:00 Europe/London parents", user=ADMIN)
    data["message"]["chat"]["id"] = chat
    await deliver(telegram, data)


async def test_setup_then_the_scheduled_tip_is_posted_in_the_group(
    telegram: Telegram, fake: tuple[FakeTelegram, str], app: App, clock: Clock
) -> None:
    """Daily at 18:00 London: the tick at 18:00 posts one tip to the group, and only one."""
    state, _ = fake
    await _set_up(telegram, state)
    before = len(state.sent(GROUP))
    clock.now = dt.datetime(2026, 11, 30, 18, 0, 30, tzinfo=dt.UTC)  # 18:00 in London in winter
    assert app.delivery is not None
    report = await app.delivery.tick()
    assert report.sent == 1
    posts = state.sent(GROUP)[before:]
    assert len(posts) == 1 and str(posts[0]["text"]).startswith("<b>")
    assert (await app.delivery.tick()).sent == 0


@pytest.mark.parametrize(
    ("status", "description", "extra", "kind"),
    [
        (403, "Forbidden: bot was kicked from the supergroup chat", {}, FailureKind.CHANNEL_GONE),
        (403, "Forbidden: bot is not a member of the supergroup chat", {}, FailureKind.CHANNEL_GONE),
        (400, "Bad Request: not enough rights to send text messages to the chat", {}, FailureKind.NO_PERMISSION),
        (400, "Bad Request: chat not found", {}, FailureKind.CHANNEL_GONE),
        (429, "Too Many Requests: retry after 7", {"retry_after": 7}, FailureKind.RATE_LIMITED),
        (502, "Bad Gateway", {}, FailureKind.TRANSIENT),
        (400, "Bad Request: can't parse entities", {}, FailureKind.REJECTED),
    ],
)
async def test_each_failure_is_mapped_to_the_core_kind(
    telegram: Telegram,
    fake: tuple[FakeTelegram, str],
    status: int,
    description: str,
    extra: dict[str, int],
    kind: FailureKind,
) -> None:
    """The Messenger turns each Bot API refusal into the failure delivery knows how to handle."""
    state, _ = fake
    state.errors[str(GROUP)] = (status, description, extra)
    with pytest.raises(DeliveryFailure) as caught:
        await telegram.messenger.send(
            Destination("telegram", str(GROUP), str(GROUP)), Reply("A tip", "Be kind."), idempotency_key="k"
        )
    assert caught.value.kind is kind
    if kind is FailureKind.RATE_LIMITED:
        assert caught.value.retry_after == 7


async def test_a_group_migrated_to_a_supergroup_keeps_its_schedule(
    telegram: Telegram, fake: tuple[FakeTelegram, str], app: App
) -> None:
    """The migration message moves the community to the new chat id with its schedule."""
    state, _ = fake
    old = -4001234
    await _set_up(telegram, state, chat=old)
    await deliver(telegram, payload("group_migrated"))
    assert await app.store.community("telegram", str(old)) is None
    moved = await app.store.community("telegram", str(NEW_GROUP))
    assert moved is not None
    assert len(await app.store.subscriptions(moved.id)) == 1


async def test_a_post_to_a_migrated_group_goes_to_the_new_chat(
    telegram: Telegram, fake: tuple[FakeTelegram, str], app: App
) -> None:
    """When Telegram answers 'upgraded to a supergroup', the post goes there and the community follows."""
    state, _ = fake
    old = -4001234
    await _set_up(telegram, state, chat=old)
    state.errors[str(old)] = (
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        {"migrate_to_chat_id": NEW_GROUP},
    )
    message_id = await telegram.messenger.send(
        Destination("telegram", str(old), str(old)), Reply("A tip", "Be kind."), idempotency_key="k"
    )
    assert message_id is not None
    assert len(state.sent(NEW_GROUP)) == 1
    assert await app.store.community("telegram", str(NEW_GROUP)) is not None


async def test_removing_the_bot_deletes_the_group_data(
    telegram: Telegram, fake: tuple[FakeTelegram, str], app: App
) -> None:
    """my_chat_member 'kicked' deletes everything stored for the group, like a Discord removal."""
    state, _ = fake
    await _set_up(telegram, state)
    assert await app.store.community("telegram", str(GROUP)) is not None
    await deliver(telegram, payload("my_chat_member_kicked"))
    assert await app.store.community("telegram", str(GROUP)) is None


async def test_forget_confirm_deletes_the_group_data(
    telegram: Telegram, fake: tuple[FakeTelegram, str], app: App
) -> None:
    """/safety_admin forget confirm by an admin deletes the group's data."""
    state, _ = fake
    await _set_up(telegram, state)
    await deliver(telegram, payload("group_command", "/safety_admin forget confirm", user=ADMIN))
    assert await app.store.community("telegram", str(GROUP)) is None


def test_a_timed_out_post_is_unconfirmed_not_resent() -> None:
    """A Bot API timeout may have posted already: it is marked unconfirmed so delivery does not post twice."""
    from telegram.error import NetworkError, TimedOut

    from bot.adapters.telegram.messenger import failure_of

    timed_out = failure_of(TimedOut())
    assert timed_out.kind is FailureKind.TRANSIENT and timed_out.unconfirmed
    refused = failure_of(NetworkError("Bad Gateway"))
    assert refused.kind is FailureKind.TRANSIENT and not refused.unconfirmed
