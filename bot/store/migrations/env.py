"""Alembic environment: runs on the connection Lookout hands over, or on sqlalchemy.url for the CLI."""

from alembic import context
from sqlalchemy import create_engine

from bot.store.database import sync_url
from bot.store.schema import metadata

config = context.config


def _run(connection):
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = create_engine(sync_url(config.get_main_option("sqlalchemy.url")))
    with engine.begin() as conn:
        _run(conn)
