"""The store one command uses (``lookout console --once``) on an up-to-date SQLite file: no SQLAlchemy.

Importing SQLAlchemy with its asyncio extension (which imports the ORM) costs about as much as
importing discord.py, slack_bolt and APScheduler together, while ``/safety tip`` needs three
reads and one write. ``OneShotStore`` answers the reads and writes the public commands make
(the community, its schedules, tip history) with the standard library's ``sqlite3``, and opens
the full SQLAlchemy store (``bot.store.Store``) on first use for everything else (admin
commands, notices), so every command still works in one shot.

Only a database at ``WRITTEN_FOR``, the migration this SQL was written against, is opened here
(``open_one_shot_store``); a missing file, any other revision, PostgreSQL or an unusual SQLite
URL go to the full store, which migrates as always. A test fails when a migration is added
without this module being checked and ``WRITTEN_FOR`` moved.

It is meant for a process that runs one command: ``sqlite3`` calls block the event loop for
their few milliseconds, which nobody else is waiting on there.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.core.ports import (
    CommunityRecord,
    DeliveryRecord,
    Notice,
    PauseReason,
    Place,
    ScheduleSettings,
    SubscriptionRecord,
    SubscriptionState,
)
from bot.store.history import group_tips_shown

if TYPE_CHECKING:
    from bot.store.database import Database
    from bot.store.repository import Store

# The migration whose tables the SQL below reads and writes. Move it only after checking this
# module against the new migration (tests/store/test_oneshot.py reads Alembic's head).
WRITTEN_FOR = "0006"

_SQLITE_URL_PREFIXES = ("sqlite:///", "sqlite+aiosqlite:///", "sqlite+pysqlite:///")
_COMMUNITY = "SELECT id, platform, external_id, region, language, locale FROM communities WHERE "
_SUBSCRIPTION = (
    "SELECT id, community_id, channel_id, anchor_date, cadence, days, local_time, timezone, audience, age_band,"
    " quiet_start, quiet_end, jitter_seconds, paused, paused_reason, failure_count, last_failure_kind,"
    " last_failure_at, next_due_at, timezone_set FROM subscriptions WHERE "
)
# Every statement is fixed text; values only ever go in as parameters.
_COMMUNITY_BY_PLACE = _COMMUNITY + "platform = ? AND external_id = ?"
_COMMUNITY_BY_ID = _COMMUNITY + "id = ?"
_SUBSCRIPTIONS_OF = _SUBSCRIPTION + "community_id = ? ORDER BY id"
_SUBSCRIPTION_BY_ID = _SUBSCRIPTION + "id = ?"
# The community ids as one JSON array, as bot.store.bulk reads them (SQLite's json_each).
_HISTORY = (
    "SELECT community_id, channel_id, tip_id FROM tips_shown"
    " WHERE community_id IN (SELECT value FROM json_each(?)) ORDER BY id"
)
_NEW_CYCLE = "DELETE FROM tips_shown WHERE community_id = ? AND channel_id = ?"
_NEW_CYCLE_KEEPING = _NEW_CYCLE + " AND tip_id != ?"


def sqlite_file(url: str) -> Path | None:
    """The file of a plain SQLite URL (``sqlite:///data/lookout.db``); None for anything else.

    Anything this does not read exactly as SQLAlchemy does (a query string, escapes, an
    in-memory database, another backend) is None, and the full store handles it.
    """
    prefix = next((p for p in _SQLITE_URL_PREFIXES if url.startswith(p)), None)
    if prefix is None:
        return None
    database = url[len(prefix) :]
    if not database or database == ":memory:" or any(c in database for c in "?%@#"):
        return None
    return Path(database)


def open_one_shot_store(url: str) -> OneShotStore | None:
    """A ``OneShotStore`` on ``url`` if it is an existing SQLite file at ``WRITTEN_FOR``, else None.

    Never creates, migrates or changes the file: when this says None, the caller opens the full
    store, which does (or says why it cannot).
    """
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        # mode=rw: a file removed in between must not be created empty here.
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        found = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:  # not a Lookout database yet (no alembic_version), or not a database
        conn.close()
        return None
    if found != [(WRITTEN_FOR,)]:
        conn.close()
        return None
    # As the full store sets on each connection: cascades on delete, and waiting for a writer.
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    return OneShotStore(conn, url)


def _time(value: dt.datetime) -> str:
    # SQLAlchemy's SQLite DATETIME format (as bot.store.bulk writes it): naive UTC, six digits.
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the store; use UTC-aware datetimes")
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _read_time(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


def _subscription(row: Sequence[Any]) -> SubscriptionRecord:
    return SubscriptionRecord(
        id=row[0],
        community_id=row[1],
        channel_id=row[2],
        anchor_date=dt.date.fromisoformat(row[3]),
        cadence=row[4],
        days=row[5],
        local_time=row[6],
        timezone=row[7],
        audience=row[8],
        age_band=row[9],
        quiet_start=row[10],
        quiet_end=row[11],
        jitter_seconds=row[12],
        paused=bool(row[13]),
        paused_reason=PauseReason(row[14]) if row[14] else None,
        failure_count=row[15],
        last_failure_kind=row[16],
        last_failure_at=_read_time(row[17]),
        next_due_at=_read_time(row[18]),
        timezone_set=None if row[19] is None else bool(row[19]),
    )


class OneShotStore:
    """``CoreStore`` for one command: the public commands' reads and writes on ``sqlite3``, the rest delegated.

    Build it with ``open_one_shot_store``; ``close`` it when the command is answered.
    """

    def __init__(self, conn: sqlite3.Connection, url: str) -> None:
        # Autocommit (isolation_level=None): no transaction stays open between calls, so the
        # full store, when opened, never waits on a lock this connection holds.
        self._conn = conn
        self._url = url
        self._db: Database | None = None
        self._store: Store | None = None

    async def close(self) -> None:
        """Close the file, and the full store if a command needed it."""
        self._conn.close()
        if self._db is not None:
            await self._db.dispose()

    async def _full(self) -> Store:
        """The SQLAlchemy store on the same file, opened (and SQLAlchemy imported) on first use."""
        if self._store is None:
            from bot.store.database import Database
            from bot.store.repository import Store

            db = Database(self._url)
            # At head already (checked on opening): a look at alembic_version, no migration.
            await db.upgrade()
            self._db, self._store = db, Store(db)
        return self._store

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return self._conn.execute(sql, params).fetchall()

    # The public commands' reads and writes, on sqlite3.

    async def community(self, platform: str, external_id: str) -> CommunityRecord | None:
        """The community, if Lookout has stored anything for it."""
        rows = self._rows(_COMMUNITY_BY_PLACE, (platform, external_id))
        return CommunityRecord(*rows[0]) if rows else None

    async def community_by_id(self, community_id: int) -> CommunityRecord | None:
        """The community with this internal id."""
        rows = self._rows(_COMMUNITY_BY_ID, (community_id,))
        return CommunityRecord(*rows[0]) if rows else None

    async def ensure_community(self, platform: str, external_id: str) -> CommunityRecord:
        """The community, created on first use (safe when two processes race to create it)."""
        existing = await self.community(platform, external_id)
        if existing is not None:
            return existing
        self._conn.execute(
            "INSERT INTO communities (platform, external_id, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (platform, external_id) DO NOTHING",
            (platform, external_id, _time(dt.datetime.now(dt.UTC))),
        )
        created = await self.community(platform, external_id)
        if created is None:  # pragma: no cover - deleted by another process in between
            raise LookupError(f"the {platform} community was deleted while it was being created")
        return created

    async def set_locale(self, community_id: int, locale: str | None) -> None:
        """Remember the platform's own locale for the community (Discord's server locale)."""
        self._conn.execute("UPDATE communities SET locale = ? WHERE id = ?", (locale, community_id))

    async def subscriptions(self, community_id: int) -> Sequence[SubscriptionRecord]:
        """The community's subscriptions (one per channel), oldest first."""
        rows = self._rows(_SUBSCRIPTIONS_OF, (community_id,))
        return [_subscription(row) for row in rows]

    async def subscription(self, subscription_id: int) -> SubscriptionRecord | None:
        """One subscription by id."""
        rows = self._rows(_SUBSCRIPTION_BY_ID, (subscription_id,))
        return _subscription(rows[0]) if rows else None

    async def tips_shown(self, places: Iterable[Place]) -> dict[Place, list[str]]:
        """Tip ids shown in each channel, oldest first (an empty list for a channel with none)."""
        wanted = set(places)
        communities = sorted({c for c, _ in wanted})
        if not communities:
            return {}
        return group_tips_shown(wanted, self._rows(_HISTORY, (json.dumps(communities),)))

    async def record_tips(
        self,
        shown: Sequence[tuple[Place, str]],
        resets: Sequence[tuple[Place, str | None]],
        when: dt.datetime | None = None,
    ) -> None:
        """Start the new cycles in ``resets`` (keeping each one's last tip), then record ``shown``."""
        if not shown and not resets:
            return
        at = _time(when or dt.datetime.now(dt.UTC))
        # One transaction, as the full store's: a cycle is never reset without its new tip.
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            for (community_id, channel_id), keep_last in resets:
                if keep_last:
                    self._conn.execute(_NEW_CYCLE_KEEPING, (community_id, channel_id, keep_last))
                else:
                    self._conn.execute(_NEW_CYCLE, (community_id, channel_id))
            self._conn.executemany(
                "INSERT INTO tips_shown (community_id, channel_id, tip_id, shown_at) VALUES (?, ?, ?, ?)",
                [(c, ch, tip, at) for (c, ch), tip in shown],
            )
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # Everything else (admin commands, notices): the full store.

    async def set_region(self, community_id: int, region: str | None) -> None:
        """Set or clear the country whose reporting routes the community sees."""
        await (await self._full()).set_region(community_id, region)

    async def set_language(self, community_id: int, language: str | None) -> None:
        """Set or clear (auto) the language the community's replies and posts use."""
        await (await self._full()).set_language(community_id, language)

    async def forget(self, platform: str, external_id: str) -> bool:
        """Delete the community and everything stored for it; True if there was anything."""
        return await (await self._full()).forget(platform, external_id)

    async def move_community(self, platform: str, old_external_id: str, new_external_id: str) -> bool:
        """Give a community a new platform id, keeping its data; False if there was none."""
        return await (await self._full()).move_community(platform, old_external_id, new_external_id)

    async def leave_notice(self, community_id: int, notice: Notice) -> None:
        """Keep ``notice`` for the admins' next admin command (replacing an older one)."""
        await (await self._full()).leave_notice(community_id, notice)

    async def take_notice(self, community_id: int) -> Notice | None:
        """Return and clear the notice waiting for the community's admins."""
        return await (await self._full()).take_notice(community_id)

    async def save_schedule(
        self, community_id: int, channel_id: str, settings: ScheduleSettings, *, paused_by_admin: bool = False
    ) -> SubscriptionRecord:
        """Create ``channel_id``'s schedule, or change it; other channels' schedules are untouched."""
        full = await self._full()
        return await full.save_schedule(community_id, channel_id, settings, paused_by_admin=paused_by_admin)

    async def remove_schedule(self, subscription_id: int) -> bool:
        """End one channel's schedule (its claims go with it); True if there was one."""
        return await (await self._full()).remove_schedule(subscription_id)

    async def set_next_due(self, subscription_id: int, when: dt.datetime | None) -> SubscriptionRecord | None:
        """Set when the next post is due (UTC)."""
        return await (await self._full()).set_next_due(subscription_id, when)

    async def pause(self, subscription_id: int, reason: PauseReason) -> None:
        """Stop posting until resumed."""
        await (await self._full()).pause(subscription_id, reason)

    async def resume(self, subscription_id: int, next_due_at: dt.datetime) -> None:
        """Post again from ``next_due_at``, with the failure count cleared."""
        await (await self._full()).resume(subscription_id, next_due_at)

    async def set_audience(self, subscription_id: int, audience: str, age_band: str | None) -> None:
        """Set who the channel's tips are for."""
        await (await self._full()).set_audience(subscription_id, audience, age_band)

    async def set_quiet_hours(
        self, subscription_id: int, start: str | None, end: str | None
    ) -> SubscriptionRecord | None:
        """Set (or, with None, clear) the local hours in which nothing is posted."""
        return await (await self._full()).set_quiet_hours(subscription_id, start, end)

    async def subscription_states(self, now: dt.datetime) -> tuple[dict[SubscriptionState, int], float]:
        """Subscriptions by state, and how late the oldest due post is, in seconds."""
        return await (await self._full()).subscription_states(now)

    async def recent_deliveries(
        self, community_id: int, limit: int, *, subscription_id: int | None = None
    ) -> Sequence[DeliveryRecord]:
        """The community's (or one schedule's) last finished or pending posts, newest first."""
        return await (await self._full()).recent_deliveries(community_id, limit, subscription_id=subscription_id)
