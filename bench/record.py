"""One measured figure, compared with a baseline taken in the same run (machines are shared and noisy)."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Record:
    """A figure: ``value`` against ``baseline`` (same unit), with the ``target`` ratio it should stay under."""

    name: str
    value: float
    unit: str
    baseline: float
    target: float

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("inf")

    @property
    def ok(self) -> bool:
        return self.ratio <= self.target

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["ratio"] = round(self.ratio, 3)
        return data


def percentile(samples: list[float], pct: float) -> float:
    """The pct-th percentile (0-100) of samples."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def show(records: list[Record]) -> None:
    """Print each figure with its baseline, ratio and target (for ``python -m bench.<module>``)."""
    for record in records:
        flag = "" if record.ok else "  (over target)"
        print(
            f"{record.name:<58} {record.value:>10.3f} {record.baseline:>10.3f} {record.unit:<3}"
            f" ratio {record.ratio:6.3f} target {record.target:5.3f}{flag}"
        )
