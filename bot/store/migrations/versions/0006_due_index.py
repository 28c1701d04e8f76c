"""subscriptions' due index covers (next_due_at, id), the order delivery claims in

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 06:00:00

A claim reads the oldest due subscriptions, ``ORDER BY next_due_at, id LIMIT 500``. Over an index
on next_due_at alone, PostgreSQL had to sort every due row for each batch (a fan-out's
subscriptions share one due minute), so a fan-out's claims cost the square of its size; over
(next_due_at, id) it reads the 500 rows it takes. On SQLite the old index already carried the
rowid (id); nothing changes there but the index's definition.
"""

from alembic import op


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_subscriptions_next_due_at", table_name="subscriptions")
    op.create_index("ix_subscriptions_next_due_at", "subscriptions", ["next_due_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_subscriptions_next_due_at", table_name="subscriptions")
    op.create_index("ix_subscriptions_next_due_at", "subscriptions", ["next_due_at"])
