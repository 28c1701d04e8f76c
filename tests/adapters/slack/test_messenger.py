"""Scheduled posts through chat.postMessage: success, every failure kind, rate limits, and admin notices."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from slack_bolt.async_app import AsyncApp

from bot.adapters.slack import Slack
from bot.app import App
from bot.core.messaging import DeliveryFailure, Destination, FailureKind
from bot.core.models import Reply
from bot.core.ports import Notice, NoticeKind

from .conftest import all_text, dispatch, slash_body
from .fake_slack import BOT_TOKEN, Failure, FakeSlack

DEST = Destination("slack", "T0LOOKOUT", "C0TIPS0001")
TIP = Reply("Talk about strangers", "Ask who they **play** with online & <!here>.", footer="Sources: example.org")


async def test_post_goes_to_the_channel_with_blocks(slack: Slack, fake: FakeSlack) -> None:
    """A scheduled tip is posted to its channel with the bot token, blocks, fallback text and no unfurls."""
    ts = await slack.messenger.send(DEST, TIP, idempotency_key="slot-1")
    [call] = fake.calls_to("chat.postMessage")
    assert ts == "1700000000.000001"
    assert call.token == BOT_TOKEN
    assert call.params["channel"] == "C0TIPS0001"
    assert call.params["blocks"][0]["text"]["text"] == "Talk about strangers"
    assert call.params["unfurl_links"] is False
    assert "<!here>" not in all_text(call.params) and "&lt;!here&gt;" in call.params["text"]


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        ("channel_not_found", FailureKind.CHANNEL_GONE),
        ("is_archived", FailureKind.CHANNEL_GONE),
        ("not_in_channel", FailureKind.NOT_IN_CHANNEL),
        ("account_inactive", FailureKind.AUTH_REVOKED),
        ("invalid_auth", FailureKind.AUTH_REVOKED),
        ("token_revoked", FailureKind.AUTH_REVOKED),
        ("missing_scope", FailureKind.NO_PERMISSION),
        ("invalid_blocks", FailureKind.REJECTED),
    ],
)
async def test_slack_errors_become_failure_kinds(slack: Slack, fake: FakeSlack, error: str, kind: FailureKind) -> None:
    """Each Slack error a post can meet becomes the delivery failure kind that tells admins what to fix."""
    fake.fail("chat.postMessage", Failure(body={"ok": False, "error": error}))
    with pytest.raises(DeliveryFailure) as caught:
        await slack.messenger.send(DEST, TIP, idempotency_key="slot-1")
    assert caught.value.kind is kind
    assert caught.value.detail == error


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the rate-limit handler's waits instead of sleeping on the wall clock."""
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(
        "slack_sdk.http_retry.builtin_async_handlers.asyncio", SimpleNamespace(sleep=fake_sleep), raising=True
    )
    return waits


async def test_one_rate_limit_is_waited_out(slack: Slack, fake: FakeSlack, slept: list[float]) -> None:
    """A 429 with Retry-After: 3 is retried once after waiting at least 3 seconds, and the post succeeds."""
    fake.fail("chat.postMessage", Failure(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "3"}))
    ts = await slack.messenger.send(DEST, TIP, idempotency_key="slot-1")
    assert ts is not None
    assert len(fake.calls_to("chat.postMessage")) == 2
    assert len(slept) == 1 and 3 <= slept[0] < 4


async def test_repeated_rate_limit_is_reported_with_retry_after(
    slack: Slack, fake: FakeSlack, slept: list[float]
) -> None:
    """Two short 429s in a row: RATE_LIMITED with Slack's Retry-After, for delivery to reschedule."""
    limited = Failure(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "3"})
    fake.fail("chat.postMessage", limited, limited)
    with pytest.raises(DeliveryFailure) as caught:
        await slack.messenger.send(DEST, TIP, idempotency_key="slot-1")
    assert caught.value.kind is FailureKind.RATE_LIMITED
    assert caught.value.retry_after == 3
    assert len(fake.calls_to("chat.postMessage")) == 2


async def test_long_rate_limit_is_not_slept_through(slack: Slack, fake: FakeSlack, slept: list[float]) -> None:
    """A 429 asking for 60 seconds goes straight back to delivery instead of holding the post asleep."""
    fake.fail("chat.postMessage", Failure(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "60"}))
    with pytest.raises(DeliveryFailure) as caught:
        await slack.messenger.send(DEST, TIP, idempotency_key="slot-1")
    assert caught.value.kind is FailureKind.RATE_LIMITED
    assert caught.value.retry_after == 60
    assert slept == [] and len(fake.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_server_errors_are_transient(slack: Slack, fake: FakeSlack, status: int) -> None:
    """A Slack 5xx (even with an HTML body) is TRANSIENT: retried later, never a crash."""
    fake.fail("chat.postMessage", Failure(status, "<html>upstream error</html>"))
    with pytest.raises(DeliveryFailure) as caught:
        await slack.messenger.send(DEST, TIP, idempotency_key="slot-1")
    assert caught.value.kind is FailureKind.TRANSIENT
    assert caught.value.kind.retryable


async def test_post_now_from_slack_posts_through_the_messenger(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """/safety-admin post-now after setup posts the next tip in the scheduled channel via chat.postMessage."""
    await dispatch(bolt, slash_body("slash_command_admin_setup.urlencoded", fake, response_id="1"))
    await fake.next_response(1)
    await dispatch(bolt, slash_body("slash_command_admin_setup.urlencoded", fake, response_id="2", text="post-now"))
    answer = await fake.next_response(2)
    assert answer["blocks"][0]["text"]["text"] == "Posted"
    [post] = fake.calls_to("chat.postMessage")
    assert post.params["channel"] == "C0PARENTS01"


async def test_post_now_failure_is_explained(bolt: AsyncApp, fake: FakeSlack) -> None:
    """If Slack says not_in_channel, the admin is told plainly instead of seeing an error."""
    fake.fail("chat.postMessage", Failure(body={"ok": False, "error": "not_in_channel"}))
    await dispatch(bolt, slash_body("slash_command_admin_setup.urlencoded", fake, response_id="1"))
    await fake.next_response(1)
    await dispatch(bolt, slash_body("slash_command_admin_setup.urlencoded", fake, response_id="2", text="post-now"))
    answer = await fake.next_response(2)
    assert answer["blocks"][0]["text"]["text"] == "That didn't work"
    assert "because I'm not a member of that channel" in all_text(answer)


async def test_notifier_refreshes_configured_admins_home(app: App, fake: FakeSlack) -> None:
    """A delivery problem is shown at the top of each configured admin's App Home."""
    from bot.adapters.slack import build_slack

    app.settings = app.settings.model_copy(update={"slack_admin_user_ids": ["U0ADMIN", "U0OWNER"]})
    slack = build_slack(app)
    await slack.notifier.notify_admins(
        "T0LOOKOUT", Notice(NoticeKind.TEXT, {"text": "I could not post in <#C0TIPS0001>: the channel is gone."})
    )
    calls = fake.calls_to("views.publish")
    assert [c.params["user_id"] for c in calls] == ["U0ADMIN", "U0OWNER"]
    view = calls[0].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["blocks"][0]["text"]["text"] == "Scheduled tips need attention"
    assert "the channel is gone" in all_text(view)


async def test_notifier_never_raises(app: App, fake: FakeSlack) -> None:
    """If Slack refuses to publish a Home, notify_admins logs and carries on to the next admin."""
    from bot.adapters.slack import build_slack

    app.settings = app.settings.model_copy(update={"slack_admin_user_ids": ["U0GONE", "U0ADMIN"]})
    slack = build_slack(app)
    fake.fail("views.publish", Failure(body={"ok": False, "error": "user_not_found"}))
    await slack.notifier.notify_admins("T0LOOKOUT", Notice(NoticeKind.TEXT, {"text": "Problem"}))
    assert [c.params["user_id"] for c in fake.calls_to("views.publish")] == ["U0GONE", "U0ADMIN"]


async def test_building_slack_registers_its_notifier(app: App) -> None:
    """Scheduled-delivery failures reach Slack admins: the factory registers the notifier with the app."""
    from bot.adapters.slack import build_slack

    built = build_slack(app)
    try:
        assert app.notifiers["slack"] is built.notifier
        assert app.messengers["slack"] is built.messenger
    finally:
        await built.close()
