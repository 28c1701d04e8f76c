"""`lookout run` with known fake secrets: errors are logged, the secrets never are."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import bot.adapters.discord as discord_adapter
from bot.app import App
from bot.cli import main
from tests.net import closed_port

DISCORD = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB"
SIGNING = "8f742231b10e8888abcd99yyyzzz85a5"
CLIENT_SECRET = "s3cr3t-client-value-1234"
APP_TOKEN = "xapp-1-A0000-1111-abcdefabcdef"


@pytest.mark.parametrize("log_format", ["plain", "json"])
def test_platform_error_quoting_every_secret_is_logged_redacted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], log_format: str
) -> None:
    """A platform failure whose message and traceback quote every secret: logged, exit 1, secrets redacted."""

    async def failing_discord(app: App, **_: object) -> None:
        settings = app.settings
        secrets = [
            s.get_secret_value()
            for s in (
                settings.discord_token,
                settings.slack_signing_secret,
                settings.slack_client_secret,
                settings.slack_app_token,
            )
            if s
        ]
        logging.getLogger("discord.client").warning("login with %s failed", secrets[0])
        raise RuntimeError(f"gateway refused {' '.join(secrets)}")

    monkeypatch.setattr(discord_adapter, "run_discord", failing_discord)
    monkeypatch.chdir(tmp_path)
    for name, value in {
        "DISCORD_TOKEN": DISCORD,
        "SLACK_SIGNING_SECRET": SIGNING,
        "SLACK_CLIENT_ID": "1111.2222",
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_APP_TOKEN": APP_TOKEN,
        # A complete Slack setup whose Web API is a closed local port: it retries while Discord fails.
        "SLACK_API_URL": f"http://127.0.0.1:{closed_port()}/api/",
        "LOOKOUT_HTTP_PORT": "0",
        "LOOKOUT_LOG_FORMAT": log_format,
        "LOOKOUT_LOG_LEVEL": "DEBUG",
    }.items():
        monkeypatch.setenv(name, value)

    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert "gateway refused" in err and "[redacted]" in err
    for secret in (DISCORD, SIGNING, CLIENT_SECRET, APP_TOKEN):
        assert secret not in err
