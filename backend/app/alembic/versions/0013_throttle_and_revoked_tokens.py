"""throttle and revoked tokens

The login throttle becomes a general one (`throttle`): failed logins per (account, address),
per account and per address, recovery mails per account, recovery and signup requests per
address, and the addresses an account logged in from; each key has its own window, so a row
says when its window ends. The counts of `login_throttle` are dropped: they are only windows
of at most 15 minutes. `revoked_token` holds the ids of access tokens ended by a logout until
they expire.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index(op.f('ix_login_throttle_window_started_at'), table_name='login_throttle')
    op.drop_table('login_throttle')
    op.create_table(
        'throttle',
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('hits', sa.Integer(), nullable=False),
        sa.Column('window_ends_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_throttle')),
    )
    op.create_index(
        op.f('ix_throttle_window_ends_at'), 'throttle', ['window_ends_at'], unique=False
    )
    op.create_table(
        'revoked_token',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_revoked_token')),
    )
    op.create_index(
        op.f('ix_revoked_token_expires_at'), 'revoked_token', ['expires_at'], unique=False
    )


def downgrade():
    op.drop_index(op.f('ix_revoked_token_expires_at'), table_name='revoked_token')
    op.drop_table('revoked_token')
    op.drop_index(op.f('ix_throttle_window_ends_at'), table_name='throttle')
    op.drop_table('throttle')
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
