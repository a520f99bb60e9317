"""email key

Emails are compared by one case rule (app.models.users.email_key), kept in a unique column.
Existing users get the key of their email. Earlier, uniqueness was lower(email), which lets
two spellings of one email register (e.g. "İx@" and Python's lower form "i̇x@"). Where such
spellings exist, the oldest account keeps the email's key; the others get a key no email
folds to ("<key>#<user id>"), so they cannot log in until a superuser changes their email,
and the migration logs them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 11:12:25.151059

"""
import logging

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes

from app.models.users import email_key

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

logger = logging.getLogger("alembic.runtime.migration")


def upgrade():
    op.add_column('user', sa.Column('email_key', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    connection = op.get_bind()
    users = connection.execute(sa.text('SELECT id, email FROM "user" ORDER BY created_at, id')).all()
    taken = set()
    for user_id, email in users:
        key = email_key(email)
        if key in taken:
            logger.warning(
                "User %s: the email %r folds to the email of an older account; it cannot "
                "log in until its email is changed", user_id, email
            )
            key = f"{key}#{user_id}"
        taken.add(key)
        connection.execute(
            sa.text('UPDATE "user" SET email_key = :key WHERE id = :id'), {"key": key, "id": user_id}
        )
    op.alter_column('user', 'email_key', nullable=False)
    op.drop_index(op.f('uq_user_email_lower'), table_name='user')
    op.create_unique_constraint(op.f('uq_user_email_key'), 'user', ['email_key'])


def downgrade():
    op.drop_constraint(op.f('uq_user_email_key'), 'user', type_='unique')
    op.create_index(op.f('uq_user_email_lower'), 'user', [sa.literal_column('lower(email::text)')], unique=True)
    op.drop_column('user', 'email_key')
