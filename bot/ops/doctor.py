"""``lookout doctor``: one screen for an operator, each line ok or a problem with how to fix it.

It checks the settings (which platforms are on, what is missing), the database (reachable,
migrated), the content (the loader's summary) and, over the network, each platform token, by
the check each adapter declares on its plug (Discord's ``users/@me``, Slack's ``auth.test``
with its scopes, Telegram's ``getMe``). It never changes anything: no migration, no
connection kept open. Tests point an adapter's API base at a local fake with ``api_urls``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from pathlib import Path

import aiohttp

from bot.adapters import registry
from bot.config import Settings
from bot.ops.findings import Finding, ok, problem

__all__ = ["Finding", "check_content", "check_database", "check_settings", "render", "run_doctor"]

TIMEOUT_SECONDS = 10.0


def check_settings(settings: Settings) -> list[Finding]:
    """Which platforms are enabled, and every setting that is set without the one it needs."""
    findings = [
        problem("settings", missing, "Set the missing setting (see .env.example).")
        for missing in settings.configuration_problems()
    ]
    enabled = sorted(
        adapter.summary(settings) if adapter.summary else adapter.name for adapter in registry.enabled(settings)
    )
    if enabled:
        findings.insert(0, ok("settings", "enabled: " + ", ".join(enabled)))
    elif not findings:
        findings.append(ok("settings", "no platform is configured: lookout run opens the local console"))
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
        return problem("database", str(exc), "Check LOOKOUT_DATABASE_URL.")
    try:
        if _sqlite_file_missing(db.url.get_backend_name(), db.url.database):
            return problem(
                "database",
                f"{db.description} does not exist yet",
                "Run `lookout db upgrade` (lookout run does it too).",
            )
        migrated = await db.at_head()
    except DatabaseError as exc:
        return problem("database", str(exc), "Check LOOKOUT_DATABASE_URL and that the database is running.")
    finally:
        await db.dispose()
    if not migrated:
        return problem("database", f"{db.description} is reachable but not migrated", "Run `lookout db upgrade`.")
    return ok("database", f"{db.description}, reachable and migrated")


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
        return problem("content", f"{summary}; the first: {result.errors[0]}", "Run `lookout content check` for all.")
    return ok("content", summary)


async def run_doctor(settings: Settings, *, api_urls: Mapping[str, str] | None = None) -> list[Finding]:
    """Every check, in the order a person would fix things; ``api_urls`` overrides a platform's API base."""
    findings = check_settings(settings)
    findings.append(await check_database(settings))
    findings.append(await asyncio.to_thread(check_content, settings.messages_dir))
    checks = [adapter for adapter in registry.adapters() if adapter.check is not None]
    if checks:
        timeout = aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            for adapter in checks:
                assert adapter.check is not None  # nosec B101 - filtered above; narrows the type
                findings.extend(await adapter.check(settings, http, (api_urls or {}).get(adapter.name)))
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
