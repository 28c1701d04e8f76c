"""The ``lookout`` command: run, console, doctor, content (check, review, links), schedule, db.

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
from bot.adapters import registry
from bot.config import Settings, SettingsError, load_settings
from bot.core.content import Catalogue, ContentError, Problem
from bot.core.schedules import (
    Schedule,
    ScheduleError,
    parse_cadence,
    parse_days,
    parse_time,
    parse_timezone,
    upcoming,
)
from bot.core.text import Texts
from bot.core.text.usage import missing_ids
from bot.ops.logs import configure_logging
from bot.store import DatabaseError

EXIT_USAGE = 2
EXIT_FAILURE = 1

NO_PLATFORMS = (
    "No Discord, Slack or Telegram credentials are set, so Lookout is opening its local console instead. "
    "Everything works here as it does on the platforms: try /safety report GB or /safety tip. "
    "To connect Discord, set DISCORD_TOKEN; for Slack, set SLACK_BOT_TOKEN with SLACK_APP_TOKEN "
    "(Socket Mode) or SLACK_SIGNING_SECRET (HTTP); for Telegram, set TELEGRAM_BOT_TOKEN. "
    "The README explains each step."
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
    review = content_sub.add_parser("review", help="what to re-read this month, by source domain, oldest first")
    review.add_argument("--dir", type=Path, help="content folder (default: LOOKOUT_MESSAGES_DIR)")
    review.add_argument("--month", help="the month to plan for, YYYY-MM (default: this month)")
    review.add_argument("--json", action="store_true", help="machine-readable output")
    links = content_sub.add_parser("links", help="open every URL: dead links, redirects, language changes")
    links.add_argument("--dir", type=Path, help="content folder (default: LOOKOUT_MESSAGES_DIR)")
    links.add_argument("--json", action="store_true", help="machine-readable output")
    links.add_argument("--concurrency", type=int, default=8, help="requests at a time (default 8)")
    links.add_argument("--timeout", type=float, default=15.0, help="seconds per request (default 15)")
    links.add_argument("--base-url", help="send every request to this server instead, keeping path and query")

    site = sub.add_parser("site", help="the printable web guide")
    site_sub = site.add_subparsers(dest="site_command", metavar="ACTION", required=True)
    site_build = site_sub.add_parser("build", help="write the static web guide to a folder")
    site_build.add_argument("out", type=Path, metavar="DIR", help="folder to write the pages to")
    site_build.add_argument("--dir", type=Path, help="content folder (default: LOOKOUT_MESSAGES_DIR)")

    sub.add_parser("doctor", help="check the settings, database, content and platform tokens")
    # Each adapter's own tools (lookout discord invite), as its plug declares them.
    for adapter in registry.adapters():
        if adapter.tools:
            tools = sub.add_parser(adapter.name, help=f"{adapter.name.capitalize()} tools")
            tools_sub = tools.add_subparsers(dest="tool", metavar="ACTION", required=True)
            for name, tool in adapter.tools.items():
                tools_sub.add_parser(name, help=tool.help)

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


def coverage_table(cat: Catalogue) -> str:
    """The per-language coverage table of ``lookout content check``: translated / total per kind."""
    table = cat.coverage()
    if not table:
        return "Translations: none yet (English only)."
    kinds = ["ui", "tips", "guides", "routes", "signs", "talk", "playbook", "advice", "emergency"]
    rows = [["language", *kinds]]
    rows += [[tag, *(f"{done}/{total}" for done, total in (table[tag][k] for k in kinds))] for tag in table]
    widths = [max(len(row[i]) for row in rows) for i in range(len(kinds) + 1)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "Translations (translated/total; English stands in for the rest):\n" + "\n".join(lines)


def _content_check(settings_dir: Path | None, as_json: bool) -> int:
    directory = settings_dir or load_settings().messages_dir
    from bot.core.content.loader import load_content

    result = load_content(directory)
    cat = result.catalogue
    code = Path(__file__).resolve().parent
    for path, line, message_id in missing_ids(cat.texts, code):
        where = str(path.relative_to(code.parent))
        result.problems.append(Problem(where, line, f"the code uses {message_id!r}, which is not in ui/en/"))
    from bot.core.commands.spec import description_ids

    for message_id in description_ids():
        if not cat.texts.has(message_id):
            needed = f"the command declarations need {message_id!r}, which is not in ui/en/commands.yaml"
            result.problems.append(Problem("bot/core/commands/spec.py", 1, needed))
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
    # The emergency-number table: every country's own number, full routes or not.
    numbered = sorted(set(cat.emergency) | {c for c, r in cat.countries.items() if r.emergency is not None})
    secondary = sum(1 for e in cat.emergency.values() if any(n.source_kind == "secondary" for n in e.numbers))
    print(f"Emergency numbers: {len(numbered)} countries ({secondary} table entries on a secondary source).")
    print(coverage_table(cat))
    if result.errors:
        print(f"{len(result.errors)} error(s), {len(result.warnings)} warning(s): the content is not ready.")
        return EXIT_FAILURE
    print(f"Content OK ({len(result.warnings)} warning(s)).")
    return 0


def _content_review(settings_dir: Path | None, month: str | None, as_json: bool) -> int:
    """Print what to re-read this month; always exits 0 (a plan, not a check)."""
    from bot.maintenance.review import plan_review, render_json, render_text

    directory = settings_dir or load_settings().messages_dir
    try:
        start = dt.date.fromisoformat(f"{month}-01") if month else dt.date.today()
    except ValueError:
        print(f"--month should look like 2027-01, not {month!r}.", file=sys.stderr)
        return EXIT_USAGE
    from bot.core.content.loader import load_content

    plan = plan_review(load_content(directory).facts, start)
    print(json.dumps(render_json(plan), indent=2) if as_json else render_text(plan))
    return 0


def _content_links(args: argparse.Namespace) -> int:
    """Open every URL in the content; exit 1 when a link is dead (redirects and languages only report)."""
    from bot.maintenance.links import check_links, render_json, render_text

    directory = args.dir or load_settings().messages_dir
    from bot.core.content.loader import load_content

    facts = load_content(directory).facts
    results = asyncio.run(
        check_links(facts, concurrency=args.concurrency, per_request_seconds=args.timeout, base_url=args.base_url)
    )
    print(json.dumps(render_json(results), indent=2) if args.json else render_text(results))
    dead = any(f.kind == "dead" for r in results for f in r.findings)
    return EXIT_FAILURE if dead else 0


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


def _english_texts() -> Texts:
    """The wording the operator tools share with the chat replies, in English (the source)."""
    from bot.core.content.loader import load_content

    return load_content(load_settings().messages_dir).catalogue.texts


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
                raise ScheduleError("timing.bad-date", typed=args.start) from exc
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
        print(exc.render(_english_texts()), file=sys.stderr)
        return EXIT_USAGE
    if not 1 <= args.count <= 100:
        print("--count must be from 1 to 100.", file=sys.stderr)
        return EXIT_USAGE
    print(f"{schedule.describe(_english_texts())}:")
    for slot in upcoming(schedule, start - dt.timedelta(microseconds=1), args.count):
        local = slot.astimezone(zone)
        print(f"  {local:%a %Y-%m-%d %H:%M} {local.tzname():<6} = {slot:%Y-%m-%d %H:%M} UTC")
    return 0


async def _console(settings: Settings, once: str | None) -> int:
    from bot.adapters.console import ConsoleAdapter

    if once is not None:
        from bot.app import build_one_shot

        # One answer needs no scheduler, and on an up-to-date SQLite file not even SQLAlchemy.
        one = await build_one_shot(settings)
        try:
            text, is_error = await ConsoleAdapter(one.core).once(once)
        finally:
            await one.close()
        print(text, end="", file=sys.stderr if is_error else sys.stdout)
        return EXIT_USAGE if is_error else 0
    from bot.app import build_app
    from bot.runtime import run_console

    # The interactive console prints scheduled tips as they fall due.
    app = await build_app(settings)
    try:
        await run_console(app, ConsoleAdapter(app.core))
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
    if not registry.enabled(settings):
        print(NO_PLATFORMS + "\n")
        return await _console(settings, None)
    return await run_platforms(settings)


async def _doctor(settings: Settings) -> int:
    from bot.ops.doctor import render, run_doctor

    findings = await run_doctor(settings)
    print(render(findings))
    return EXIT_FAILURE if any(not f.ok for f in findings) else 0


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
            if args.content_command == "review":
                return _content_review(args.dir, args.month, args.json)
            if args.content_command == "links":
                return _content_links(args)
            return _content_check(args.dir, args.json)
        if args.command == "schedule":
            return _schedule_preview(args)
        if args.command == "site":
            return _site_build(args.out, args.dir)
        settings = load_settings()
        # The console is for people at a terminal: only warnings and errors on stderr there.
        platforms = bool(registry.enabled(settings))
        level = settings.log_level if args.command in (None, "run") and platforms else "WARNING"
        configure_logging(level, settings.log_format, settings.secret_values())
        if args.command == "console":
            return asyncio.run(_console(settings, args.once))
        if args.command == "db":
            return asyncio.run(_db_upgrade(settings))
        if args.command == "doctor":
            return asyncio.run(_doctor(settings))
        tools = {adapter.name: adapter.tools for adapter in registry.adapters() if adapter.tools}
        if args.command in tools:
            return tools[args.command][args.tool].run(settings)
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
