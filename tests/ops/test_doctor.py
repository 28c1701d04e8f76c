"""`lookout doctor`: each line ok or a problem with its fix, checked against the fake Discord and Slack APIs."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.ops.doctor import Finding, render, run_doctor
from bot.store import Database
from tests.adapters.slack.fake_slack import BOT_TOKEN, Failure, FakeSlack
from tests.adapters.telegram.fake_telegram import FakeTelegram, serving
from tests.conftest import MESSAGES
from tests.fake_discord import GOOD_TOKEN, FakeDiscord
from tests.net import closed_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def discord_api() -> AsyncIterator[FakeDiscord]:
    fake = await FakeDiscord().start()
    try:
        yield fake
    finally:
        await fake.close()


@pytest.fixture
async def slack_api() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    try:
        yield fake
    finally:
        await fake.close()


@pytest.fixture
async def telegram_api() -> AsyncIterator[tuple[FakeTelegram, str]]:
    """The fake Bot API and its base URL (what TELEGRAM_API_URL would be)."""
    async with serving() as served:
        yield served


async def migrated(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'lookout.db'}"
    db = Database(url)
    await db.upgrade()
    await db.dispose()
    return url


def settings(url: str, **values: Any) -> Settings:
    return Settings(database_url=url, messages_dir=MESSAGES, **values)


def by_area(findings: list[Finding], area: str) -> list[Finding]:
    return [f for f in findings if f.area == area]


async def test_everything_ready(tmp_path: Path, discord_api: FakeDiscord, slack_api: FakeSlack) -> None:
    """Good tokens, a migrated database and the shipped content: every line ok, and the verdict says so."""
    config = settings(
        await migrated(tmp_path),
        discord_token=GOOD_TOKEN,
        slack_bot_token=BOT_TOKEN,
        slack_app_token="xapp-1-A0LOOKOUT-test",
        slack_api_url=slack_api.base_url,
    )
    findings = await run_doctor(config, api_urls={"discord": discord_api.api_base})
    assert all(f.ok for f in findings), render(findings)
    text = render(findings)
    assert "enabled: Discord, Slack (Socket Mode, one workspace)" in text
    assert "the bot Lookout (123456789012345678)" in text
    assert "SLACK_BOT_TOKEN accepted for workspace Lookout Test (T0LOOKOUT), scopes as in the manifest" in text
    assert "reachable and migrated" in text and text.endswith("Everything checked is ready.")


async def test_a_missing_setting_is_named_with_its_fix(tmp_path: Path, slack_api: FakeSlack) -> None:
    """SLACK_BOT_TOKEN alone: a settings problem naming SLACK_APP_TOKEN and SLACK_SIGNING_SECRET."""
    config = settings(await migrated(tmp_path), slack_bot_token=BOT_TOKEN, slack_api_url=slack_api.base_url)
    [problem] = [f for f in await run_doctor(config) if not f.ok]
    assert problem.area == "settings"
    assert "SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)" in problem.detail
    assert "problem  settings" in render([problem]) and "fix: Set the missing setting" in render([problem])


async def test_an_unreachable_database_is_a_problem(tmp_path: Path) -> None:
    """PostgreSQL on a closed port: the database line is a problem that says where it looked."""
    port = closed_port()
    config = settings(f"postgresql://nobody@127.0.0.1:{port}/none")
    [database] = by_area(await run_doctor(config), "database")
    assert not database.ok and f"Cannot reach PostgreSQL at 127.0.0.1:{port}" in database.detail
    assert "LOOKOUT_DATABASE_URL" in database.fix


async def test_a_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    """A SQLite file that does not exist yet is reported (run db upgrade), and doctor does not create it."""
    config = settings(f"sqlite:///{tmp_path / 'none.db'}")
    [database] = by_area(await run_doctor(config), "database")
    assert not database.ok and "db upgrade" in database.fix
    assert not (tmp_path / "none.db").exists()


async def test_rejected_tokens_are_problems(tmp_path: Path, discord_api: FakeDiscord, slack_api: FakeSlack) -> None:
    """Discord's 401 and Slack's invalid_auth each give a problem line naming the token and how to fix it."""
    slack_api.fail("auth.test", Failure(body={"ok": False, "error": "invalid_auth"}))
    config = settings(
        await migrated(tmp_path),
        discord_token="not-the-token",
        slack_bot_token="xoxb-revoked",
        slack_signing_secret="signing",
        slack_api_url=slack_api.base_url,
    )
    findings = await run_doctor(config, api_urls={"discord": discord_api.api_base})
    [discord] = by_area(findings, "discord")
    [slack] = by_area(findings, "slack")
    assert (discord.ok, discord.detail) == (False, "Discord rejected DISCORD_TOKEN (401)")
    assert "Reset Token" in discord.fix
    assert (slack.ok, slack.detail) == (False, "Slack rejected SLACK_BOT_TOKEN (invalid_auth)")
    assert render(findings).endswith("2 problem(s) found.")


async def test_a_token_without_a_scope_is_a_problem(tmp_path: Path, slack_api: FakeSlack) -> None:
    """A bot token granted fewer scopes than the manifest asks for names the missing one."""
    slack_api.scopes = "commands,chat:write,channels:read,groups:read"
    config = settings(
        await migrated(tmp_path), slack_bot_token=BOT_TOKEN, slack_signing_secret="s", slack_api_url=slack_api.base_url
    )
    [slack] = by_area(await run_doctor(config), "slack")
    assert not slack.ok and slack.detail.endswith("lacks the scopes users:read")


@pytest.mark.slow
def test_lookout_doctor_exits_non_zero_on_a_problem(tmp_path: Path) -> None:
    """The command prints its report and exits 1 when anything is wrong (here: no database, Slack unreachable)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "LOOKOUT_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        LOOKOUT_DATABASE_URL=f"postgresql://nobody@127.0.0.1:{closed_port()}/none",
        SLACK_BOT_TOKEN="xoxb-doctor",
        SLACK_SIGNING_SECRET="signing",
        SLACK_API_URL=f"http://127.0.0.1:{closed_port()}/api/",
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "doctor"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ok       settings")
    assert any(line.startswith("problem  database") for line in lines)
    assert any(line.startswith("problem  slack") and "could not be reached" in line for line in lines)
    assert "Traceback" not in result.stderr


def test_render_puts_the_fix_under_the_problem() -> None:
    """A problem's fix is on the next line, indented under the detail."""
    text = render([Finding("content", False, "2 error(s)", "Run `lookout content check`.")])
    assert text.splitlines()[:2] == [
        "problem  content   2 error(s)",
        "                   fix: Run `lookout content check`.",
    ]


async def test_a_good_telegram_token_names_its_bot(tmp_path: Path, telegram_api: tuple[FakeTelegram, str]) -> None:
    """getMe at TELEGRAM_API_URL answers: the Telegram line is ok and names the bot."""
    fake, url = telegram_api
    config = settings(await migrated(tmp_path), telegram_bot_token=fake.token, telegram_api_url=url)
    findings = await run_doctor(config)
    [telegram] = by_area(findings, "telegram")
    assert telegram.ok and telegram.detail == "TELEGRAM_BOT_TOKEN accepted: the bot @LookoutTestBot (4242)"
    assert "enabled: Telegram" in render(findings)
    assert [c.method for c in fake.calls] == ["getMe"]


async def test_a_rejected_telegram_token_is_a_problem(tmp_path: Path, telegram_api: tuple[FakeTelegram, str]) -> None:
    """Telegram's 401 for a wrong token: a problem naming TELEGRAM_BOT_TOKEN and @BotFather."""
    _, url = telegram_api
    config = settings(await migrated(tmp_path), telegram_bot_token="4242:WRONG", telegram_api_url=url)
    [telegram] = by_area(await run_doctor(config), "telegram")
    assert (telegram.ok, telegram.detail) == (False, "Telegram rejected TELEGRAM_BOT_TOKEN (401)")
    assert "@BotFather" in telegram.fix


async def test_an_unreachable_telegram_api_is_a_problem(tmp_path: Path) -> None:
    """Nothing listening at TELEGRAM_API_URL: a problem saying where it looked."""
    url = f"http://127.0.0.1:{closed_port()}"
    config = settings(await migrated(tmp_path), telegram_bot_token="4242:TEST-TOKEN", telegram_api_url=url)
    [telegram] = by_area(await run_doctor(config), "telegram")
    assert not telegram.ok and f"could not be reached at {url}" in telegram.detail
    assert "TELEGRAM_API_URL" in telegram.fix
