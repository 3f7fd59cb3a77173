"""remembered devices: "keep me signed in" for patients (only a SHA-256 hash of each token)

Revision ID: a6d1e0c4f2b7
Revises: f5c9d3b7e1a2
Create Date: 2026-12-02 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6d1e0c4f2b7'
down_revision = 'f5c9d3b7e1a2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('remembered_device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_remembered_device_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remembered_device')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_remembered_device_token_hash'))
    )
    with op.batch_alter_table('remembered_device', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_remembered_device_user_id'), ['user_id'], unique=False)


def downgrade():
    # Only convenience is lost: every remembered patient logs in with the password again.
    with op.batch_alter_table('remembered_device', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_remembered_device_user_id'))
    op.drop_table('remembered_device')
