"""Which message ids the code uses, so a typo fails ``lookout content check``, not a chat."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from bot.core.text.catalogue import Texts

# A literal id as the first argument of a look-up: ctx.t(<id>, ...), texts.get(<id>, ...), or of
# an error or sentence worded later: ScheduleError(<id>, ...), Said(<id>, ...).
# Ids assembled at run time (f"report.situation-{name}") are covered by the tests of the code
# that builds them; keep such prefixes few.
_USED = re.compile(r"""(?:\.t|\btexts\.get|\.texts\.get|Error|\bSaid)\(\s*["']([a-z0-9-]+(?:\.[a-z0-9-]+)+)["']""")


def ids_in_code(source_root: Path) -> Iterator[tuple[Path, int, str]]:
    """Every literal message id in the ``*.py`` files under ``source_root``: (file, line, id)."""
    for path in sorted(source_root.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for message_id in _USED.findall(line):
                yield path, number, message_id


def missing_ids(texts: Texts, source_root: Path) -> list[tuple[Path, int, str]]:
    """The ids the code under ``source_root`` uses that ``texts`` does not have in English."""
    return [(path, line, mid) for path, line, mid in ids_in_code(source_root) if not texts.has(mid)]
