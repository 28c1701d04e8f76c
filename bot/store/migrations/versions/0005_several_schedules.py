"""several schedules per community: deliveries say why they failed, schedules whether the timezone was given

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 01:00:00

Every existing schedule is kept as it is (a community already had at most one, and the
(community, channel) key allows one per channel). Failed deliveries get their failure kind
from the start of their stored error ("no_permission: Missing Permissions"), so status and
history can say why an older post failed. Whether an older schedule's timezone was given is
not known: it stays NULL.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The failure kinds of bot.core.messaging.FailureKind when this migration was written.
_KINDS = (
    "channel_gone",
    "no_permission",
    "not_in_channel",
    "auth_revoked",
    "rate_limited",
    "transient",
    "rejected",
)

_deliveries = sa.table(
    "deliveries",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("error", sa.String),
    sa.column("failure_kind", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("subscriptions") as batch:
        batch.add_column(sa.Column("timezone_set", sa.Boolean(), nullable=True))
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("failure_kind", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("missing", sa.String(length=120), nullable=True))
    conn = op.get_bind()
    for kind in _KINDS:
        conn.execute(
            _deliveries.update()
            .where(
                _deliveries.c.status == "failed",
                sa.or_(_deliveries.c.error == kind, _deliveries.c.error.like(f"{kind}:%")),
            )
            .values(failure_kind=kind)
        )
    # A post that kept failing until its catch-up window passed (written without a kind).
    conn.execute(
        _deliveries.update()
        .where(_deliveries.c.status == "failed", _deliveries.c.failure_kind.is_(None))
        .values(failure_kind="transient")
    )


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("missing")
        batch.drop_column("failure_kind")
    with op.batch_alter_table("subscriptions") as batch:
        batch.drop_column("timezone_set")
