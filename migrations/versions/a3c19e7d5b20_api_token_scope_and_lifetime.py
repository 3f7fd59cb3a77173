"""api_token.scope (read / write) and an end date for every token

Existing tokens keep what they could do (scope "write": read and change), so the scripts that
use them go on working; new tokens are "read" unless the owner chooses "write". Tokens that
never expired get one: a year after this migration (API_TOKEN_MAX_LIFETIME).

Revision ID: a3c19e7d5b20
Revises: 55a7a4b65c76
Create Date: 2026-12-01 23:10:00.000000

"""
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a3c19e7d5b20'
down_revision = '55a7a4b65c76'
branch_labels = None
depends_on = None

api_token = sa.table('api_token', sa.column('scope', sa.String),
                     sa.column('expires_at', sa.DateTime))


def upgrade():
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope', sa.String(length=10), server_default='read',
                                      nullable=False))
    op.execute(api_token.update().values(scope='write'))
    # Stored as naive UTC, like every UTCDateTime column.
    in_a_year = (datetime.now(UTC) + timedelta(days=365)).replace(tzinfo=None)
    op.execute(api_token.update().where(api_token.c.expires_at.is_(None))
               .values(expires_at=in_a_year))


def downgrade():
    # The end dates stay: a token that never expires is not brought back.
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('scope')
