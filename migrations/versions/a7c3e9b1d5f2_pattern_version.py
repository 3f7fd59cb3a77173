"""user.pattern_version: the diary's version less changes to daily factors alone

Revision ID: a7c3e9b1d5f2
Revises: d9a4b3f7c5e0
Create Date: 2026-12-02 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9b1d5f2'
down_revision = 'd9a4b3f7c5e0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pattern_version', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    # A cache key only: the kept dashboards keyed by it are simply rendered again.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('pattern_version')
