"""``lookout doctor``'s Slack lines, at ``SLACK_API_URL``.

``auth.test`` for the bot token (with its scopes against the ones Lookout asks for) and
``apps.connections.open`` for the app token.
"""

from __future__ import annotations

from typing import Any

import aiohttp

from bot.adapters.slack.installation import BOT_SCOPES
from bot.config import Settings
from bot.ops.findings import Finding, ok, problem, request_json


def summary(settings: Settings) -> str:
    """Slack with how it receives events and how many workspaces it serves."""
    modes = [m for m, on in (("Socket Mode", settings.slack_app_token), ("HTTP", settings.slack_signing_secret)) if on]
    installs = "several workspaces" if settings.slack_client_id and settings.slack_client_secret else "one workspace"
    return f"Slack ({' and '.join(modes)}, {installs})"


async def _call(http: aiohttp.ClientSession, settings: Settings, method: str, token: str) -> tuple[int, Any, Any]:
    return await request_json(
        http, "POST", settings.slack_api_url + method, headers={"Authorization": f"Bearer {token}"}
    )


def _scopes_finding(body: dict[str, Any], headers: Any) -> Finding:
    granted = {s.strip() for s in headers.get("x-oauth-scopes", "").split(",") if s.strip()}
    missing = sorted(set(BOT_SCOPES) - granted)
    where = f"workspace {body.get('team')} ({body.get('team_id')})"
    if missing:
        return problem(
            "slack",
            f"SLACK_BOT_TOKEN works for {where} but lacks the scopes {', '.join(missing)}",
            "Add them under OAuth & Permissions (or recreate the app from slack/manifest.yml) "
            "and reinstall it to the workspace.",
        )
    extra = sorted(granted - set(BOT_SCOPES))
    note = f"; more than Lookout uses: {', '.join(extra)}" if extra else ""
    return ok("slack", f"SLACK_BOT_TOKEN accepted for {where}, scopes as in the manifest{note}")


async def check(settings: Settings, http: aiohttp.ClientSession, api: str | None = None) -> list[Finding]:
    """Each Slack token set, tried once; ``api`` is unused (``SLACK_API_URL`` already says where)."""
    findings: list[Finding] = []
    try:
        if settings.slack_bot_token and not (settings.slack_client_id and settings.slack_client_secret):
            status, body, headers = await _call(
                http, settings, "auth.test", settings.slack_bot_token.get_secret_value()
            )
            if not isinstance(body, dict) or not body.get("ok"):
                error = body.get("error") if isinstance(body, dict) else f"HTTP {status}"
                findings.append(
                    problem(
                        "slack",
                        f"Slack rejected SLACK_BOT_TOKEN ({error})",
                        "Copy the Bot User OAuth Token (xoxb-…) again from the app's OAuth & Permissions page.",
                    )
                )
            else:
                findings.append(_scopes_finding(body, headers))
        if settings.slack_app_token:
            _, body, _ = await _call(
                http, settings, "apps.connections.open", settings.slack_app_token.get_secret_value()
            )
            if isinstance(body, dict) and body.get("ok"):
                findings.append(ok("slack", "SLACK_APP_TOKEN accepted: Socket Mode can connect"))
            else:
                error = body.get("error") if isinstance(body, dict) else "no answer"
                findings.append(
                    problem(
                        "slack",
                        f"Slack rejected SLACK_APP_TOKEN ({error})",
                        "Create an app-level token (xapp-…) with connections:write "
                        "on the app's Basic Information page.",
                    )
                )
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        findings.append(
            problem(
                "slack",
                f"Slack could not be reached at {settings.slack_api_url} ({type(exc).__name__})",
                "Check the network and SLACK_API_URL.",
            )
        )
    return findings
