"""The app manifest in the repository matches what the code handles and asks for."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.adapters.slack.installation import BOT_SCOPES
from bot.core.commands.spec import ADMIN, SAFETY

MANIFEST = Path(__file__).resolve().parents[3] / "slack" / "manifest.yml"


def test_manifest_declares_both_commands_and_only_the_scopes_used() -> None:
    """Both slash commands, exactly the OAuth scopes the install flow requests, and no chat:write.public."""
    manifest = yaml.safe_load(MANIFEST.read_text())
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert commands == {f"/{SAFETY}", f"/{ADMIN}"}
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert sorted(scopes) == sorted(BOT_SCOPES)
    assert "chat:write.public" not in scopes


def test_manifest_enables_app_home_events_and_interactivity() -> None:
    """The Home tab, the three events Lookout listens to, and interactivity for the Home controls."""
    manifest = yaml.safe_load(MANIFEST.read_text())
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events == {"app_home_opened", "app_uninstalled", "tokens_revoked"}
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["interactivity"]["message_menu_options_url"].endswith("/slack/events")
