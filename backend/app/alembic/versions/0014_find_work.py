"""find work: job status and offer count, area and date, search, feed event data

- `cleaning.status` (open / hired / completed) and `cleaning.offers_count` (pending plus
  accepted offers), backfilled from the offers: the status from `completed_at` or a completed
  offer (completed), else an accepted offer (hired), else open. From here on the crud
  functions keep the status, and a trigger on offer keeps the count, in the transaction of
  each change.
- `cleaning.area` and `cleaning.scheduled_on`, optional (existing jobs: null).
- Search: the `unaccent` extension, an IMMUTABLE wrapper around it (unaccent itself is only
  STABLE, so it cannot build a stored column), a stored generated tsvector over name,
  description and area with the `simple` configuration, its GIN index, and b-tree indexes for
  search's status filter and orders.
- `cleaning_event.event_data` (JSONB). Events recorded before this revision get what can be
  known: an is_create event gets the job's current name, price, cleaning_type, area and
  scheduled_on, which are the values as posted only when no later update changed them (an
  approximation for updated jobs; area and scheduled_on, new here, are null). An is_update
  event gets each of its changed_fields as {"old": null, "new": null}: the old and new values
  were never recorded. Status events did not exist before this revision.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = "0013"
branch_labels = None
depends_on = None

SEARCH_VECTOR = (
    "to_tsvector('simple'::regconfig, immutable_unaccent("
    "coalesce(name, '') || ' ' || coalesce(description, '') || ' ' "
    "|| coalesce(area, '')))"
)

# unaccent(dictionary, text) with both schema-qualified: the result then depends on nothing
# a session can change (search_path), which is what IMMUTABLE promises.
UNACCENT_FUNCTION = """
CREATE FUNCTION immutable_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
"""

# Statement-level triggers with transition tables: one update per job and statement (accepting
# an offer rejects every other pending one in one statement), and only when the job's count
# moves. Deleting an account deletes its offers by cascade: the count follows. A job being
# deleted has no row left to update.
OFFERS_COUNT_FUNCTION = """
CREATE FUNCTION cleaning_offers_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Each branch reads only the transition tables its trigger declares.
    IF TG_OP = 'INSERT' THEN
        UPDATE cleaning AS c SET offers_count = c.offers_count + d.n
        FROM (SELECT cleaning_id, count(*) AS n FROM new_rows
              WHERE status IN ('pending', 'accepted') GROUP BY cleaning_id) AS d
        WHERE c.id = d.cleaning_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE cleaning AS c SET offers_count = c.offers_count - d.n
        FROM (SELECT cleaning_id, count(*) AS n FROM old_rows
              WHERE status IN ('pending', 'accepted') GROUP BY cleaning_id) AS d
        WHERE c.id = d.cleaning_id;
    ELSE
        UPDATE cleaning AS c SET offers_count = c.offers_count + d.n
        FROM (SELECT cleaning_id, sum(n) AS n FROM (
                  SELECT cleaning_id, 1 AS n FROM new_rows
                  WHERE status IN ('pending', 'accepted')
                  UNION ALL
                  SELECT cleaning_id, -1 AS n FROM old_rows
                  WHERE status IN ('pending', 'accepted')
              ) AS moves GROUP BY cleaning_id HAVING sum(n) <> 0) AS d
        WHERE c.id = d.cleaning_id;
    END IF;
    RETURN NULL;
END $$
"""


def upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public")
    op.execute(UNACCENT_FUNCTION)

    op.add_column('cleaning', sa.Column('area', sa.String(length=100), nullable=True))
    op.add_column('cleaning', sa.Column('scheduled_on', sa.Date(), nullable=True))
    op.add_column(
        'cleaning',
        sa.Column('status', sa.String(length=16), server_default='open', nullable=False),
    )
    op.add_column(
        'cleaning',
        sa.Column('offers_count', sa.Integer(), server_default='0', nullable=False),
    )
    op.add_column(
        'cleaning',
        sa.Column(
            'search_vector',
            postgresql.TSVECTOR(),
            sa.Computed(SEARCH_VECTOR, persisted=True),
            nullable=True,
        ),
    )
    op.execute(
        """
        UPDATE cleaning AS c SET
            status = CASE
                WHEN c.completed_at IS NOT NULL OR EXISTS (
                    SELECT 1 FROM offer o
                    WHERE o.cleaning_id = c.id AND o.status = 'completed') THEN 'completed'
                WHEN EXISTS (
                    SELECT 1 FROM offer o
                    WHERE o.cleaning_id = c.id AND o.status = 'accepted') THEN 'hired'
                ELSE 'open' END,
            offers_count = (
                SELECT count(*) FROM offer o
                WHERE o.cleaning_id = c.id AND o.status IN ('pending', 'accepted'))
        """
    )
    op.create_check_constraint(
        op.f('ck_cleaning_status'), 'cleaning', "status IN ('open', 'hired', 'completed')"
    )
    op.create_check_constraint(
        op.f('ck_cleaning_offers_count_not_negative'), 'cleaning', 'offers_count >= 0'
    )
    # The owner and type included: a count without words reads the index alone.
    for key in ('created_at', 'price', 'scheduled_on'):
        op.create_index(
            f'ix_cleaning_status_{key}_id', 'cleaning', ['status', key, 'id'],
            postgresql_include=['owner_id', 'cleaning_type'],
        )
    op.create_index(
        'ix_cleaning_search_vector', 'cleaning', ['search_vector'], postgresql_using='gin'
    )

    op.execute(OFFERS_COUNT_FUNCTION)
    for event, tables in (
        ('INSERT', 'NEW TABLE AS new_rows'),
        ('UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'),
        ('DELETE', 'OLD TABLE AS old_rows'),
    ):
        op.execute(
            f"CREATE TRIGGER offer_offers_count_{event.lower()} AFTER {event} ON offer "
            f"REFERENCING {tables} "
            "FOR EACH STATEMENT EXECUTE FUNCTION cleaning_offers_count_change()"
        )

    op.add_column(
        'cleaning_event',
        sa.Column(
            'event_data',
            postgresql.JSONB(astext_type=sa.Text()),
            server_default='{}',
            nullable=False,
        ),
    )
    op.execute(
        """
        UPDATE cleaning_event AS e SET event_data = jsonb_build_object(
            'name', c.name,
            'price', c.price::text,
            'cleaning_type', c.cleaning_type,
            'area', c.area,
            'scheduled_on', c.scheduled_on)
        FROM cleaning AS c
        WHERE c.id = e.cleaning_id AND e.event_type = 'is_create'
        """
    )
    op.execute(
        """
        UPDATE cleaning_event AS e SET event_data = (
            SELECT coalesce(
                jsonb_object_agg(field, jsonb_build_object('old', NULL, 'new', NULL)),
                '{}')
            FROM unnest(e.changed_fields) AS field)
        WHERE e.event_type = 'is_update'
        """
    )


def downgrade():
    # Status events only make sense with a status.
    op.execute("DELETE FROM cleaning_event WHERE changed_fields = '{status}'")
    op.drop_column('cleaning_event', 'event_data')
    for event in ('insert', 'update', 'delete'):
        op.execute(f"DROP TRIGGER offer_offers_count_{event} ON offer")
    op.execute("DROP FUNCTION cleaning_offers_count_change()")
    op.drop_index('ix_cleaning_search_vector', table_name='cleaning')
    op.drop_index('ix_cleaning_status_scheduled_on_id', table_name='cleaning')
    op.drop_index('ix_cleaning_status_price_id', table_name='cleaning')
    op.drop_index('ix_cleaning_status_created_at_id', table_name='cleaning')
    op.drop_constraint(op.f('ck_cleaning_offers_count_not_negative'), 'cleaning', type_='check')
    op.drop_constraint(op.f('ck_cleaning_status'), 'cleaning', type_='check')
    op.drop_column('cleaning', 'search_vector')
    op.drop_column('cleaning', 'offers_count')
    op.drop_column('cleaning', 'status')
    op.drop_column('cleaning', 'scheduled_on')
    op.drop_column('cleaning', 'area')
    op.execute("DROP FUNCTION immutable_unaccent(text)")
    op.execute("DROP EXTENSION IF EXISTS unaccent")
