"""Shared fixtures: the real content, a migrated database (SQLite, or PostgreSQL in CI), a fixed clock."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.core.commands.context import Defaults
from bot.core.content import Catalogue, load_catalogue
from bot.core.content.layout import language_folders
from bot.core.engine import Core
from bot.core.ports import CoreStore
from bot.store import Database, Store
from bot.store.oneshot import open_one_shot_store

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = ROOT / "messages"
PG_URL_ENV = "LOOKOUT_TEST_DATABASE_URL"
# Every language Lookout ships besides English (a folder in messages/ui/ or messages/), found on
# disk so that a render test parametrised over it covers a new language without being edited.
LANGUAGES = sorted(
    {p.name.casefold() for p in (MESSAGES / "ui").iterdir() if p.is_dir() and p.name != "en"}
    | {tag for tag, _ in language_folders(MESSAGES)}
)
# A Monday morning in November: every clock in the suite starts here unless a test moves it.
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def content_day(now: dt.datetime = NOW) -> dt.date:
    """The day the shipped content is checked as of: the suite's clock, or the real day if later.

    A translation or review written today carries today's date, which the loader refuses as "in the
    future" against the suite's fixed November clock; the content is never older than the real day.
    """
    return max(now.date(), dt.date.today())


@pytest.fixture(autouse=True)
def _no_real_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's real platform tokens must never reach a test."""
    for name in list(os.environ):
        if name.startswith(("DISCORD_", "SLACK_", "LOOKOUT_")) and name != PG_URL_ENV:
            monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _root_logging_restored() -> Iterator[None]:
    """Each test leaves the root logger as it found it.

    The CLI installs its handler on the root logger, on the stderr pytest captured for that test
    and closes afterwards; left in place, a later test's debug lines (aiosqlite's worker thread)
    were written to the closed stream and printed "Logging error" tracebacks into the run.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(level)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The shipped content, loaded once."""
    return load_catalogue(MESSAGES, today=content_day())


class Clock:
    """A clock tests move by hand."""

    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _backends() -> list[str]:
    return ["sqlite", "postgresql"]


@pytest.fixture(params=_backends())
def backend(request: pytest.FixtureRequest) -> str:
    """Each store test runs on SQLite and, when LOOKOUT_TEST_DATABASE_URL is set, PostgreSQL."""
    _skip_without_postgresql(str(request.param))
    return str(request.param)


def _skip_without_postgresql(backend: str) -> None:
    if backend == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(f"PostgreSQL tests need {PG_URL_ENV} (CI sets it)")


def database_url(backend: str, tmp_path: Path) -> tuple[str, dict[str, object], str | None]:
    """A URL for an empty database: a fresh SQLite file, or a fresh schema on PostgreSQL."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'lookout.db'}", {}, None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    return os.environ[PG_URL_ENV], {"options": f"-csearch_path={schema}"}, schema


@pytest.fixture
async def db(backend: str, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated, empty database, removed afterwards."""
    async with migrated_database(backend, tmp_path) as database:
        yield database


@contextlib.asynccontextmanager
async def migrated_database(backend: str, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated, empty database on ``backend``, removed afterwards."""
    url, connect_args, schema = database_url(backend, tmp_path)
    if schema is not None:
        await _pg_schema(url, f"CREATE SCHEMA {schema}")
    database = Database(url, connect_args=connect_args)
    await database.upgrade()
    try:
        yield database
    finally:
        await database.dispose()
        if schema is not None:
            await _pg_schema(url, f"DROP SCHEMA {schema} CASCADE")


async def _pg_schema(url: str, statement: str) -> None:
    from sqlalchemy import text

    admin = Database(url)
    try:
        async with admin.engine.begin() as conn:
            await conn.execute(text(statement))
    finally:
        await admin.dispose()


@pytest.fixture
def store(db: Database) -> Store:
    return Store(db)


@pytest.fixture(params=["sqlite", "sqlite-one-shot", "postgresql"])
async def core_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[CoreStore]:
    """The ports on each store that implements them: the SQLAlchemy store on each backend, and the
    one-shot store (sqlite3, for ``console --once``) on SQLite; one behaviour, whichever is picked.
    """
    backend = "postgresql" if request.param == "postgresql" else "sqlite"
    _skip_without_postgresql(backend)
    async with migrated_database(backend, tmp_path) as database:
        if request.param != "sqlite-one-shot":
            yield Store(database)
            return
        one_shot = open_one_shot_store(database.url.render_as_string(hide_password=False))
        assert one_shot is not None, "a migrated SQLite file opens in the one-shot store"
        try:
            yield one_shot
        finally:
            await one_shot.close()


@pytest.fixture
def core_on_each_store(catalogue: Catalogue, core_store: CoreStore, clock: Clock) -> Core:
    """The core over ``core_store``: the public commands behave the same on every store."""
    return Core(catalogue, core_store, defaults=Defaults(timezone="Europe/London"), clock=clock)


@pytest.fixture
def core(catalogue: Catalogue, store: Store, clock: Clock) -> Core:
    return Core(catalogue, store, defaults=Defaults(timezone="Europe/London"), clock=clock)
