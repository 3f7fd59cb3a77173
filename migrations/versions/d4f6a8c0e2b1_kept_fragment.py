"""kept_fragment: rendered dashboards, chart data and API summaries shared by every worker

Revision ID: d4f6a8c0e2b1
Revises: a1d3e5f7b9c2
Create Date: 2026-12-02 01:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4f6a8c0e2b1'
down_revision = 'a1d3e5f7b9c2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('kept_fragment',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('diary_version', sa.Integer(), nullable=False),
    sa.Column('build', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_kept_fragment_owner_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_kept_fragment'))
    )
    with op.batch_alter_table('kept_fragment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kept_fragment_owner_id'), ['owner_id'], unique=False)


def downgrade():
    # Only copies of pages computed from the diary: rendered again on the next view.
    with op.batch_alter_table('kept_fragment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kept_fragment_owner_id'))

    op.drop_table('kept_fragment')
