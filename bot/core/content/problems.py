"""What the content loader reports: one ``Problem`` per thing wrong, and ``ContentError`` carrying them.

Kept apart from the loader so that a process serving cached content (see ``cache``) and the CLI
can name them without importing YAML and every check.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "overdue"]

log = logging.getLogger("bot.core.content.loader")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one content file."""

    file: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        label = "error (review overdue)" if self.severity == "overdue" else self.severity
        return f"{self.file}:{self.line}: {label}: {self.message}"


class ContentError(Exception):
    """The content has errors; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0] if problems else None
        super().__init__(f"{len(problems)} problem(s) in the content, first: {first}")


def log_overdue(overdue: int) -> None:
    """Say that ``overdue`` facts need reviewing (nothing when none do)."""
    if overdue:
        log.warning("%d content fact(s) are overdue for review; run `lookout content check`", overdue)
