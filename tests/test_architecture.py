"""The layering the design promises, checked on the source: who may import what."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

BOT = ROOT / "bot"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _offenders(folder: Path, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted(folder.rglob("*.py"))
        for name in sorted(_imports(path))
        if name == forbidden or any(name == f or name.startswith(f + ".") for f in forbidden)
    ]


def test_the_core_imports_no_store_database_or_platform_library() -> None:
    """bot/core owns its ports: no SQLAlchemy, no bot.store, no discord/slack/telegram."""
    forbidden = ("sqlalchemy", "bot.store", "discord", "slack_bolt", "slack_sdk", "telegram", "bot.adapters")
    assert _offenders(BOT / "core", forbidden) == []


def test_adapters_reach_data_only_through_the_core() -> None:
    """No adapter imports the repository or the tables (forgetting a community goes through the core)."""
    assert _offenders(BOT / "adapters", ("bot.store.repository", "bot.store.schema", "bot.store.migrations")) == []


def test_only_the_registry_names_the_platform_adapters() -> None:
    """Outside bot/adapters nothing imports a platform package: runtime, app and CLI loop over the registry."""
    platforms = ("bot.adapters.discord", "bot.adapters.slack", "bot.adapters.telegram")
    outside = [p for p in BOT.rglob("*.py") if BOT / "adapters" not in p.parents]
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted(outside)
        for name in sorted(_imports(path))
        if any(name == f or name.startswith(f + ".") for f in platforms)
    ]
    # The operator tools too: `lookout discord invite` and the doctor's checks are hooks on each plug.
    assert found == []
