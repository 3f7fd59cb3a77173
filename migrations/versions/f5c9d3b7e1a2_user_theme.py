"""user.theme: light, dark, dim or following the device

Revision ID: f5c9d3b7e1a2
Revises: e4b8c2a6d0f1
Create Date: 2026-12-02 01:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f5c9d3b7e1a2'
down_revision = 'e4b8c2a6d0f1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('theme', sa.String(length=10), server_default='system',
                                      nullable=False))


def downgrade():
    # A display preference only: nothing clinical is lost.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('theme')
