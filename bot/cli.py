"""The ``lookout`` command: run, console, content check, schedule preview, db upgrade.

Every failure a person can cause (a bad setting, an unreachable database, a broken content
file) ends in one clear sentence and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import __version__
from bot.config import Settings, SettingsError, load_settings
from bot.core.content import ContentError, Problem, load_content
from bot.core.schedules import (
    Schedule,
    ScheduleError,
    parse_cadence,
    parse_days,
    parse_time,
    parse_timezone,
    upcoming,
)
from bot.core.text.usage import missing_ids
from bot.ops.logs import configure_logging
from bot.store import DatabaseError

EXIT_USAGE = 2
EXIT_FAILURE = 1

NO_PLATFORMS = (
    "No Discord or Slack credentials are set, so Lookout is opening its local console instead. "
    "Everything works here as it does on the platforms: try /safety report GB or /safety tip. "
    "To connect Discord, set DISCORD_TOKEN; for Slack, set SLACK_BOT_TOKEN with SLACK_APP_TOKEN "
    "(Socket Mode) or SLACK_SIGNING_SECRET (HTTP). The README explains each step."
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lookout", description="Online child-safety guidance for communities.")
    parser.add_argument("--version", action="version", version=f"lookout {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("run", help="start every configured platform (the console when none is)")
    console = sub.add_parser("console", help="the local console")
    console.add_argument("--once", metavar="LINE", help='answer one command and exit, e.g. "/safety report US"')

    content = sub.add_parser("content", help="content tools")
    content_sub = content.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    check = content_sub.add_parser("check", help="validate every file in messages/")
    check.add_argument("--dir", type=Path, help="content folder (default: LOOKOUT_MESSAGES_DIR)")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    schema = content_sub.add_parser("schema", help="write the JSON Schema for editors")
    schema.add_argument("--dir", type=Path, help="content folder (default: LOOKOUT_MESSAGES_DIR)")

    site = sub.add_parser("site", help="the printable web guide")
    site_sub = site.add_subparsers(dest="site_command", metavar="ACTION", required=True)
    site_build = site_sub.add_parser("build", help="write the static web guide to a folder")
    site_build.add_argument("out", type=Path, metavar="DIR", help="folder to write the pages to")
    site_build.add_argument("--dir", type=Path, help="content folder (default: LOOKOUT_MESSAGES_DIR)")

    db = sub.add_parser("db", help="database tools")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser("upgrade", help="apply database migrations")

    schedule = sub.add_parser("schedule", help="schedule tools")
    schedule_sub = schedule.add_subparsers(dest="schedule_command", metavar="ACTION", required=True)
    preview = schedule_sub.add_parser("preview", help="print the next posts of a schedule (no database needed)")
    preview.add_argument("--timezone", default="UTC")
    preview.add_argument("--cadence", default="weekly")
    preview.add_argument("--days", default="mon", help="for weekly and fortnightly, e.g. mon,thu")
    preview.add_argument("--time", default="18:00")
    preview.add_argument("--from", dest="start", help="start date YYYY-MM-DD (default: now)")
    preview.add_argument("--quiet-hours", help="e.g. 21:00-07:00")
    preview.add_argument("--count", type=int, default=5)
    return parser


def _content_check(settings_dir: Path | None, as_json: bool) -> int:
    directory = settings_dir or load_settings().messages_dir
    result = load_content(directory)
    cat = result.catalogue
    code = Path(__file__).resolve().parent
    for path, line, message_id in missing_ids(cat.texts, code):
        where = str(path.relative_to(code.parent))
        result.problems.append(Problem(where, line, f"the code uses {message_id!r}, which is not in ui/en/"))
    if as_json:
        print(json.dumps({"problems": [p.__dict__ for p in result.problems]}, indent=2))
        return EXIT_FAILURE if result.errors else 0
    for problem in result.problems:
        print(problem)
    audiences = Counter(t.audience for t in cat.tips)
    print(
        f"\n{len(cat.tips)} tips ({', '.join(f'{k}: {v}' for k, v in sorted(audiences.items()))}), "
        f"{len(cat.guides)} platform guides, {len(cat.countries)} route sets "
        f"({', '.join(sorted(cat.countries))}), {len(cat.talk)} conversation-starter sets, "
        f"signs: {'yes' if cat.signs else 'no'}, moderator playbook: {'yes' if cat.playbook else 'no'}."
    )
    routes = {code: len(c.routes) for code, c in sorted(cat.countries.items())}
    print("Routes per country: " + ", ".join(f"{k} {v}" for k, v in routes.items()))
    if result.errors:
        print(f"{len(result.errors)} error(s), {len(result.warnings)} warning(s): the content is not ready.")
        return EXIT_FAILURE
    print(f"Content OK ({len(result.warnings)} warning(s)).")
    return 0


def _write_schema(settings_dir: Path | None) -> int:
    from bot.core.content.schema import content_schema

    directory = settings_dir or load_settings().messages_dir
    path = directory / "schema.json"
    path.write_text(json.dumps(content_schema(), indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {path}")
    return 0


def _site_build(out: Path, settings_dir: Path | None) -> int:
    from bot.core.content import load_catalogue
    from bot.web import build_site

    catalogue = load_catalogue(settings_dir or load_settings().messages_dir)
    site = build_site(catalogue)
    try:
        for path, body in site.pages.items():
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
    except OSError as exc:
        print(f"Cannot write the web guide to {out} ({exc.strerror}).", file=sys.stderr)
        return EXIT_FAILURE
    countries = sum(1 for p in site.pages if p.startswith("en/report/") and not p.endswith("index.html"))
    print(
        f"Wrote {len(site.pages)} files to {out} in {len(site.languages)} language(s) "
        f"({', '.join(site.languages)}): {countries} report cards. Open {out / 'index.html'}."
    )
    return 0


def _schedule_preview(args: argparse.Namespace) -> int:
    from bot.core.schedules import parse_quiet_hours

    try:
        timezone = parse_timezone(args.timezone)
        quiet = parse_quiet_hours(args.quiet_hours) if args.quiet_hours else None
        zone = ZoneInfo(timezone)
        if args.start:
            try:
                start_day = dt.date.fromisoformat(args.start)
            except ValueError as exc:
                raise ScheduleError(f"“{args.start}” is not a date. Use YYYY-MM-DD.") from exc
            start = dt.datetime.combine(start_day, dt.time(0), tzinfo=zone)
        else:
            start = dt.datetime.now(dt.UTC)
        schedule = Schedule(
            cadence=parse_cadence(args.cadence),
            days=parse_days(args.days),
            local_time=parse_time(args.time),
            timezone=timezone,
            anchor=start.astimezone(zone).date(),
            quiet_start=quiet[0] if quiet else None,
            quiet_end=quiet[1] if quiet else None,
        )
    except ScheduleError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    if not 1 <= args.count <= 100:
        print("--count must be from 1 to 100.", file=sys.stderr)
        return EXIT_USAGE
    print(f"{schedule.describe()}:")
    for slot in upcoming(schedule, start - dt.timedelta(microseconds=1), args.count):
        local = slot.astimezone(zone)
        print(f"  {local:%a %Y-%m-%d %H:%M} {local.tzname():<6} = {slot:%Y-%m-%d %H:%M} UTC")
    return 0


async def _console(settings: Settings, once: str | None) -> int:
    from bot.adapters.console import ConsoleAdapter
    from bot.app import build_app

    # One answer needs no scheduler; the interactive console prints scheduled tips as they fall due.
    app = await build_app(settings, with_delivery=once is None)
    try:
        adapter = ConsoleAdapter(app.core)
        if once is not None:
            text, is_error = await adapter.once(once)
            print(text, end="", file=sys.stderr if is_error else sys.stdout)
            return EXIT_USAGE if is_error else 0
        from bot.runtime import run_console

        await run_console(app, adapter)
        return 0
    finally:
        await app.close()


async def _run(settings: Settings) -> int:
    from bot.runtime import run_platforms

    problems = settings.configuration_problems()
    if problems:
        # Half a platform's settings is a mistake to fix, not a reason to open the console.
        print("\n".join(problems), file=sys.stderr)
        return EXIT_USAGE
    if not (settings.discord_enabled or settings.slack_enabled):
        print(NO_PLATFORMS + "\n")
        return await _console(settings, None)
    return await run_platforms(settings)


async def _db_upgrade(settings: Settings) -> int:
    from bot.store import Database

    db = Database(settings.database_url)
    try:
        await db.upgrade()
    finally:
        await db.dispose()
    print(f"The database is up to date ({db.description}).")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``lookout`` command; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "content":
            if args.content_command == "schema":
                return _write_schema(args.dir)
            return _content_check(args.dir, args.json)
        if args.command == "schedule":
            return _schedule_preview(args)
        if args.command == "site":
            return _site_build(args.out, args.dir)
        settings = load_settings()
        # The console is for people at a terminal: only warnings and errors on stderr there.
        platforms = settings.discord_enabled or settings.slack_enabled
        level = settings.log_level if args.command in (None, "run") and platforms else "WARNING"
        configure_logging(level, settings.log_format, settings.secret_values())
        if args.command == "console":
            return asyncio.run(_console(settings, args.once))
        if args.command == "db":
            return asyncio.run(_db_upgrade(settings))
        if args.command in (None, "run"):
            return asyncio.run(_run(settings))
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except DatabaseError as exc:
        print(f"{str(exc).rstrip('.')}. Check LOOKOUT_DATABASE_URL and that the database is running.", file=sys.stderr)
        return EXIT_FAILURE
    except ContentError as exc:
        first = exc.problems[0]
        print(
            f"The content has {len(exc.problems)} error(s); the first is {first}. "
            "Run `lookout content check` to see them all.",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except Exception:
        # Through logging, so the traceback passes the secret redaction like every other line.
        logging.getLogger("lookout").exception("Lookout stopped because of an unexpected error")
        return EXIT_FAILURE
    parser.print_help()
    return EXIT_USAGE
