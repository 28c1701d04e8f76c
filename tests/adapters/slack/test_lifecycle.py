"""Removing Lookout from a single workspace deletes what it stored."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.app import App

from .conftest import dispatch, event_body, slash_body
from .fake_slack import FakeSlack


async def test_uninstall_forgets_the_workspace(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """After setup, app_uninstalled deletes the community, its schedule and tip history."""
    await dispatch(bolt, slash_body("slash_command_admin_setup.urlencoded", fake))
    await fake.next_response()
    assert await app.store.community("slack", "T0LOOKOUT") is not None
    response = await dispatch(bolt, event_body("app_uninstalled.json"))
    assert response.status == 200
    assert await app.store.community("slack", "T0LOOKOUT") is None


async def test_uninstall_of_another_workspace_leaves_this_one(bolt: AsyncApp, fake: FakeSlack, app: App) -> None:
    """app_uninstalled names its workspace: another workspace's settings are untouched."""
    await app.store.ensure_community("slack", "T0LOOKOUT")
    await app.store.ensure_community("slack", "T0OTHER")
    other = event_body("app_uninstalled.json").replace('"team_id": "T0LOOKOUT"', '"team_id": "T0OTHER"')
    await dispatch(bolt, other)
    assert await app.store.community("slack", "T0OTHER") is None
    assert await app.store.community("slack", "T0LOOKOUT") is not None
