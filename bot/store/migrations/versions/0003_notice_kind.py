"""admin notices stored as a kind and parameters, not as English text

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 21:10:00

A notice already waiting is kept: its text moves to kind "text" with the text as its only
parameter, and is shown as it was written.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_communities = sa.table(
    "communities",
    sa.column("id", sa.Integer),
    sa.column("pending_notice", sa.Text),
    sa.column("notice_kind", sa.String),
    sa.column("notice_params", sa.Text),
)


def upgrade() -> None:
    with op.batch_alter_table("communities") as batch:
        batch.add_column(sa.Column("notice_kind", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("notice_params", sa.Text(), nullable=True))
    conn = op.get_bind()
    waiting = conn.execute(
        sa.select(_communities.c.id, _communities.c.pending_notice).where(_communities.c.pending_notice.is_not(None))
    ).all()
    for community_id, text in waiting:
        conn.execute(
            _communities.update()
            .where(_communities.c.id == community_id)
            .values(notice_kind="text", notice_params=json.dumps({"text": text}))
        )
    with op.batch_alter_table("communities") as batch:
        batch.drop_column("pending_notice")


def downgrade() -> None:
    with op.batch_alter_table("communities") as batch:
        batch.add_column(sa.Column("pending_notice", sa.Text(), nullable=True))
    conn = op.get_bind()
    waiting = conn.execute(
        sa.select(_communities.c.id, _communities.c.notice_kind, _communities.c.notice_params).where(
            _communities.c.notice_kind.is_not(None)
        )
    ).all()
    for community_id, kind, params in waiting:
        text = json.loads(params or "{}").get("text") if kind == "text" else None
        conn.execute(
            _communities.update()
            .where(_communities.c.id == community_id)
            .values(pending_notice=text or "Scheduled tips need attention: see /safety-admin schedule.")
        )
    with op.batch_alter_table("communities") as batch:
        batch.drop_column("notice_params")
        batch.drop_column("notice_kind")
