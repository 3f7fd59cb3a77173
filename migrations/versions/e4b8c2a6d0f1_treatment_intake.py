"""treatment_intake: the intake date a physiotherapist sets (the outcomes' baseline)

Revision ID: e4b8c2a6d0f1
Revises: e4a7c2b9d1f3
Create Date: 2026-12-02 01:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b8c2a6d0f1'
down_revision = 'e4a7c2b9d1f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('treatment_intake',
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('physio_id', sa.Integer(), nullable=True),
    sa.Column('physio_name', sa.String(length=254), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['user.id'], name=op.f('fk_treatment_intake_patient_id_user')),
    sa.ForeignKeyConstraint(['physio_id'], ['user.id'], name=op.f('fk_treatment_intake_physio_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('patient_id', name=op.f('pk_treatment_intake'))
    )


def downgrade():
    # Only a setting of the outcomes (their start); the sessions, the clinic's record of the
    # treatment, stay. So no guard: a downgrade past it needs no force.
    op.drop_table('treatment_intake')
