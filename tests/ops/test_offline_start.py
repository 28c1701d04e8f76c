"""Starting without a network: a few one-line retries, no traceback, and SIGTERM still stops it in time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.net import closed_port

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("offline_child.py")


def _env(tmp_path: Path, **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "LOOKOUT_"))}
    env.update(LOOKOUT_DATABASE_URL=f"sqlite:///{tmp_path / 'lookout.db'}", LOOKOUT_HTTP_PORT="0", PYTHONPATH=str(ROOT))
    env.update(values)
    return env


def _retry_then_signal(
    command: list[str], env: dict[str, str], cwd: Path, platform: str, sig: int = signal.SIGTERM
) -> tuple[float, str]:
    """Run until the second failed attempt is logged, send ``sig``; return seconds to exit and all output."""
    child = subprocess.Popen(command, cwd=cwd, env=env, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stderr is not None
    seen: list[str] = []
    try:
        while sum(f"{platform} is unreachable" in line for line in seen) < 2:  # blocks on output, no sleeping
            line = child.stderr.readline()
            assert line, "lookout run stopped on its own:\n" + "".join(seen)
            seen.append(line)
        child.send_signal(sig)
        sent = time.monotonic()
        out, err = child.communicate(timeout=90)
        elapsed = time.monotonic() - sent
    finally:
        child.kill()
    assert child.returncode == 0, "".join(seen) + err
    return elapsed, "".join(seen) + err + out


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_socket_mode_offline_retries_quietly_and_stops_on_a_signal(tmp_path: Path, sig: int) -> None:
    """Socket Mode with Slack unreachable: one line per attempt, no traceback, exit 0 within 10 s of the signal."""
    env = _env(
        tmp_path,
        SLACK_BOT_TOKEN="xoxb-offline-test",
        SLACK_APP_TOKEN="xapp-1-offline-test",
        SLACK_API_URL=f"http://127.0.0.1:{closed_port()}/api/",
    )
    elapsed, output = _retry_then_signal([sys.executable, "-m", "bot", "run"], env, tmp_path, "Slack", sig)
    assert elapsed < 10
    assert "Traceback" not in output
    lines = output.splitlines()
    assert len(lines) <= 30, output
    attempts = [line for line in lines if "Slack is unreachable" in line]
    assert "trying again in" in attempts[0] and "(attempt 1)" in attempts[0]


@pytest.mark.slow
def test_discord_offline_is_one_sentence_per_attempt_and_stops_on_sigterm(tmp_path: Path) -> None:
    """Discord unreachable: each attempt is one sentence, never a traceback; SIGTERM ends it within 10 s."""
    env = _env(
        tmp_path,
        DISCORD_TOKEN="offline-test-token",
        LOOKOUT_TEST_DISCORD_API=f"http://127.0.0.1:{closed_port()}/api/v10",
    )
    elapsed, output = _retry_then_signal([sys.executable, str(CHILD)], env, tmp_path, "Discord")
    assert elapsed < 10
    assert "Traceback" not in output
    [first, second] = [line for line in output.splitlines() if "Discord is unreachable" in line]
    assert first.endswith("(attempt 1).") and second.endswith("(attempt 2).")
    assert "PyNaCl" not in output and "voice" not in output, "Lookout has no voice: no warning about it"
    assert len(output.splitlines()) <= 20, output


@pytest.mark.slow
def test_a_hanging_dns_lookup_does_not_delay_the_stop(tmp_path: Path) -> None:
    """While a name lookup hangs (a resolver that never answers), SIGTERM still ends the process in 10 s."""
    env = _env(
        tmp_path,
        SLACK_BOT_TOKEN="xoxb-offline-test",
        SLACK_APP_TOKEN="xapp-1-offline-test",
        SLACK_API_URL="http://slack.invalid/api/",
    )
    command = [sys.executable, str(Path(__file__).with_name("dns_hang_child.py"))]
    child = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    assert child.stderr is not None
    try:
        while not child.stderr.readline().startswith("RESOLVING slack.invalid"):  # blocks on output
            pass
        child.send_signal(signal.SIGTERM)
        sent = time.monotonic()
        _, err = child.communicate(timeout=90)
        elapsed = time.monotonic() - sent
    finally:
        child.kill()
    assert child.returncode == 0, err
    assert elapsed < 10
