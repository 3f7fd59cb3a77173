"""reminders: per-patient settings, Web Push subscriptions, and the sent-reminder key

Revision ID: d9a4b3f7c5e0
Revises: a6d1e0c4f2b7
Create Date: 2026-12-02 04:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd9a4b3f7c5e0'
down_revision = 'a6d1e0c4f2b7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reminder_setting',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('evening', sa.Boolean(), nullable=False),
        sa.Column('evening_at', sa.Time(), nullable=False),
        sa.Column('morning', sa.Boolean(), nullable=False),
        sa.Column('morning_at', sa.Time(), nullable=False),
        sa.Column('by_email', sa.Boolean(), nullable=False),
        sa.Column('by_push', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'],
                                name=op.f('fk_reminder_setting_user_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_reminder_setting')),
    )
    op.create_table(
        'push_subscription',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('endpoint', sa.String(length=1000), nullable=False),
        sa.Column('p256dh', sa.String(length=200), nullable=False),
        sa.Column('auth', sa.String(length=100), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'],
                                name=op.f('fk_push_subscription_user_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_push_subscription')),
        sa.UniqueConstraint('user_id', 'endpoint', name='uq_push_subscription_user_endpoint'),
    )
    with op.batch_alter_table('push_subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_push_subscription_user_id'), ['user_id'],
                              unique=False)
    op.create_table(
        'reminder_sent',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'],
                                name=op.f('fk_reminder_sent_user_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_sent')),
        sa.UniqueConstraint('user_id', 'kind', 'day', name='uq_reminder_sent_user_kind_day'),
    )


def downgrade():
    # Reminder preferences and delivery bookkeeping only: nothing clinical is lost.
    op.drop_table('reminder_sent')
    with op.batch_alter_table('push_subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_subscription_user_id'))
    op.drop_table('push_subscription')
    op.drop_table('reminder_setting')
