"""profile pictures

Pictures are uploaded and kept in `profile_picture`; a user's `image` becomes the app's own URL
of it. URLs of pictures on other hosts are cleared: the app no longer shows them (each view
would tell that host who looked at whom), so those users have no picture until they upload one.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 13:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'profile_picture',
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('etag', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'],
            ['user.id'],
            name=op.f('fk_profile_picture_user_id_user'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_profile_picture')),
    )
    op.execute('UPDATE "user" SET image = NULL WHERE image IS NOT NULL')


def downgrade():
    op.execute('UPDATE "user" SET image = NULL WHERE image IS NOT NULL')
    op.drop_table('profile_picture')
