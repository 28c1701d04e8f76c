"""communities.locale: the platform's own locale for the community (Discord's server locale)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 01:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: learned the next time the community is seen (an interaction in the server).
    with op.batch_alter_table('communities') as batch:
        batch.add_column(sa.Column('locale', sa.String(length=16), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+), not batch mode: batch mode rebuilds the communities
    # table, and dropping the old one cascades to every subscription on SQLite.
    op.drop_column('communities', 'locale')
