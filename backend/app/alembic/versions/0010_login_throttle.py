"""login throttle

Failed logins counted per account (a hash of the email's case key) and per client address,
in fixed windows, so every API process shares the counts.

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-02 12:30:00.000000

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'login_throttle',
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttle')),
    )
    op.create_index(
        op.f('ix_login_throttle_window_started_at'),
        'login_throttle',
        ['window_started_at'],
        unique=False,
    )


def downgrade():
    op.drop_index(op.f('ix_login_throttle_window_started_at'), table_name='login_throttle')
    op.drop_table('login_throttle')
