"""Slack: a failed role check is explained, not refused as 'for admins only'; notices find an admin."""

from __future__ import annotations

import json

from slack_bolt.async_app import AsyncApp

from bot.adapters.slack import Slack
from bot.app import App
from bot.core.ports import Notice, NoticeKind

from .conftest import all_text, dispatch, slash_body
from .fake_slack import Failure, FakeSlack


async def test_missing_scope_on_users_info_says_the_role_could_not_be_checked(
    bolt: AsyncApp, fake: FakeSlack, app: App
) -> None:
    """users.info answers missing_scope: the reply says Lookout couldn't check the role, and why."""
    fake.fail("users.info", Failure(body={"ok": False, "error": "missing_scope", "needed": "users:read"}))
    await dispatch(bolt, slash_body("slash_command_admin_setup.urlencoded", fake, text="setup"))
    answer = await fake.next_response()
    assert answer["response_type"] == "ephemeral"
    assert answer["blocks"][0]["text"]["text"] == "I couldn't check your role"
    text = all_text(answer)
    assert "missing_scope" in text and "users:read" in text and "SLACK_ADMIN_USER_IDS" in text
    assert "For admins only" not in text
    assert await app.store.community("slack", "T0LOOKOUT") is None


async def test_a_member_whose_role_was_checked_is_still_refused_plainly(bolt: AsyncApp, fake: FakeSlack) -> None:
    """users.info worked and says member: the usual 'For admins only'."""
    await dispatch(bolt, slash_body("slash_command_admin_setup.urlencoded", fake, text="setup", user_id="U0MEMBER"))
    answer = await fake.next_response()
    assert answer["blocks"][0]["text"]["text"] == "For admins only"
    assert "Only workspace admins and owners" in all_text(answer)


async def test_without_an_installer_or_list_notices_reach_the_admins_seen(
    bolt: AsyncApp, slack: Slack, fake: FakeSlack
) -> None:
    """Single-workspace token, no SLACK_ADMIN_USER_IDS: the admin users.info confirmed gets the notice in App Home."""
    await dispatch(bolt, slash_body("slash_command_admin_setup.urlencoded", fake, text="schedule"))
    await fake.next_response()
    before = len(fake.calls_to("views.publish"))
    await slack.notifier.notify_admins("T0LOOKOUT", Notice(NoticeKind.TEXT, {"text": "I could not post."}))
    calls = fake.calls_to("views.publish")[before:]
    assert [c.params["user_id"] for c in calls] == ["U0ADMIN"]
    view = calls[0].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert "I could not post." in all_text(view)


async def test_a_member_seen_is_never_told(bolt: AsyncApp, slack: Slack, fake: FakeSlack) -> None:
    """Only admins are remembered: a member who ran /safety gets no notice."""
    await dispatch(bolt, slash_body("slash_command_report.urlencoded", fake, user_id="U0MEMBER"))
    await fake.next_response()
    await slack.notifier.notify_admins("T0LOOKOUT", Notice(NoticeKind.TEXT, {"text": "I could not post."}))
    assert fake.calls_to("views.publish") == []
