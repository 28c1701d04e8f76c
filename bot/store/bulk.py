"""Delivery's bulk statements: a whole batch of rows as one JSON parameter, not one parameter set per row.

A fan-out writes a few hundred rows per statement (claims, next due times, outcomes, tip
history). Through an executemany, SQLAlchemy builds and type-processes every parameter of every
row in Python (a datetime costs two conversions on SQLite), which was most of what a tick cost
beyond the SQL itself. Here each statement is fixed text with one JSON array of rows, expanded
by the database (SQLite's ``json_each``, PostgreSQL's ``json_array_elements``): per row, Python
only builds a list, and ``json.dumps`` (in C) does the rest.

Times go in as text in each backend's own format (``BulkSql.time``): SQLite compares stored
datetimes as text, so the format must be exactly what SQLAlchemy writes there, or a compare-and-set
or a unique slot would silently miss (a test holds the two together).

Needs SQLite 3.35 (``RETURNING``, ``UPDATE … FROM``) with its JSON functions, built in from 3.38
(the image's Python has 3.40); on PostgreSQL, ``json_array_elements`` and ``ON CONFLICT``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

Executor = AsyncConnection | AsyncSession


def _sqlite_time(value: dt.datetime | None) -> str | None:
    # SQLAlchemy's SQLite DATETIME storage format: naive UTC, always six fractional digits.
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the store; use UTC-aware datetimes")
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _postgresql_time(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the store; use UTC-aware datetimes")
    return value.isoformat()


# Each statement twice, as literal SQL: SQLite reads field i of a row as json_extract(value, '$[i]'),
# PostgreSQL as e ->> i, cast to the column's type. The fields of each kind of row, in order:
# claim:   subscription_id, slot_at, status, idempotency_key, lease_until, finished_at, error, tip_id
# advance: subscription id, old next_due_at, new next_due_at
# outcome: delivery id, status, message_id, error, lease_until, attempts, finished_at,
#          failure_kind, missing
# shown:   community_id, channel_id, tip_id
# SQLite: the unary + keeps the status index out of the outcome UPDATE's plan, which would
# otherwise walk every open claim and scan the rows for each (instead of one look-up per row).
_SQLITE = {
    # SQLite needs the WHERE to tell the SELECT's end from the ON CONFLICT clause.
    "claim": """
        INSERT INTO deliveries (subscription_id, slot_at, status, idempotency_key, claimed_by,
                                lease_until, attempts, created_at, finished_at, error, tip_id)
        SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
               json_extract(value, '$[3]'), :worker, json_extract(value, '$[4]'), 0, :now,
               json_extract(value, '$[5]'), json_extract(value, '$[6]'), json_extract(value, '$[7]')
        FROM json_each(:rows) WHERE true
        ON CONFLICT (subscription_id, slot_at) DO NOTHING
        RETURNING id, subscription_id""",
    "advance": """
        UPDATE subscriptions SET next_due_at = json_extract(v.value, '$[2]')
        FROM json_each(:rows) AS v
        WHERE subscriptions.id = json_extract(v.value, '$[0]')
          AND subscriptions.next_due_at = json_extract(v.value, '$[1]')""",
    "outcome": """
        UPDATE deliveries SET status = json_extract(v.value, '$[1]'),
               message_id = json_extract(v.value, '$[2]'), error = json_extract(v.value, '$[3]'),
               lease_until = json_extract(v.value, '$[4]'), attempts = json_extract(v.value, '$[5]'),
               finished_at = json_extract(v.value, '$[6]'), failure_kind = json_extract(v.value, '$[7]'),
               missing = json_extract(v.value, '$[8]')
        FROM json_each(:rows) AS v
        WHERE deliveries.id = json_extract(v.value, '$[0]') AND +deliveries.status = 'claimed'""",
    "shown": """
        INSERT INTO tips_shown (community_id, channel_id, tip_id, shown_at)
        SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), :when
        FROM json_each(:rows)""",
    # :rows here is a list of community ids.
    "history": """
        SELECT community_id, channel_id, tip_id FROM tips_shown
        WHERE community_id IN (SELECT value FROM json_each(:rows)) ORDER BY id""",
}
_POSTGRESQL = {
    "claim": """
        INSERT INTO deliveries (subscription_id, slot_at, status, idempotency_key, claimed_by,
                                lease_until, attempts, created_at, finished_at, error, tip_id)
        SELECT CAST(e ->> 0 AS integer), CAST(e ->> 1 AS timestamptz), e ->> 2, e ->> 3, :worker,
               CAST(e ->> 4 AS timestamptz), 0, CAST(:now AS timestamptz), CAST(e ->> 5 AS timestamptz),
               e ->> 6, e ->> 7
        FROM json_array_elements(CAST(:rows AS json)) AS e
        ON CONFLICT (subscription_id, slot_at) DO NOTHING
        RETURNING id, subscription_id""",
    "advance": """
        UPDATE subscriptions SET next_due_at = CAST(e ->> 2 AS timestamptz)
        FROM json_array_elements(CAST(:rows AS json)) AS e
        WHERE subscriptions.id = CAST(e ->> 0 AS integer)
          AND subscriptions.next_due_at = CAST(e ->> 1 AS timestamptz)""",
    "outcome": """
        UPDATE deliveries SET status = e ->> 1, message_id = e ->> 2, error = e ->> 3,
               lease_until = CAST(e ->> 4 AS timestamptz), attempts = CAST(e ->> 5 AS integer),
               finished_at = CAST(e ->> 6 AS timestamptz), failure_kind = e ->> 7, missing = e ->> 8
        FROM json_array_elements(CAST(:rows AS json)) AS e
        WHERE deliveries.id = CAST(e ->> 0 AS integer) AND deliveries.status = 'claimed'""",
    "shown": """
        INSERT INTO tips_shown (community_id, channel_id, tip_id, shown_at)
        SELECT CAST(e ->> 0 AS integer), e ->> 1, e ->> 2, CAST(:when AS timestamptz)
        FROM json_array_elements(CAST(:rows AS json)) AS e""",
    "history": """
        SELECT community_id, channel_id, tip_id FROM tips_shown
        WHERE community_id IN (SELECT CAST(e AS integer) FROM json_array_elements_text(CAST(:rows AS json)) AS e)
        ORDER BY id""",
}


class BulkSql:
    """The bulk statements in one backend's SQL (the engine's ``dialect.name``: sqlite or postgresql)."""

    def __init__(self, dialect: str) -> None:
        sqlite = dialect == "sqlite"
        self.time = _sqlite_time if sqlite else _postgresql_time
        statements = _SQLITE if sqlite else _POSTGRESQL
        self._claim, self._advance, self._outcome, self._shown, self._history = (
            text(statements[name]) for name in ("claim", "advance", "outcome", "shown", "history")
        )

    @staticmethod
    def _payload(rows: Sequence[Any]) -> str:
        return json.dumps(rows, separators=(",", ":"))

    async def claim(
        self, conn: Executor, rows: Sequence[Sequence[Any]], *, worker: str, now: dt.datetime
    ) -> list[tuple[int, int]]:
        """INSERT claim rows (``CLAIM`` fields; times from ``time``), skipping slots already claimed.

        Returns (delivery id, subscription id) of the rows inserted.
        """
        if not rows:
            return []
        params = {"rows": self._payload(rows), "worker": worker, "now": self.time(now)}
        return [(r[0], r[1]) for r in (await conn.execute(self._claim, params)).all()]

    async def advance(self, conn: Executor, rows: Sequence[Sequence[Any]]) -> None:
        """Move each subscription (``ADVANCE``: id, old, new) to its new due time, if still at the old one."""
        if rows:
            await conn.execute(self._advance, {"rows": self._payload(rows)})

    async def outcomes(self, conn: Executor, rows: Sequence[Sequence[Any]]) -> None:
        """Record how each claim ended (``OUTCOME`` fields), on claims still open only."""
        if rows:
            await conn.execute(self._outcome, {"rows": self._payload(rows)})

    async def shown(self, conn: Executor, rows: Sequence[Sequence[Any]], when: dt.datetime) -> None:
        """Add tip history rows (``SHOWN``: community id, channel id, tip id), all shown at ``when``."""
        if rows:
            await conn.execute(self._shown, {"rows": self._payload(rows), "when": self.time(when)})

    async def history(self, conn: Executor, community_ids: Sequence[int]) -> list[tuple[int, str, str]]:
        """(community id, channel id, tip id) of every tip shown in these communities, oldest first."""
        if not community_ids:
            return []
        found = await conn.execute(self._history, {"rows": self._payload(list(community_ids))})
        return [(r[0], r[1], r[2]) for r in found.all()]
