"""``lookout doctor``: one screen for an operator, each line ok or a problem with how to fix it.

It checks the settings (which platforms are on, what is missing), the database (reachable,
migrated), the content (the loader's summary) and, over the network, each platform token:
Discord's ``users/@me`` and Slack's ``auth.test`` with the token's scopes against the ones
Lookout asks for. It never changes anything: no migration, no connection kept open.

The Discord API base is a parameter (tests point it at a local fake); the Slack one is
``SLACK_API_URL``, like every other Slack client Lookout builds.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from bot.config import Settings

DISCORD_API = "https://discord.com/api/v10"
TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class Finding:
    """One line of the report: what was checked, whether it is fine, and how to fix it if not."""

    area: str
    ok: bool
    detail: str
    fix: str = ""


def _ok(area: str, detail: str) -> Finding:
    return Finding(area, True, detail)


def _problem(area: str, detail: str, fix: str) -> Finding:
    return Finding(area, False, detail, fix)


def check_settings(settings: Settings) -> list[Finding]:
    """Which platforms are enabled, and every setting that is set without the one it needs."""
    findings = [
        _problem("settings", problem, "Set the missing setting (see .env.example).")
        for problem in settings.configuration_problems()
    ]
    enabled = []
    if settings.discord_enabled:
        enabled.append("Discord")
    if settings.slack_enabled:
        modes = [
            m for m, on in (("Socket Mode", settings.slack_app_token), ("HTTP", settings.slack_signing_secret)) if on
        ]
        installs = (
            "several workspaces" if settings.slack_client_id and settings.slack_client_secret else "one workspace"
        )
        enabled.append(f"Slack ({' and '.join(modes)}, {installs})")
    if enabled:
        findings.insert(0, _ok("settings", "enabled: " + ", ".join(enabled)))
    elif not findings:
        findings.append(_ok("settings", "no platform is configured: lookout run opens the local console"))
    return findings


def _sqlite_file_missing(backend: str, database: str | None) -> bool:
    # Connecting would create the file: an empty database is not what the operator meant.
    return backend == "sqlite" and bool(database) and database != ":memory:" and not Path(str(database)).exists()


async def check_database(settings: Settings) -> Finding:
    """Whether the database answers and has every migration applied (nothing is created or changed)."""
    from bot.store import Database, DatabaseError

    try:
        db = Database(settings.database_url)
    except DatabaseError as exc:
        return _problem("database", str(exc), "Check LOOKOUT_DATABASE_URL.")
    try:
        if _sqlite_file_missing(db.url.get_backend_name(), db.url.database):
            return _problem(
                "database",
                f"{db.description} does not exist yet",
                "Run `lookout db upgrade` (lookout run does it too).",
            )
        migrated = await db.at_head()
    except DatabaseError as exc:
        return _problem("database", str(exc), "Check LOOKOUT_DATABASE_URL and that the database is running.")
    finally:
        await db.dispose()
    if not migrated:
        return _problem("database", f"{db.description} is reachable but not migrated", "Run `lookout db upgrade`.")
    return _ok("database", f"{db.description}, reachable and migrated")


def check_content(messages_dir: Path) -> Finding:
    """The content loader's verdict, in one line."""
    from bot.core.content import load_content

    result = load_content(messages_dir)
    cat = result.catalogue
    summary = (
        f"{len(cat.tips)} tips, {len(cat.guides)} platform guides, {len(cat.countries)} route sets; "
        f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)"
    )
    if result.errors:
        return _problem("content", f"{summary}; the first: {result.errors[0]}", "Run `lookout content check` for all.")
    return _ok("content", summary)


async def _request(http: aiohttp.ClientSession, method: str, url: str, **kwargs: Any) -> tuple[int, Any, Any]:
    async with http.request(method, url, **kwargs) as resp:
        try:
            body = await resp.json(content_type=None)
        except ValueError:
            body = None
        return resp.status, body, resp.headers


async def check_discord(settings: Settings, http: aiohttp.ClientSession, api: str = DISCORD_API) -> Finding:
    """Ask Discord who the token belongs to (``GET users/@me``)."""
    assert settings.discord_token is not None  # nosec B101 - only called when Discord is enabled
    token = settings.discord_token.get_secret_value()
    try:
        status, body, _ = await _request(http, "GET", f"{api}/users/@me", headers={"Authorization": f"Bot {token}"})
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        return _problem("discord", f"Discord could not be reached ({type(exc).__name__})", "Check the network.")
    if status == 401:
        return _problem(
            "discord",
            "Discord rejected DISCORD_TOKEN (401)",
            "Copy the bot token again from the Developer Portal (Bot > Reset Token).",
        )
    if status != 200 or not isinstance(body, dict):
        return _problem("discord", f"Discord answered HTTP {status}", "Try again later.")
    return _ok("discord", f"DISCORD_TOKEN accepted: the bot {body.get('username')} ({body.get('id')})")


async def _slack(http: aiohttp.ClientSession, settings: Settings, method: str, token: str) -> tuple[int, Any, Any]:
    return await _request(http, "POST", settings.slack_api_url + method, headers={"Authorization": f"Bearer {token}"})


async def check_slack(settings: Settings, http: aiohttp.ClientSession) -> list[Finding]:
    """``auth.test`` for the bot token (with its scopes) and ``apps.connections.open`` for the app token."""
    from bot.adapters.slack.installation import BOT_SCOPES

    findings: list[Finding] = []
    try:
        if settings.slack_bot_token and not (settings.slack_client_id and settings.slack_client_secret):
            status, body, headers = await _slack(
                http, settings, "auth.test", settings.slack_bot_token.get_secret_value()
            )
            if not isinstance(body, dict) or not body.get("ok"):
                error = body.get("error") if isinstance(body, dict) else f"HTTP {status}"
                findings.append(
                    _problem(
                        "slack",
                        f"Slack rejected SLACK_BOT_TOKEN ({error})",
                        "Copy the Bot User OAuth Token (xoxb-…) again from the app's OAuth & Permissions page.",
                    )
                )
            else:
                granted = {s.strip() for s in headers.get("x-oauth-scopes", "").split(",") if s.strip()}
                missing = sorted(set(BOT_SCOPES) - granted)
                where = f"workspace {body.get('team')} ({body.get('team_id')})"
                if missing:
                    findings.append(
                        _problem(
                            "slack",
                            f"SLACK_BOT_TOKEN works for {where} but lacks the scopes {', '.join(missing)}",
                            "Add them under OAuth & Permissions (or recreate the app from slack/manifest.yml) "
                            "and reinstall it to the workspace.",
                        )
                    )
                else:
                    extra = sorted(granted - set(BOT_SCOPES))
                    note = f"; more than Lookout uses: {', '.join(extra)}" if extra else ""
                    findings.append(
                        _ok("slack", f"SLACK_BOT_TOKEN accepted for {where}, scopes as in the manifest{note}")
                    )
        if settings.slack_app_token:
            _, body, _ = await _slack(
                http, settings, "apps.connections.open", settings.slack_app_token.get_secret_value()
            )
            if isinstance(body, dict) and body.get("ok"):
                findings.append(_ok("slack", "SLACK_APP_TOKEN accepted: Socket Mode can connect"))
            else:
                error = body.get("error") if isinstance(body, dict) else "no answer"
                findings.append(
                    _problem(
                        "slack",
                        f"Slack rejected SLACK_APP_TOKEN ({error})",
                        "Create an app-level token (xapp-…) with connections:write "
                        "on the app's Basic Information page.",
                    )
                )
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        findings.append(
            _problem(
                "slack",
                f"Slack could not be reached at {settings.slack_api_url} ({type(exc).__name__})",
                "Check the network and SLACK_API_URL.",
            )
        )
    return findings


async def run_doctor(settings: Settings, *, discord_api: str = DISCORD_API) -> list[Finding]:
    """Every check, in the order a person would fix things."""
    findings = check_settings(settings)
    findings.append(await check_database(settings))
    findings.append(await asyncio.to_thread(check_content, settings.messages_dir))
    if settings.discord_token or settings.slack_bot_token or settings.slack_app_token:
        timeout = aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            if settings.discord_token:
                findings.append(await check_discord(settings, http, discord_api))
            findings.extend(await check_slack(settings, http))
    return findings


def render(findings: Sequence[Finding]) -> str:
    """The report as a person reads it: one line per check, the fix under each problem, a verdict."""
    lines = []
    for finding in findings:
        lines.append(f"{'ok' if finding.ok else 'problem':<8} {finding.area:<9} {finding.detail}")
        if not finding.ok and finding.fix:
            lines.append(f"{'':<8} {'':<9} fix: {finding.fix}")
    problems = sum(not f.ok for f in findings)
    lines.append("")
    lines.append(f"{problems} problem(s) found." if problems else "Everything checked is ready.")
    return "\n".join(lines)
