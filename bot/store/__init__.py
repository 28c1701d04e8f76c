"""Storage: SQLAlchemy tables, engine, migrations and the repository the core uses; ``oneshot`` for one command.

``oneshot`` is the standard-library store ``console --once`` uses on an up-to-date SQLite file.
``Database`` and ``Store`` are imported on first use, so a one-shot command that never opens
the SQLAlchemy store does not pay for importing SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.lazy import lazy_names
from bot.store.errors import DatabaseError

if TYPE_CHECKING:
    from bot.store.database import Database
    from bot.store.repository import Store

__getattr__ = lazy_names(__name__, database=("Database",), repository=("Store",))

__all__ = ["Database", "DatabaseError", "Store"]
