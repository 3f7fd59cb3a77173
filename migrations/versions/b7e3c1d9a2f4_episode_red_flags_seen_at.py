"""episode.red_flags_seen_at: the patient acknowledged the episode's warning signs

Revision ID: b7e3c1d9a2f4
Revises: c7e2d4f8a911
Create Date: 2026-12-01 23:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e3c1d9a2f4'
down_revision = 'c7e2d4f8a911'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.add_column(sa.Column('red_flags_seen_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.drop_column('red_flags_seen_at')
