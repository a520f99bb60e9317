"""token version

Every password change moves user.token_version on, and tokens carry the version they were
issued at, so a change ends every older token. Tokens issued before this migration carry no
version and are refused: everyone signs in once more.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 11:19:00.334721

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('user', sa.Column('token_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    op.drop_column('user', 'token_version')
