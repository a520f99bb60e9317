"""item counter

How many items each user owns, kept by triggers in the transaction that adds, removes or
moves items (also the cascade from a deleted user), so `count` of an items page is read, not
counted.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 15:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# Statement-level triggers with transition tables: one counter update per owner and statement,
# however many rows. Each backend adds to its own shard (pid % 16) of an owner's count, so
# concurrent inserts for one owner rarely wait on the same row lock; readers sum the shards.
# When a user is deleted, their rows go too.
ITEM_COUNTER_FUNCTIONS = """
CREATE FUNCTION item_counter_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Each branch reads only the transition tables its trigger declares.
    IF TG_OP = 'INSERT' THEN
        INSERT INTO item_counter (owner_id, shard, items)
        SELECT owner_id, pg_backend_pid() % 16, count(*) FROM new_rows GROUP BY owner_id
        ON CONFLICT (owner_id, shard) DO UPDATE SET items = item_counter.items + excluded.items;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO item_counter (owner_id, shard, items)
        SELECT owner_id, pg_backend_pid() % 16, -count(*) FROM old_rows
        -- Not for a deleted owner (their rows are gone or about to go, either order).
        WHERE EXISTS (SELECT 1 FROM "user" AS u WHERE u.id = old_rows.owner_id)
        GROUP BY owner_id
        ON CONFLICT (owner_id, shard) DO UPDATE SET items = item_counter.items + excluded.items;
    ELSE  -- UPDATE: only items that changed owner move between counts
        INSERT INTO item_counter (owner_id, shard, items)
        SELECT owner_id, pg_backend_pid() % 16, sum(n) FROM (
            SELECT owner_id, 1 AS n FROM new_rows
            UNION ALL
            SELECT owner_id, -1 FROM old_rows
        ) AS moves GROUP BY owner_id HAVING sum(n) <> 0
        ON CONFLICT (owner_id, shard) DO UPDATE SET items = item_counter.items + excluded.items;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION item_counter_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM item_counter;
    RETURN NULL;
END $$;

-- A deleted user's count rows (their items go by the cascade, before or after this).
CREATE FUNCTION item_counter_forget_owners() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM item_counter WHERE owner_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END $$;
"""


def upgrade():
    op.create_table(
        'item_counter',
        sa.Column('owner_id', sa.Uuid(), nullable=False),
        sa.Column('shard', sa.Integer(), nullable=False),
        sa.Column('items', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('owner_id', 'shard', name=op.f('pk_item_counter')),
    )
    op.execute(ITEM_COUNTER_FUNCTIONS)
    op.execute(
        "CREATE TRIGGER item_count_insert AFTER INSERT ON item "
        "REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION item_counter_change()"
    )
    op.execute(
        "CREATE TRIGGER item_count_delete AFTER DELETE ON item "
        "REFERENCING OLD TABLE AS old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION item_counter_change()"
    )
    op.execute(
        "CREATE TRIGGER item_count_update AFTER UPDATE ON item "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION item_counter_change()"
    )
    op.execute(
        "CREATE TRIGGER item_count_truncate AFTER TRUNCATE ON item "
        "FOR EACH STATEMENT EXECUTE FUNCTION item_counter_reset()"
    )
    op.execute(
        'CREATE TRIGGER item_count_owner_delete AFTER DELETE ON "user" '
        "REFERENCING OLD TABLE AS old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION item_counter_forget_owners()"
    )
    # Items stored before the counter existed.
    op.execute(
        "INSERT INTO item_counter (owner_id, shard, items) "
        "SELECT owner_id, 0, count(*) FROM item GROUP BY owner_id"
    )


def downgrade():
    op.execute('DROP TRIGGER item_count_owner_delete ON "user"')
    for trigger in ("truncate", "update", "delete", "insert"):
        op.execute(f"DROP TRIGGER item_count_{trigger} ON item")
    op.execute(
        "DROP FUNCTION item_counter_forget_owners(), item_counter_reset(),"
        " item_counter_change()"
    )
    op.drop_table('item_counter')
