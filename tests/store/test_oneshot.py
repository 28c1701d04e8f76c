"""The one-shot store (``console --once``): only an up-to-date SQLite file, written as the full store writes it.

What it answers is tested against the full store by the contract tests (``core_store`` in
tests/store/test_ports.py and test_store.py, ``core_on_each_store`` in tests/core).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from bot.config import Settings
from bot.store import Database, Store
from bot.store.database import alembic_config
from bot.store.oneshot import WRITTEN_FOR, open_one_shot_store
from tests.conftest import MESSAGES, NOW, migrated_database


def test_a_new_migration_needs_the_one_shot_store_checked() -> None:
    """WRITTEN_FOR is Alembic's newest migration: a new one fails here until the one-shot SQL is checked."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head == WRITTEN_FOR, (
        f"migration {head} is new: check bot/store/oneshot.py's SQL against it, then set WRITTEN_FOR = {head!r}"
    )


async def _migrated_to(url: str, revision: str) -> None:
    from alembic import command

    db = Database(url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(lambda c: command.upgrade(alembic_config(c), revision))
    finally:
        await db.dispose()


async def test_only_an_existing_sqlite_file_at_its_migration_opens(tmp_path: Path) -> None:
    """A missing file, another revision, PostgreSQL or an unusual URL go to the full store; nothing is created."""
    missing = tmp_path / "none" / "lookout.db"
    for url in (
        f"sqlite:///{missing}",
        "postgresql://postgres@127.0.0.1:5432/test",
        "sqlite://",
        "sqlite:///:memory:",
        f"sqlite:///{tmp_path / 'old.db'}?mode=ro",
    ):
        assert open_one_shot_store(url) is None, url
    assert not missing.exists() and not missing.parent.exists()
    (tmp_path / "notes.db").write_text("not a database")
    sqlite3.connect(tmp_path / "empty.db").close()
    for name in ("notes.db", "empty.db"):
        assert open_one_shot_store(f"sqlite:///{tmp_path / name}") is None, name
    old = f"sqlite:///{tmp_path / 'old.db'}"
    await _migrated_to(old, "0005")
    assert open_one_shot_store(old) is None
    await _migrated_to(old, "head")
    opened = open_one_shot_store(old)
    assert opened is not None
    await opened.close()
    with sqlite3.connect(tmp_path / "old.db") as conn:  # as a newer Lookout would leave it
        conn.execute("UPDATE alembic_version SET version_num = 'a-newer-one'")
    conn.close()
    assert open_one_shot_store(old) is None


async def test_a_command_on_an_older_file_migrates_it_first(tmp_path: Path) -> None:
    """build_one_shot on a file at an older migration upgrades it, as every start does, and answers."""
    from bot.adapters.console import ConsoleAdapter
    from bot.app import build_one_shot

    url = f"sqlite:///{tmp_path / 'lookout.db'}"
    await _migrated_to(url, "0005")
    settings = Settings(database_url=url, messages_dir=MESSAGES, content_cache_dir="off")
    one = await build_one_shot(settings, clock=lambda: NOW)
    try:
        text_, is_error = await ConsoleAdapter(one.core).once("/safety tip")
    finally:
        await one.close()
    assert not is_error and text_.strip()
    again = open_one_shot_store(url)
    assert again is not None, "migrated to the head, the next command opens the one-shot store"
    try:
        community = await again.community("console", "local")
        assert community is not None
        assert len((await again.tips_shown([(community.id, "console")]))[(community.id, "console")]) == 1
    finally:
        await again.close()


async def test_rows_are_written_as_the_full_store_writes_them(tmp_path: Path) -> None:
    """Times the one-shot store writes are the full store's text (SQLite compares times as text)."""
    async with migrated_database("sqlite", tmp_path) as db:
        full = Store(db)
        one = open_one_shot_store(db.url.render_as_string(hide_password=False))
        assert one is not None
        try:
            a = await full.ensure_community("discord", "by-the-full-store")
            b = await one.ensure_community("discord", "by-the-one-shot-store")
            await full.record_tips([((a.id, "c"), "t1")], [], NOW)
            await one.record_tips([((b.id, "c"), "t1")], [], NOW)
        finally:
            await one.close()
        async with db.engine.connect() as conn:
            shown = (await conn.execute(text("SELECT shown_at FROM tips_shown ORDER BY id"))).scalars().all()
            made = (await conn.execute(text("SELECT created_at FROM communities ORDER BY id"))).scalars().all()
    assert shown[0] == shown[1] == "2026-11-30 09:00:00.000000"
    assert [len(m) for m in made] == [len(shown[0])] * 2 and all(m[10] == " " for m in made)
