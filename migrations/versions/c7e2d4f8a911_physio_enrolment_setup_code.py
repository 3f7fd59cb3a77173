"""user.enrolment_code_hash: a physiotherapist enrols two-step verification with a setup code

Physiotherapists already enrolled are not affected; one not yet enrolled needs a code from
`flask enrolment-code EMAIL`.

Revision ID: c7e2d4f8a911
Revises: a3c19e7d5b20
Create Date: 2026-12-01 23:15:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c7e2d4f8a911'
down_revision = 'a3c19e7d5b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('enrolment_code_hash', sa.String(length=64), nullable=True))


def downgrade():
    # On SQLite this rebuilds the user table; migrations/env.py keeps the children's rows.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('enrolment_code_hash')
