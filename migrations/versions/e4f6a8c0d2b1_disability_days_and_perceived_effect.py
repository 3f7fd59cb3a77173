"""episode disability questions; perceived_effect: the patient's answer after a session

Revision ID: e4f6a8c0d2b1
Revises: d4f6a8c0e2b1
Create Date: 2026-12-02 01:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4f6a8c0d2b1'
down_revision = 'd4f6a8c0e2b1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.add_column(sa.Column('missed_work', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('halved_work', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('missed_activities', sa.Boolean(), nullable=True))

    op.create_table('perceived_effect',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.String(length=20), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['user.id'], name=op.f('fk_perceived_effect_patient_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['treatment_session.id'], name=op.f('fk_perceived_effect_session_id_treatment_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_perceived_effect')),
    sa.UniqueConstraint('session_id', name='uq_perceived_effect_session')
    )
    with op.batch_alter_table('perceived_effect', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_perceived_effect_patient_id'), ['patient_id'], unique=False)


def downgrade():
    # The patient's own answers, not the clinic's record: nothing the law makes the clinic keep.
    with op.batch_alter_table('perceived_effect', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_perceived_effect_patient_id'))

    op.drop_table('perceived_effect')
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.drop_column('missed_activities')
        batch_op.drop_column('halved_work')
        batch_op.drop_column('missed_work')
