"""Ctrl-C at the console prompt ends the session like Ctrl-D: "Bye." and exit 0."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_ctrl_c_at_the_prompt_says_bye_and_exits_0(tmp_path: Path) -> None:
    """SIGINT while the console waits for a line prints Bye. and exits 0, with no traceback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "LOOKOUT_"))}
    env.update(LOOKOUT_DATABASE_URL=f"sqlite:///{tmp_path / 'lookout.db'}", PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, "-m", "bot", "console"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    try:
        while "Ctrl-D" not in child.stdout.readline():  # the welcome text is printed just before the prompt
            pass
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=90)
    finally:
        child.kill()
    assert child.returncode == 0, err
    assert out.strip().endswith("Bye.")
    assert "Traceback" not in err
