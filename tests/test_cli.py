"""The lookout command as a person runs it: one clear sentence on errors, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def lookout(
    *args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "LOOKOUT_"))}
    clean.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=clean,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_console_once_report_gb(tmp_path: Path) -> None:
    """lookout console --once "/safety report GB" prints 999 first and CEOP, exit 0, SQLite under ./data."""
    result = lookout("console", "--once", "/safety report GB", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert "999" in lines[1]
    assert "CEOP" in result.stdout
    assert (tmp_path / "data" / "lookout.db").exists()


def test_console_once_setup_with_new_york(tmp_path: Path) -> None:
    """The console takes "New York" unquoted in setup, as the help says a city works."""
    result = lookout(
        "console", "--once", "/safety-admin setup #console New York weekly mon 18:00 parents", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "America/New_York" in result.stdout and "not a timezone" not in result.stdout


# Runs one command as `lookout` does, then says on stderr whether SQLAlchemy was imported for it.
PROBE = (
    "import sys; from bot.cli import main; code = main(sys.argv[1:]); "
    "print('sqlalchemy imported:', 'sqlalchemy' in sys.modules, file=sys.stderr); sys.exit(code)"
)


def test_console_once_on_an_up_to_date_file_answers_without_sqlalchemy(tmp_path: Path) -> None:
    """After the first command made the file, a tip needs no SQLAlchemy; admin commands open it and work."""

    def once(line: str) -> subprocess.CompletedProcess[str]:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "LOOKOUT_"))}
        run = [sys.executable, "-c", PROBE, "console", "--once", line]
        return subprocess.run(run, cwd=tmp_path, env=clean, capture_output=True, text=True, timeout=120)

    first = once("/safety tip")
    assert first.returncode == 0 and "sqlalchemy imported: True" in first.stderr, first.stderr
    tips = [once("/safety tip") for _ in range(2)]
    for tip in tips:
        assert tip.returncode == 0 and "sqlalchemy imported: False" in tip.stderr, tip.stderr
    titles = {run.stdout.splitlines()[0] for run in (first, *tips)}
    assert len(titles) == 3, "the one-shot store keeps the tip history: no tip twice in a row"
    setup = once("/safety-admin setup #console Berlin weekly mon 18:00 parents")
    assert setup.returncode == 0 and "Europe/Berlin" in setup.stdout, setup.stdout + setup.stderr
    assert "sqlalchemy imported: True" in setup.stderr
    status = once("/safety-admin status")
    assert status.returncode == 0 and "#console" in status.stdout and "Europe/Berlin" in status.stdout, status.stdout
    report = once("/safety report")
    assert report.returncode == 0 and "Germany" in report.stdout.splitlines()[0].title(), report.stdout
    assert "sqlalchemy imported: False" in report.stderr


def test_console_once_usage_error_is_non_zero(tmp_path: Path) -> None:
    """A command that does not exist exits non-zero with the help on stderr."""
    result = lookout("console", "--once", "/safety frobnicate", cwd=tmp_path)
    assert result.returncode == 2
    assert "not a /safety command" in result.stderr


def test_run_without_tokens_explains_and_opens_console(tmp_path: Path) -> None:
    """lookout run with no tokens says so in one paragraph and opens the console."""
    result = lookout("run", cwd=tmp_path, stdin="/safety report US\nquit\n")
    assert result.returncode == 0, result.stderr
    assert "No Discord, Slack or Telegram credentials are set" in result.stdout
    assert "911" in result.stdout


def test_half_a_slack_setup_names_what_is_missing(tmp_path: Path) -> None:
    """SLACK_BOT_TOKEN alone: run names SLACK_APP_TOKEN and SLACK_SIGNING_SECRET, exit 2, no console."""
    result = lookout("run", cwd=tmp_path, env={"SLACK_BOT_TOKEN": "xoxb-half-a-setup"}, stdin="quit\n")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "SLACK_BOT_TOKEN is set, but Slack also needs SLACK_APP_TOKEN (Socket Mode) "
        "or SLACK_SIGNING_SECRET (HTTP mode)."
    )
    assert "console" not in result.stdout and "lookout>" not in result.stdout


def test_malformed_setting_is_one_sentence(tmp_path: Path) -> None:
    """A bad timezone setting: one sentence naming it, exit 2, no traceback."""
    result = lookout("console", "--once", "/safety tip", cwd=tmp_path, env={"LOOKOUT_DEFAULT_TIMEZONE": "Mars/Base"})
    assert result.returncode == 2
    assert "LOOKOUT_DEFAULT_TIMEZONE" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_database_is_one_sentence(tmp_path: Path) -> None:
    """An unreachable database: one sentence, exit 1, no traceback."""
    url = "postgresql://nobody@127.0.0.1:1/none"
    result = lookout("db", "upgrade", cwd=tmp_path, env={"LOOKOUT_DATABASE_URL": url})
    assert result.returncode == 1
    assert "Cannot reach PostgreSQL at 127.0.0.1:1" in result.stderr and "Traceback" not in result.stderr


def test_malformed_content_is_one_sentence(tmp_path: Path) -> None:
    """A broken content folder: the first problem with file and line, exit 1."""
    messages = tmp_path / "messages"
    (messages / "tips").mkdir(parents=True)
    (messages / "tips" / "bad.md").write_text("---\nid: [oops\n---\nbody\n")
    result = lookout("console", "--once", "/safety tip", cwd=tmp_path, env={"LOOKOUT_MESSAGES_DIR": str(messages)})
    assert result.returncode == 1
    assert "bad.md:" in result.stderr and "Traceback" not in result.stderr


def test_a_changed_translation_is_seen_on_the_next_start(tmp_path: Path) -> None:
    """The cached content is not served once a German file changes: the next answer has the new words."""
    messages = tmp_path / "messages"
    shutil.copytree(ROOT / "messages", messages)
    env = {
        "LOOKOUT_MESSAGES_DIR": str(messages),
        "LOOKOUT_CONTENT_CACHE_DIR": str(tmp_path / "cache"),
        "LOOKOUT_DEFAULT_LANGUAGE": "de",
    }
    first = lookout("console", "--once", "/safety signs", cwd=tmp_path, env=env)
    assert first.returncode == 0, first.stderr
    assert "WARNSIGNALE FÜR GROOMING" in first.stdout
    signs = messages / "de" / "signs.yaml"
    signs.write_text(signs.read_text(encoding="utf-8").replace("title: Warnsignale für", "title: Alarmzeichen für", 1))
    again = lookout("console", "--once", "/safety signs", cwd=tmp_path, env=env)
    assert again.returncode == 0, again.stderr
    assert "ALARMZEICHEN FÜR GROOMING" in again.stdout and "WARNSIGNALE" not in again.stdout


def test_a_broken_translation_is_refused_with_the_checks_message(tmp_path: Path) -> None:
    """A German number that differs from English stops a German answer with the check's first error."""
    messages = tmp_path / "messages"
    shutil.copytree(ROOT / "messages", messages)
    env = {"LOOKOUT_MESSAGES_DIR": str(messages), "LOOKOUT_CONTENT_CACHE_DIR": str(tmp_path / "cache")}
    assert lookout("console", "--once", "/safety signs", cwd=tmp_path, env=env).returncode == 0
    signs = messages / "de" / "signs.yaml"
    signs.write_text(signs.read_text(encoding="utf-8").replace("title: Warnsignale für", "title: 3 Warnsignale für", 1))
    check = lookout("content", "check", "--dir", str(messages), cwd=tmp_path)
    first = next(line for line in check.stdout.splitlines() if "de/signs.yaml" in line)
    assert "numbers differ" in first
    refused = lookout("console", "--once", "/safety signs", cwd=tmp_path, env={**env, "LOOKOUT_DEFAULT_LANGUAGE": "de"})
    assert refused.returncode == 1
    assert f"the first is {first}" in refused.stderr and "lookout content check" in refused.stderr
    # An English answer does not need German, and is not stopped by it.
    english = lookout("console", "--once", "/safety signs", cwd=tmp_path, env=env)
    assert english.returncode == 0 and "WARNING SIGNS OF GROOMING" in english.stdout


def test_content_check_prints_summary(tmp_path: Path) -> None:
    """lookout content check passes on the shipped content and prints counts."""
    result = lookout("content", "check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "Content OK" in result.stdout and "platform guides" in result.stdout


def test_db_upgrade_creates_the_sqlite_file(tmp_path: Path) -> None:
    """lookout db upgrade creates and migrates the database."""
    url = f"sqlite:///{tmp_path / 'x' / 'l.db'}"
    result = lookout("db", "upgrade", cwd=tmp_path, env={"LOOKOUT_DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x" / "l.db").exists()


@pytest.mark.parametrize("args", [["--version"], ["schedule", "preview", "--timezone", "Nowhere/Land"]])
def test_version_and_bad_preview(tmp_path: Path, args: list[str]) -> None:
    """--version works; a bad timezone in preview is a usage error."""
    result = lookout(*args, cwd=tmp_path)
    if args == ["--version"]:
        assert result.returncode == 0 and result.stdout.startswith("lookout ")
    else:
        assert result.returncode == 2 and "Europe/London" in result.stderr
