"""communities.language: the language an admin chose (/safety-admin language)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 22:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable, no default: every existing community stays on "auto".
    with op.batch_alter_table('communities') as batch:
        batch.add_column(sa.Column('language', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('communities') as batch:
        batch.drop_column('language')
