"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-28 22:50:44.032774
"""

from alembic import op
import sqlalchemy as sa
import bot.store.schema


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('communities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=False),
    sa.Column('region', sa.String(length=8), nullable=True),
    sa.Column('pending_notice', sa.Text(), nullable=True),
    sa.Column('created_at', bot.store.schema.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_communities')),
    sa.UniqueConstraint('platform', 'external_id', name='uq_communities_platform_external')
    )
    op.create_table('subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.String(length=64), nullable=False),
    sa.Column('cadence', sa.String(length=16), nullable=False),
    sa.Column('days', sa.String(length=32), nullable=False),
    sa.Column('local_time', sa.String(length=5), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('age_band', sa.String(length=8), nullable=True),
    sa.Column('quiet_start', sa.String(length=5), nullable=True),
    sa.Column('quiet_end', sa.String(length=5), nullable=True),
    sa.Column('anchor_date', sa.Date(), nullable=False),
    sa.Column('jitter_seconds', sa.Integer(), nullable=False),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('paused_reason', sa.String(length=32), nullable=True),
    sa.Column('failure_count', sa.Integer(), nullable=False),
    sa.Column('last_failure_kind', sa.String(length=32), nullable=True),
    sa.Column('last_failure_at', bot.store.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('next_due_at', bot.store.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', bot.store.schema.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_subscriptions_community_id_communities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscriptions')),
    sa.UniqueConstraint('community_id', 'channel_id', name='uq_subscriptions_community_channel')
    )
    with op.batch_alter_table('subscriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subscriptions_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subscriptions_next_due_at'), ['next_due_at'], unique=False)

    op.create_table('tips_shown',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.String(length=64), nullable=False),
    sa.Column('tip_id', sa.String(length=64), nullable=False),
    sa.Column('shown_at', bot.store.schema.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_tips_shown_community_id_communities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tips_shown'))
    )
    with op.batch_alter_table('tips_shown', schema=None) as batch_op:
        batch_op.create_index('ix_tips_shown_place', ['community_id', 'channel_id'], unique=False)

    op.create_table('deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subscription_id', sa.Integer(), nullable=False),
    sa.Column('slot_at', bot.store.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('idempotency_key', sa.String(length=32), nullable=False),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('lease_until', bot.store.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('tip_id', sa.String(length=64), nullable=True),
    sa.Column('message_id', sa.String(length=64), nullable=True),
    sa.Column('error', sa.String(length=200), nullable=True),
    sa.Column('created_at', bot.store.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', bot.store.schema.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['subscription_id'], ['subscriptions.id'], name=op.f('fk_deliveries_subscription_id_subscriptions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries')),
    sa.UniqueConstraint('subscription_id', 'slot_at', name='uq_deliveries_subscription_slot')
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_deliveries_status_lease', ['status', 'lease_until'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_deliveries_status_lease')

    op.drop_table('deliveries')
    with op.batch_alter_table('tips_shown', schema=None) as batch_op:
        batch_op.drop_index('ix_tips_shown_place')

    op.drop_table('tips_shown')
    with op.batch_alter_table('subscriptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subscriptions_next_due_at'))
        batch_op.drop_index(batch_op.f('ix_subscriptions_community_id'))

    op.drop_table('subscriptions')
    op.drop_table('communities')
