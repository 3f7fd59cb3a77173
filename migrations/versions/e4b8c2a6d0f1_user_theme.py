"""user.theme: light, dark, dim or following the device

Revision ID: e4b8c2a6d0f1
Revises: a1d3e5f7b9c2
Create Date: 2026-12-02 01:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b8c2a6d0f1'
down_revision = 'a1d3e5f7b9c2'
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
