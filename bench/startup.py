"""Start-up: `lookout console --once "/safety tip"` against importing the platform libraries.

The baseline is `python -c "import discord, slack_bolt, apscheduler"` run in the same session:
the least any Lookout process that talks to the platforms pays. Each command runs in a fresh
wrapper process so that its peak RSS is its own. The same command with German as the
default language is measured against English (target: within 5%).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.record import Record, median, show

RUNS = 7
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


def run() -> list[Record]:
    import os

    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "LOOKOUT_"))}
        lookout = [sys.executable, "-m", "bot", "console", "--once", "/safety tip"]
        baseline = [sys.executable, "-c", "import discord, slack_bolt, apscheduler"]
        german = {**env, "LOOKOUT_DEFAULT_LANGUAGE": "de"}
        # The first runs create and migrate the SQLite file and fill the content cache.
        _measure(lookout, cwd, env)
        _measure(lookout, cwd, german)
        ours, base, ours_de = [], [], []
        for _ in range(RUNS):  # interleaved, so all see the same machine load
            ours.append(_measure(lookout, cwd, env))
            base.append(_measure(baseline, cwd, env))
            ours_de.append(_measure(lookout, cwd, german))
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
    ]


if __name__ == "__main__":
    show(run())
