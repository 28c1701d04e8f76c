"""PostgreSQL for the benchmarks: ``LOOKOUT_BENCH_DATABASE_URL``, one throw-away schema per use."""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import Iterator

PG_ENV = "LOOKOUT_BENCH_DATABASE_URL"


async def _execute(url: str, statement: str) -> None:
    from sqlalchemy import text

    from bot.store import Database

    admin = Database(url)
    try:
        async with admin.engine.begin() as conn:
            await conn.execute(text(statement))
    finally:
        await admin.dispose()


@contextlib.contextmanager
def schema_url() -> Iterator[tuple[str, dict[str, object]]]:
    """Yield the URL and the connect arguments of a fresh schema, dropped afterwards."""
    url = os.environ[PG_ENV]
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(_execute(url, f"CREATE SCHEMA {schema}"))
    try:
        yield url, {"options": f"-csearch_path={schema}"}
    finally:
        asyncio.run(_execute(url, f"DROP SCHEMA {schema} CASCADE"))
