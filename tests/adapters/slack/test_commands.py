"""/safety and /safety-admin through bolt: signed requests in, response-URL answers out."""

from __future__ import annotations

import json

from slack_bolt.async_app import AsyncApp

from bot.app import App

from .conftest import all_text, dispatch, slash_body
from .fake_slack import Failure, FakeSlack


async def test_report_gb_is_acknowledged_at_once_and_answered_privately(bolt: AsyncApp, fake: FakeSlack) -> None:
    """/safety report GB: an empty 200 ack, then an ephemeral answer with 999 first and the CEOP route."""
    response = await dispatch(bolt, slash_body("slash_command_report.urlencoded", fake))
    assert response.status == 200
    assert response.body == ""
    answer = await fake.next_response()
    assert answer["response_type"] == "ephemeral"
    assert answer["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Report a worry: United Kingdom"},
    }
    first_section = answer["blocks"][1]["text"]["text"]
    assert "999" in first_section and "immediate danger" in first_section
    assert "CEOP" in all_text(answer["blocks"])
    assert "Report a worry" in answer["text"]


async def test_tip_is_posted_in_the_channel(bolt: AsyncApp, fake: FakeSlack) -> None:
    """/safety tip is for everyone: the answer goes in the channel, with a source footer."""
    await dispatch(bolt, slash_body("slash_command_report.urlencoded", fake, text="tip"))
    answer = await fake.next_response()
    assert answer["response_type"] == "in_channel"
    assert answer["blocks"][-1]["type"] == "context"
    assert "Sources:" in answer["blocks"][-1]["elements"][0]["text"]


async def test_typed_mentions_cannot_ping(bolt: AsyncApp, fake: FakeSlack) -> None:
    """Text a person typed comes back escaped: no <!channel>, <!here> or <@U…> can form."""
    typed = "<!channel> <!here> <@U0ADMIN> @everyone"
    await dispatch(bolt, slash_body("slash_command_report.urlencoded", fake, text=typed))
    answer = await fake.next_response()
    text = all_text(answer)
    assert answer["response_type"] == "ephemeral"
    assert "<!" not in text and "<@" not in text
    assert "!channel" in text  # the core drops the brackets before any renderer sees it
    assert "@everyone" not in text  # defused with a word joiner after the @


async def test_member_cannot_change_settings(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """A member running /safety-admin setup gets the core's kind refusal and nothing is stored."""
    body = slash_body("slash_command_admin_setup.urlencoded", fake, user_id="U0MEMBER")
    await dispatch(bolt, body)
    answer = await fake.next_response()
    assert answer["response_type"] == "ephemeral"
    assert answer["blocks"][0]["text"]["text"] == "For admins only"
    assert await app.store.community("slack", "T0LOOKOUT") is None


async def test_workspace_admin_sets_up_tips(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """An admin's /safety-admin setup cadence=daily time=18:00 stores a daily schedule in this channel."""
    await dispatch(bolt, slash_body("slash_command_admin_setup.urlencoded", fake))
    answer = await fake.next_response()
    assert answer["blocks"][0]["text"]["text"] == "Safety tips are set up"
    assert "<#C0PARENTS01>" in all_text(answer["blocks"])  # shown as a channel link
    community = await app.store.community("slack", "T0LOOKOUT")
    assert community is not None
    [sub] = await app.store.subscriptions(community.id)
    assert (sub.channel_id, sub.cadence, sub.local_time) == ("C0PARENTS01", "daily", "18:00")


async def test_owner_counts_as_admin(bolt: AsyncApp, fake: FakeSlack) -> None:
    """A workspace owner (is_owner) may run admin commands."""
    await dispatch(bolt, slash_body("slash_command_admin_setup.urlencoded", fake, user_id="U0OWNER"))
    answer = await fake.next_response()
    assert answer["blocks"][0]["text"]["text"] == "Safety tips are set up"


async def test_configured_admin_list_grants_admin(app: App, fake: FakeSlack) -> None:
    """Someone in SLACK_ADMIN_USER_IDS may run admin commands even if Slack says they are a member."""
    from bot.adapters.slack import build_slack

    app.settings = app.settings.model_copy(update={"slack_admin_user_ids": ["U0MEMBER"]})
    slack = build_slack(app)
    try:
        await dispatch(slack.bolt, slash_body("slash_command_admin_setup.urlencoded", fake, user_id="U0MEMBER"))
        answer = await fake.next_response()
    finally:
        await slack.close()
    assert answer["blocks"][0]["text"]["text"] == "Safety tips are set up"


async def test_users_info_failure_means_member(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """If users.info fails (no users:read, outage), an admin command is refused, not crashed, saying why."""
    fake.fail("users.info", Failure(body={"ok": False, "error": "missing_scope"}))
    await dispatch(bolt, slash_body("slash_command_admin_setup.urlencoded", fake))
    answer = await fake.next_response()
    assert answer["blocks"][0]["text"]["text"] == "I couldn't check your role"
    assert await app.store.community("slack", "T0LOOKOUT") is None


async def test_admin_lookups_are_cached(bolt: AsyncApp, fake: FakeSlack) -> None:
    """Two commands from the same person cost one users.info call."""
    await dispatch(bolt, slash_body("slash_command_report.urlencoded", fake, response_id="1"))
    await fake.next_response(1)
    await dispatch(bolt, slash_body("slash_command_report.urlencoded", fake, response_id="2", text="signs"))
    await fake.next_response(2)
    assert len(fake.calls_to("users.info")) == 1


async def test_member_locale_picks_their_countrys_routes(bolt: AsyncApp, fake: FakeSlack) -> None:
    """/safety report without a country uses the person's Slack locale (en-US: 911 and the CyberTipline)."""
    fake.add_user("U0MEMBER", locale="en-US")
    await dispatch(bolt, slash_body("slash_command_report.urlencoded", fake, text="report"))
    answer = await fake.next_response()
    assert "911" in answer["blocks"][1]["text"]["text"]
    assert "CyberTipline" in all_text(answer["blocks"])


async def test_org_wide_install_uses_the_enterprise_as_community(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """In an org-wide (Enterprise Grid) install the community is the organisation, not the workspace."""
    await dispatch(bolt, slash_body("slash_command_enterprise_tip.urlencoded", fake))
    await fake.next_response()
    assert await app.store.community("slack", "E0LOOKOUT") is not None
    assert await app.store.community("slack", "T0GRIDTEAM") is None


async def test_unknown_subcommand_gets_help(bolt: AsyncApp, fake: FakeSlack) -> None:
    """/safety dance: a private usage reply listing the commands, not an error from Slack."""
    await dispatch(bolt, slash_body("slash_command_report.urlencoded", fake, text="dance"))
    answer = await fake.next_response()
    assert answer["response_type"] == "ephemeral"
    assert answer["blocks"][0]["text"]["text"] == "Lookout commands"
    assert "is not a /safety command" in all_text(answer["blocks"])


async def test_setup_reads_a_channel_slack_escaped(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """Slack sends a typed #channel as <#C…|name> (should_escape): setup stores that channel's ID."""
    body = slash_body(
        "slash_command_admin_setup.urlencoded", fake, text="setup <#C0TIPS0001|safety-tips> Europe/London"
    )
    await dispatch(bolt, body)
    answer = await fake.next_response()
    assert answer["blocks"][0]["text"]["text"] == "Safety tips are set up"
    community = await app.store.community("slack", "T0LOOKOUT")
    assert community is not None
    [sub] = await app.store.subscriptions(community.id)
    assert (sub.channel_id, sub.timezone) == ("C0TIPS0001", "Europe/London")


async def test_an_unexpected_failure_still_gets_a_kind_answer(
    bolt: AsyncApp, fake: FakeSlack, app: App, monkeypatch
) -> None:
    """If answering fails unexpectedly, the person still gets the private 'sorry' with the emergency advice."""

    async def broken(*_args: object, **_kwargs: object) -> None:
        raise ConnectionError("database went away")

    monkeypatch.setattr(app.core, "handle_text", broken)
    await dispatch(bolt, slash_body("slash_command_report.urlencoded", fake))
    answer = await fake.next_response()
    assert answer["response_type"] == "ephemeral"
    assert "Sorry, something went wrong" in all_text(answer["blocks"])
    assert "emergency number" in all_text(answer["blocks"])


async def test_setup_where_lookout_is_not_a_member_says_invite(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """conversations.info says is_member false: the reply starts with /invite @Lookout there; settings are kept."""
    fake.channels["C0TIPS0001"] = {"is_channel": True, "is_member": False}
    body = slash_body("slash_command_admin_setup.urlencoded", fake, text="setup <#C0TIPS0001|safety-tips>")
    await dispatch(bolt, body)
    answer = await fake.next_response()
    assert answer["response_type"] == "ephemeral"
    assert answer["blocks"][0]["text"]["text"] == "Saved, but I can't post there yet"
    first = answer["blocks"][1]["text"]["text"]
    assert "Type `/invite @Lookout` in <#C0TIPS0001>" in first
    assert [c.params["channel"] for c in fake.calls_to("conversations.info")] == ["C0TIPS0001"]
    community = await app.store.community("slack", "T0LOOKOUT")
    assert community is not None
    [sub] = await app.store.subscriptions(community.id)
    assert sub.channel_id == "C0TIPS0001"


async def test_setup_without_the_read_scopes_still_saves_quietly(bolt: AsyncApp, fake: FakeSlack) -> None:
    """An install from before channels:read answers missing_scope: setup is saved with no false warning."""
    fake.fail("conversations.info", Failure(body={"ok": False, "error": "missing_scope", "needed": "channels:read"}))
    body = slash_body("slash_command_admin_setup.urlencoded", fake, text="setup <#C0TIPS0001|safety-tips>")
    await dispatch(bolt, body)
    answer = await fake.next_response()
    assert answer["blocks"][0]["text"]["text"] == "Safety tips are set up"


async def test_an_unescaped_name_of_this_channel_is_read_as_its_id(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """'#parents' typed in #parents (Slack sent no link) is stored as that channel's ID."""
    body = slash_body("slash_command_admin_setup.urlencoded", fake, text="setup #parents Europe/London")
    await dispatch(bolt, body)
    answer = await fake.next_response()
    assert answer["blocks"][0]["text"]["text"] == "Safety tips are set up"
    community = await app.store.community("slack", "T0LOOKOUT")
    assert community is not None
    [sub] = await app.store.subscriptions(community.id)
    assert sub.channel_id == "C0PARENTS01"


async def test_an_unescaped_name_of_another_channel_asks_for_the_picker(
    bolt: AsyncApp, fake: FakeSlack, app: App
) -> None:
    """'#general' typed elsewhere cannot be resolved: the reply asks to pick it; nothing is stored."""
    body = slash_body("slash_command_admin_setup.urlencoded", fake, text="setup #general")
    await dispatch(bolt, body)
    answer = await fake.next_response()
    text = all_text(answer["blocks"])
    assert "I can't find the channel “general”" in text
    assert "channel picker in Lookout's App Home" in text
    assert "Nothing was changed" in text
    assert await app.store.community("slack", "T0LOOKOUT") is None


async def test_setup_with_test_yes_posts_a_test_message_in_the_channel(bolt: AsyncApp, fake: FakeSlack) -> None:
    """test=yes: one short test post goes to the chosen channel through chat.postMessage; the reply says so."""
    body = slash_body("slash_command_admin_setup.urlencoded", fake, text="setup <#C0TIPS0001|safety-tips> test=yes")
    await dispatch(bolt, body)
    answer = await fake.next_response()
    assert "I sent a short test post to <#C0TIPS0001>" in all_text(answer["blocks"])
    [post] = fake.calls_to("chat.postMessage")
    assert post.params["channel"] == "C0TIPS0001"
    assert "This is a test post from Lookout" in json.dumps(post.params)


async def test_setup_with_a_city_of_two_words(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """/safety-admin setup New York weekly 18:00 in Slack: the city is the timezone, unquoted."""
    body = slash_body("slash_command_admin_setup.urlencoded", fake, text="setup New York weekly 18:00")
    await dispatch(bolt, body)
    answer = await fake.next_response()
    assert answer["blocks"][0]["text"]["text"] == "Safety tips are set up", all_text(answer["blocks"])
    community = await app.store.community("slack", "T0LOOKOUT")
    assert community is not None
    [sub] = await app.store.subscriptions(community.id)
    assert sub.timezone == "America/New_York"
