"""App Home: settings for admins that change the same store as the commands; help and routes for members."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.models.views import View

from bot.app import App
from bot.core.content import Catalogue

from .conftest import all_text, dispatch, event_body, interaction_body
from .fake_slack import Failure, FakeSlack


async def published(fake: FakeSlack, count: int = 1) -> dict[str, Any]:
    """The view of the count-th views.publish call."""
    await fake.wait_for(lambda: len(fake.calls_to("views.publish")) >= count)
    call = fake.calls_to("views.publish")[count - 1]
    view = call.params["view"]
    return json.loads(view) if isinstance(view, str) else view


def action_ids(view: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    for block in view["blocks"]:
        for element in [block.get("accessory"), block.get("element"), *block.get("elements", [])]:
            if isinstance(element, dict) and "action_id" in element:
                found.add(element["action_id"])
    return found


def action_payload(action: dict[str, Any], user: str = "U0ADMIN") -> str:
    return interaction_body(
        "block_actions_home_channel.json",
        actions=[{"block_id": "b", "action_ts": "1700000300.000400", **action}],
        user={"id": user, "username": user.lower(), "name": user.lower(), "team_id": "T0LOOKOUT"},
    )


async def test_admin_home_shows_settings_controls(bolt: AsyncApp, fake: FakeSlack) -> None:
    """An admin opening the Home sees the schedule status and every settings control, as a valid view."""
    response = await dispatch(bolt, event_body("app_home_opened.json", user="U0ADMIN"))
    assert response.status == 200
    view = await published(fake)
    assert fake.calls_to("views.publish")[0].params["user_id"] == "U0ADMIN"
    assert View(**view).to_dict()["type"] == "home"  # validates with slack_sdk.models
    assert "No schedule yet" in all_text(view)
    assert {
        "lookout_home_channel",
        "lookout_home_cadence",
        "lookout_home_time",
        "lookout_home_timezone",
        "lookout_home_audience",
        "lookout_home_region",
        "lookout_home_quiet",
        "lookout_home_pause",
        "lookout_home_resume",
        "lookout_home_preview",
        "lookout_home_post_now",
    } <= action_ids(view)


async def test_member_home_shows_help_and_their_countrys_routes(bolt: AsyncApp, fake: FakeSlack) -> None:
    """A member (locale en-GB) sees the commands and the UK reporting routes, and no settings controls."""
    await dispatch(bolt, event_body("app_home_opened.json", user="U0MEMBER"))
    view = await published(fake)
    text = all_text(view)
    assert "Lookout commands" in text
    assert "Report a worry: United Kingdom" in text and "999" in text
    assert not any(a.startswith("lookout_home_") for a in action_ids(view))
    assert len(view["blocks"]) <= 100


async def test_choosing_a_channel_sets_up_tips_there(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """Picking a channel in the admin Home runs setup: the schedule is stored and the Home says so."""
    await dispatch(bolt, interaction_body("block_actions_home_channel.json"))
    view = await published(fake)
    assert "Safety tips are set up" in all_text(view)
    community = await app.store.community("slack", "T0LOOKOUT")
    assert community is not None
    [sub] = await app.store.subscriptions(community.id)
    assert sub.channel_id == "C0TIPS0001"


async def test_changing_cadence_keeps_the_channel(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """After a channel is chosen, picking 'daily' changes only the cadence (the Home sends no channel)."""
    await dispatch(bolt, interaction_body("block_actions_home_channel.json"))
    await published(fake, 1)
    cadence = {
        "type": "static_select",
        "action_id": "lookout_home_cadence",
        "selected_option": {"value": "daily"},
    }
    await dispatch(bolt, action_payload(cadence))
    view = await published(fake, 2)
    community = await app.store.community("slack", "T0LOOKOUT")
    assert community is not None
    [sub] = await app.store.subscriptions(community.id)
    assert (sub.channel_id, sub.cadence) == ("C0TIPS0001", "daily")
    assert "every day" in all_text(view).casefold() or "daily" in all_text(view).casefold()


async def test_pause_button_pauses(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """The Pause button pauses the schedule through /safety-admin pause."""
    await dispatch(bolt, interaction_body("block_actions_home_channel.json"))
    await published(fake, 1)
    await dispatch(bolt, action_payload({"type": "button", "action_id": "lookout_home_pause"}))
    view = await published(fake, 2)
    assert "Tips paused" in all_text(view)
    community = await app.store.community("slack", "T0LOOKOUT")
    assert community is not None
    [sub] = await app.store.subscriptions(community.id)
    assert sub.paused


async def test_member_cannot_use_admin_controls(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """A crafted Home action from a member gets the core's refusal and changes nothing."""
    channel = {
        "type": "conversations_select",
        "action_id": "lookout_home_channel",
        "selected_conversation": "C0X",
    }
    await dispatch(bolt, action_payload(channel, user="U0MEMBER"))
    view = await published(fake)
    assert "For admins only" in all_text(view)
    assert await app.store.community("slack", "T0LOOKOUT") is None


async def test_bad_quiet_hours_are_refused_kindly_and_escaped(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """Typing '<!here>' as quiet hours: a kind error on the Home, escaped, and the setting unchanged."""
    await dispatch(bolt, interaction_body("block_actions_home_channel.json"))
    await published(fake, 1)
    await dispatch(
        bolt,
        action_payload({"type": "plain_text_input", "action_id": "lookout_home_quiet", "value": "<!here>"}),
    )
    view = await published(fake, 2)
    text = all_text(view)
    assert "That didn't work" in text and "Nothing was changed" in text
    assert "<!here>" not in text and "“!here” is not a range" in text  # quoted without its markup
    community = await app.store.community("slack", "T0LOOKOUT")
    assert community is not None
    [sub] = await app.store.subscriptions(community.id)
    assert sub.quiet_start is None


async def test_timezone_search_suggests_zones(bolt: AsyncApp) -> None:
    """Typing 'lond' in the timezone menu suggests Europe/London."""
    response = await dispatch(bolt, interaction_body("block_suggestion_timezone.json"))
    assert response.status == 200
    options = json.loads(response.body)["options"]
    assert {"text": {"type": "plain_text", "text": "Europe/London"}, "value": "Europe/London"} in options


async def test_link_buttons_are_acknowledged(bolt: AsyncApp, fake: FakeSlack) -> None:
    """Clicking a link button in a reply is acknowledged (no warning icon in Slack) and changes nothing."""
    response = await dispatch(
        bolt, action_payload({"type": "button", "action_id": "lookout_link_0", "url": "https://x"})
    )
    assert response.status == 200
    assert fake.calls_to("views.publish") == []


async def test_picking_a_channel_lookout_is_not_in_says_invite(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """The App Home channel picker runs the same check: not a member means /invite @Lookout, settings kept."""
    fake.channels["C0TIPS0001"] = {"is_channel": True, "is_member": False}
    await dispatch(bolt, interaction_body("block_actions_home_channel.json"))
    text = all_text(await published(fake))
    assert "Saved, but I can't post there yet" in text and "/invite @Lookout" in text
    community = await app.store.community("slack", "T0LOOKOUT")
    assert community is not None and len(await app.store.subscriptions(community.id)) == 1


async def test_a_home_control_when_the_role_check_fails_says_why(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """users.info failing on a Home control: 'couldn't check your role', not 'for admins only'."""
    fake.fail("users.info", Failure(body={"ok": False, "error": "missing_scope"}))
    await dispatch(bolt, interaction_body("block_actions_home_channel.json"))
    text = all_text(await published(fake))
    assert "I couldn't check your role" in text and "missing_scope" in text
    assert await app.store.community("slack", "T0LOOKOUT") is None


def test_home_region_picker_names_countries_in_the_readers_language(catalogue: Catalogue) -> None:
    """A German admin's App Home lists "Deutschland (DE)", not "Germany (DE)"."""
    from bot.adapters.slack.home import settings_controls

    text = str([block.to_dict() for block in settings_controls(catalogue, "de")])
    assert "Deutschland (DE)" in text and "Germany (DE)" not in text
