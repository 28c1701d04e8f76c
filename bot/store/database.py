"""Engine, sessions and migrations for the SQLite default and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, make_url
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from bot.store.errors import DatabaseError


def async_url(url: str) -> URL:
    """Normalise a user-facing URL to the async driver: aiosqlite for SQLite, psycopg for PostgreSQL."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        # Never echo the URL: it may hold a password.
        raise DatabaseError("LOOKOUT_DATABASE_URL is not a database URL such as sqlite:///data/lookout.db") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite")
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    raise DatabaseError(f"Lookout supports SQLite and PostgreSQL URLs, not {backend!r}")


def sync_url(url: str) -> URL:
    """The same database through a synchronous driver (for slack_sdk's installation store)."""
    parsed = async_url(url)
    return parsed.set(drivername="sqlite" if parsed.get_backend_name() == "sqlite" else "postgresql+psycopg")


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores ON DELETE CASCADE unless this is set on every connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _describe(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return f"the SQLite file {url.database}"
    return f"PostgreSQL at {url.host or 'localhost'}:{url.port or 5432}/{url.database}"


class Database:
    """One engine and session factory; build it in the composition root, dispose it on shutdown."""

    def __init__(self, url: str, *, connect_args: dict[str, Any] | None = None) -> None:
        self.url = async_url(url)
        if self.url.get_backend_name() == "sqlite" and self.url.database not in (None, "", ":memory:"):
            folder = Path(self.url.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"Cannot create the folder {folder} for the SQLite file ({exc.strerror})") from exc
        self.engine: AsyncEngine = create_async_engine(self.url, connect_args=connect_args or {})
        if self.url.get_backend_name() == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _enable_sqlite_foreign_keys)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @property
    def description(self) -> str:
        """Where the data lives, for messages (never includes a password)."""
        return _describe(self.url)

    def session(self) -> AsyncSession:
        """A new session; use as ``async with db.session() as s, s.begin(): ...``."""
        return self.sessions()

    async def upgrade(self) -> None:
        """Apply every Alembic migration; raise ``DatabaseError`` when the database is unreachable."""
        try:
            async with self.engine.begin() as conn:
                if await conn.run_sync(_at_head):
                    return
                await conn.run_sync(_upgrade_to_head)
        except (OperationalError, DBAPIError, OSError) as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise DatabaseError(f"Cannot reach {self.description}: {reason}") from exc

    async def at_head(self) -> bool:
        """Whether every migration is applied, without applying any; ``DatabaseError`` when unreachable."""
        try:
            async with self.engine.connect() as conn:
                return bool(await conn.run_sync(_at_head))
        except (OperationalError, DBAPIError, OSError) as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise DatabaseError(f"Cannot reach {self.description}: {reason}") from exc

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


def alembic_config(connection: Connection | None = None) -> Any:
    """An Alembic config for the migrations shipped inside the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


# The newest migration. Checked against Alembic's scripts by a test; it lets a start-up on an
# up-to-date database skip importing Alembic at all (a quarter of a second).
HEAD_REVISION = "0006"


def _at_head(connection: Connection) -> bool:
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return False
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION


def _upgrade_to_head(connection: Connection) -> None:
    from alembic import command
    from sqlalchemy import text

    if connection.dialect.name == "postgresql":
        # Several processes may start together against one PostgreSQL: one migrates, the
        # others wait here and then find nothing left to do.
        connection.execute(text("SELECT pg_advisory_xact_lock(7261001)"))
    command.upgrade(alembic_config(connection), "head")
