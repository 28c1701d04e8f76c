"""No sentence a person reads is written in Python: it goes through the text seam (messages/ui/).

An AST scan of bot/ for string literals that look like prose (a space and two words or more).
Not prose for a reader, and so not scanned:

- docstrings, and the arguments of logging calls (for operators, in English by design);
- what a ``raise`` builds: chat-facing errors are ``TextError``s raised with a message id, and
  any other exception is for operators or developers;
- the detail of a ``DeliveryFailure`` (logged and stored for operators), a ``CountedWarning``
  (a log line), a CLI ``Tool``'s help, the type of a ``cast`` and a regular expression;
- the operator tools, whose output is English by design (``OPERATOR_FILES``);
- a few literals that are not shown to anyone, each listed with why (``NOT_PROSE``).

A new English sentence anywhere else fails here: give it a message id in messages/ui/en/.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

BOT = ROOT / "bot"

# Operator tools: the command line, settings errors, logs, the doctor, the content checks (for
# content editors), database errors, the link and review reports, the invite links.
OPERATOR_FILES = (
    "bot/__main__.py",
    "bot/cli.py",
    "bot/config.py",
    "bot/ops/",
    "bot/maintenance/",
    "bot/store/",
    "bot/core/content/",
    "bot/core/limits.py",  # the limit checker's findings, read by tests and developers
    "bot/adapters/discord/invite.py",
    "bot/adapters/discord/doctor.py",
    "bot/adapters/slack/doctor.py",
    "bot/adapters/telegram/doctor.py",
)

NOT_PROSE: dict[str, frozenset[str]] = {
    # Telegram's error descriptions, matched to tell a missing right from a missing chat.
    "bot/adapters/telegram/messenger.py": frozenset(
        {
            "not enough rights",
            "have no rights",
            "need administrator rights",
            "chat not found",
            "group chat was deactivated",
            "bot was kicked",
        }
    ),
    # Fixes shown with a SettingsError at start-up (operators), kept as constants.
    "bot/adapters/slack/runtime.py": frozenset(
        {
            "Copy the Bot User OAuth Token (xoxb-…) again from the app's OAuth & Permissions page.",
            "Create an app-level token (xapp-…) with the connections:write scope on the app's Basic Information page.",
        }
    ),
    # An HTTP body for a request that failed signature checks: read by Slack, not a person.
    "bot/adapters/slack/verification.py": frozenset({"invalid request"}),
    # The webhook's answer to a body that is not an update: read by Telegram's servers, not a person.
    "bot/adapters/telegram/factory.py": frozenset({"not an update"}),
    # A command typed into a follow-up menu's value, not prose.
    "bot/core/guides.py": frozenset({"/safety guide "}),
    # Delivery outcome details stored for operators with each delivery row.
    "bot/delivery/claims.py": frozenset({"catch-up window passed"}),
    "bot/delivery/service.py": frozenset(
        {"catch-up window passed", "kept failing until the catch-up window passed", "no tip for this audience"}
    ),
    "bot/delivery/sender.py": frozenset({" is not connected", "no answer in time"}),
    "bot/delivery/outcomes.py": frozenset({"delivery outcomes"}),  # the name of a retried step, in logs
    # HTTP headers of the web guide.
    "bot/web/build.py": frozenset({"text/html; charset=utf-8", "text/css; charset=utf-8"}),
    "bot/web/serve.py": frozenset(
        {
            "public, max-age=300",
            "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'",
        }
    ),
}

_LOGGING = frozenset({"debug", "info", "warning", "error", "exception", "critical", "log"})
_NOT_SHOWN_CALLS = frozenset({"CountedWarning", "DeliveryFailure", "Tool", "cast", "compile"})
_WORD = re.compile(r"[A-Za-z]{2,}")


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _skipped(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
        inner: ast.AST | None = None
        if isinstance(node, ast.Raise):
            inner = node.exc
        elif isinstance(node, ast.Call) and (
            (isinstance(node.func, ast.Attribute) and node.func.attr in _LOGGING) or _called(node) in _NOT_SHOWN_CALLS
        ):
            inner = node
        if inner is not None:
            skip.update(id(sub) for sub in ast.walk(inner))
    return skip


def english_literals(path: Path) -> Iterator[tuple[int, str]]:
    """The prose-like string literals of one file that are not skipped: (line, text)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _skipped(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
            if " " in text.strip() and len(_WORD.findall(text)) >= 2:
                yield node.lineno, text


def offenders(root: Path) -> list[str]:
    """Every prose literal under ``root`` outside the seam and the allowlists, as 'file:line: text'."""
    found = []
    for path in sorted(root.rglob("*.py")):
        where = path.relative_to(root.parent).as_posix()
        if where.startswith(OPERATOR_FILES):
            continue
        allowed = NOT_PROSE.get(where, frozenset())
        found += [f"{where}:{line}: {text!r}" for line, text in english_literals(path) if text not in allowed]
    return found


def test_no_sentence_a_person_reads_is_written_in_python() -> None:
    """Every reply, note and label in bot/ comes from messages/ui/ by id; nothing English is left in code."""
    assert offenders(BOT) == []


def test_the_scan_finds_a_sentence_written_in_code(tmp_path: Path) -> None:
    """A reply written in English in Python is caught; a docstring, a log line and an id are not."""
    package = tmp_path / "bot"
    package.mkdir()
    (package / "mod.py").write_text(
        '"""A module docstring, not a reply."""\n'
        "import logging\n"
        "log = logging.getLogger(__name__)\n"
        "def answer(ctx):\n"
        '    log.info("answered a question for %s", ctx)\n'
        '    ctx.t("help.commands-title")\n'
        '    return Reply("Thanks for asking", "Here is what to do")\n',
        encoding="utf-8",
    )
    assert offenders(package) == ["bot/mod.py:7: 'Thanks for asking'", "bot/mod.py:7: 'Here is what to do'"]


def test_the_allowlists_name_only_files_that_exist() -> None:
    """A renamed or deleted file leaves no stale entry behind."""
    assert [p for p in (*OPERATOR_FILES, *NOT_PROSE) if not (ROOT / p).exists()] == []
