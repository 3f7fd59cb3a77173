"""user.deleted_at: an erased account stays as a tombstone

Revision ID: 55a7a4b65c76
Revises: 15adcb17607c
Create Date: 2026-11-21 18:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

from diary.migration_guards import refuse_losing


# revision identifiers, used by Alembic.
revision = '55a7a4b65c76'
down_revision = '15adcb17607c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(), nullable=True))


def downgrade():
    refuse_losing({"marks of deleted accounts":
                   'SELECT count(*) FROM "user" WHERE deleted_at IS NOT NULL'})
    # On SQLite this rebuilds the user table; migrations/env.py keeps the children's rows.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
