"""Run every benchmark module listed in MODULES, print a table, write bench/results.json."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from bench.record import Record

# Each module has `run() -> list[Record]`.
MODULES = [
    "bench.startup",
    "bench.slack_http",
    "bench.discord_interactions",
    "bench.telegram_updates",
    "bench.delivery",
    "bench.fanout",
]


def main() -> int:
    records: list[Record] = []
    for name in MODULES:
        print(f"running {name} ...", flush=True)
        records.extend(importlib.import_module(name).run())
    width = max(len(r.name) for r in records)
    print(f"\n{'figure':<{width}}  {'value':>10}  {'baseline':>10}  unit   ratio  target")
    for r in records:
        flag = "" if r.ok else "  (over target)"
        figures = f"{r.value:>10.3f}  {r.baseline:>10.3f}  {r.unit:<5}  {r.ratio:5.2f}  {r.target:5.2f}"
        print(f"{r.name:<{width}}  {figures}{flag}")
    out = Path(__file__).parent / "results.json"
    out.write_text(json.dumps([r.as_json() for r in records], indent=2) + "\n")
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
