"""Storage: SQLAlchemy tables, the engine and migrations, and the repository the core uses."""

from bot.store.database import Database, DatabaseError
from bot.store.repository import Store

__all__ = ["Database", "DatabaseError", "Store"]
