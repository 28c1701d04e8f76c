"""Start-up: `lookout console --once "/safety tip"` against importing the platform libraries.

The baseline is `python -c "import discord, slack_bolt, apscheduler"` run in the same session:
the least any Lookout process that talks to the platforms pays. Each command runs in a fresh
wrapper process so that its peak RSS is its own. The same command with German as the
default language is measured against English (target: within 5%), and the shipped content
(English and every translation) against a copy with English alone: start-up must not grow with
languages (target: within 5%).

Lookout's own modules are compiled to bytecode first, as ``pip install`` does for a deployed
copy: with ``PYTHONDONTWRITEBYTECODE`` set (the Dockerfile sets it) an editable checkout would
otherwise compile every module on every run, while the libraries of the baseline never do.
"""

from __future__ import annotations

import compileall
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.record import Record, median, show

RUNS = 7
ROOT = Path(__file__).resolve().parent.parent
WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True)
elapsed = time.perf_counter() - start
if done.returncode:
    sys.exit(done.stderr.decode()[-500:])
print(json.dumps([elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))
"""


def _measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one run of ``cmd`` in a fresh wrapper process."""
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER, *cmd], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    seconds, rss_kb = json.loads(out.stdout)
    return seconds, rss_kb / 1024


def _english_only(messages: Path, out: Path) -> Path:
    """A copy of ``messages`` without any translation: no ``<locale>/``, no ``ui/<locale>/`` but English."""
    from bot.core.content.layout import language_folders, ui_languages

    skip = {folder.name for _, folder in language_folders(messages)}
    skip_ui = {folder.name for _, folder in ui_languages(messages / "ui")}
    shutil.copytree(messages, out, ignore=lambda d, names: skip if Path(d) == messages else set())
    for name in skip_ui:
        shutil.rmtree(out / "ui" / name)
    return out


def run() -> list[Record]:
    import os

    compileall.compile_dir(ROOT / "bot", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "LOOKOUT_"))}
        env["LOOKOUT_CONTENT_CACHE_DIR"] = str(cwd / "cache")
        lookout = [sys.executable, "-m", "bot", "console", "--once", "/safety tip"]
        baseline = [sys.executable, "-c", "import discord, slack_bolt, apscheduler"]
        german = {**env, "LOOKOUT_DEFAULT_LANGUAGE": "de"}
        english_only = {**env, "LOOKOUT_MESSAGES_DIR": str(_english_only(ROOT / "messages", cwd / "english-only"))}
        # The first runs create and migrate the SQLite file and fill the content cache.
        for first in (env, german, english_only):
            _measure(lookout, cwd, first)
        ours, base, ours_de, ours_en = [], [], [], []
        cases = [(ours, lookout, env), (base, baseline, env), (ours_de, lookout, german)]
        cases.append((ours_en, lookout, english_only))
        for round_ in range(RUNS):  # interleaved, so all see the same machine load
            # In turn first: none always runs right after the same other command.
            for found, cmd, cmd_env in cases[round_ % 4 :] + cases[: round_ % 4]:
                found.append(_measure(cmd, cwd, cmd_env))
    return [
        Record(
            "startup: console --once /safety tip, time",
            median([s for s, _ in ours]),
            "s",
            median([s for s, _ in base]),
            1.3,
        ),
        Record(
            "startup: console --once /safety tip, peak RSS",
            median([m for _, m in ours]),
            "MiB",
            median([m for _, m in base]),
            1.3,
        ),
        Record(
            "startup: console --once /safety tip in German vs English, time",
            median([s for s, _ in ours_de]),
            "s",
            median([s for s, _ in ours]),
            1.05,
        ),
        Record(
            "startup: console --once /safety tip, every translation vs English-only content, time",
            median([s for s, _ in ours]),
            "s",
            median([s for s, _ in ours_en]),
            1.05,
        ),
    ]


if __name__ == "__main__":
    show(run())
