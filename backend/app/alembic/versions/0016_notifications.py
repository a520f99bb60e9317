"""notifications

`notification`: what happened to a user's job or offer, written in the transaction of the
change, mailed after the commit. `user.unread_notifications` is kept by statement-level
triggers (a mark-all-as-read updates the user's row once, not once per notification), so
the bell's poll reads it with the signed-in user. `user.notification_mails` turns the mails
off.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 13:30:00.000000

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

KEEP_UNREAD = """
CREATE FUNCTION notification_keep_unread() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE "user" u SET unread_notifications = u.unread_notifications + d.n
        FROM (SELECT user_id, count(*) AS n FROM new_rows WHERE read_at IS NULL
              GROUP BY user_id) d
        WHERE u.id = d.user_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE "user" u SET unread_notifications = u.unread_notifications - d.n
        FROM (SELECT user_id, count(*) AS n FROM old_rows WHERE read_at IS NULL
              GROUP BY user_id) d
        WHERE u.id = d.user_id;
    ELSE
        UPDATE "user" u SET unread_notifications = u.unread_notifications + d.n
        FROM (SELECT user_id, sum(delta) AS n FROM (
                  SELECT user_id, 1 AS delta FROM new_rows WHERE read_at IS NULL
                  UNION ALL
                  SELECT user_id, -1 FROM old_rows WHERE read_at IS NULL) changes
              GROUP BY user_id HAVING sum(delta) <> 0) d
        WHERE u.id = d.user_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER notification_unread_insert AFTER INSERT ON notification
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notification_keep_unread();
CREATE TRIGGER notification_unread_update AFTER UPDATE ON notification
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notification_keep_unread();
CREATE TRIGGER notification_unread_delete AFTER DELETE ON notification
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notification_keep_unread();
"""


def upgrade():
    op.add_column(
        'user',
        sa.Column('unread_notifications', sa.Integer(), server_default='0', nullable=False),
    )
    op.add_column(
        'user',
        sa.Column('notification_mails', sa.Boolean(), server_default='true', nullable=False),
    )
    op.create_table(
        'notification',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('cleaning_id', sa.Uuid(), nullable=True),
        sa.Column('cleaning_name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column('actor_id', sa.Uuid(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('mailed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('mail_error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.CheckConstraint(
            "kind IN ('offer_received', 'hire_cancelled', 'offer_accepted',"
            " 'offer_declined', 'evaluated')",
            name=op.f('ck_notification_kind'),
        ),
        sa.ForeignKeyConstraint(
            ['actor_id'], ['user.id'],
            name=op.f('fk_notification_actor_id_user'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['cleaning_id'], ['cleaning.id'],
            name=op.f('fk_notification_cleaning_id_cleaning'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user.id'],
            name=op.f('fk_notification_user_id_user'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    )
    op.create_index(
        'ix_notification_user_id_created_at_id',
        'notification', ['user_id', 'created_at', 'id'], unique=False,
    )
    op.create_index(
        'ix_notification_user_id_unread', 'notification', ['user_id'], unique=False,
        postgresql_where=sa.text('read_at IS NULL'),
    )
    op.create_index(
        op.f('ix_notification_cleaning_id'), 'notification', ['cleaning_id'], unique=False
    )
    op.create_index(
        op.f('ix_notification_actor_id'), 'notification', ['actor_id'], unique=False
    )
    op.execute(KEEP_UNREAD)


def downgrade():
    op.drop_table('notification')
    op.execute('DROP FUNCTION notification_keep_unread()')
    op.drop_column('user', 'notification_mails')
    op.drop_column('user', 'unread_notifications')
