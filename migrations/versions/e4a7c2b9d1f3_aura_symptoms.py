"""aura detail: one row per aura symptom with its minutes; episode.aura_in_succession

Revision ID: e4a7c2b9d1f3
Revises: e4f6a8c0d2b1
Create Date: 2026-12-02 01:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4a7c2b9d1f3'
down_revision = 'e4f6a8c0d2b1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'aura_symptom',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('episode_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['episode_id'], ['episode.id'],
                                name=op.f('fk_aura_symptom_episode_id_episode'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_aura_symptom')),
        sa.UniqueConstraint('episode_id', 'kind', name='uq_aura_symptom_kind'),
    )
    with op.batch_alter_table('aura_symptom', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aura_symptom_episode_id'), ['episode_id'],
                              unique=False)
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aura_in_succession', sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.drop_column('aura_in_succession')
    with op.batch_alter_table('aura_symptom', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aura_symptom_episode_id'))
    op.drop_table('aura_symptom')
