"""Alembic environment: runs on the connection Lookout hands over, or on sqlalchemy.url for the CLI."""

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from bot.store.database import sync_url
from bot.store.schema import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


handed_over = config.attributes.get("connection")
if handed_over is not None:
    _run(handed_over)
else:
    engine = create_engine(sync_url(config.get_main_option("sqlalchemy.url") or "sqlite:///data/lookout.db"))
    with engine.begin() as conn:
        _run(conn)
