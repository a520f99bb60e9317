"""Alembic: the migrations build exactly the models' schema, and run down and up again."""

import uuid
from collections.abc import Generator
from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import Connection, Engine, create_engine, text

from app.models.users import email_key
from app.prestart import alembic_config
from tests.conftest import separate_database


@pytest.fixture
def empty_database(database_url: str, engine: Engine) -> Generator[str]:  # noqa: ARG001
    """A new, empty database on the test server (dropped afterwards)."""
    yield from separate_database(database_url)


# Rows written with SQL, as the schema of an earlier revision has them.


def insert_user(
    conn: Connection, email: str, username: str, *, seconds_later: int = 0
) -> uuid.UUID:
    user_id = uuid.uuid4()
    conn.execute(
        text(
            'INSERT INTO "user" (id, email, username, hashed_password, is_active,'
            " is_superuser, created_at) VALUES (:id, :email, :username, 'x', true, false,"
            " now() + :later * interval '1 second')"
        ),
        {"id": user_id, "email": email, "username": username, "later": seconds_later},
    )
    return user_id


def insert_cleanings(conn: Connection, owner: uuid.UUID, n: int) -> list[uuid.UUID]:
    ids = [uuid.uuid4() for _ in range(n)]
    for cleaning_id in ids:
        conn.execute(
            text(
                "INSERT INTO cleaning (id, name, price, cleaning_type, owner_id,"
                " created_at, updated_at) VALUES (:id, 'job', 10, 'spot_clean', :owner,"
                " now(), now())"
            ),
            {"id": cleaning_id, "owner": owner},
        )
    return ids


def test_models_and_migrations_agree(database_url: str, engine: Engine) -> None:  # noqa: ARG001
    # `alembic check`: fails when autogenerate would find anything to add, drop or alter.
    command.check(alembic_config(database_url))


def test_migrations_run_down_to_nothing_and_up_again(empty_database: str) -> None:
    config = alembic_config(empty_database)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    probe = create_engine(empty_database)
    with probe.connect() as conn:
        tables = conn.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        ).scalar_one()
    assert tables == 1  # alembic_version only
    command.upgrade(config, "head")
    command.check(config)
    probe.dispose()


def test_the_feed_migration_brings_earlier_jobs_into_the_feed(
    empty_database: str,
) -> None:
    config = alembic_config(empty_database)
    command.upgrade(config, "0002")
    probe = create_engine(empty_database)
    with probe.begin() as conn:
        owner = insert_user(conn, "old@example.com", "old")
        insert_cleanings(conn, owner, 3)
    command.upgrade(config, "head")
    with probe.connect() as conn:
        events = conn.execute(
            text("SELECT count(*) FROM cleaning_event WHERE event_type = 'is_create'")
        ).scalar_one()
        counted = conn.execute(
            text("SELECT sum(events) FROM feed_counter")
        ).scalar_one()
    assert events == counted == 3
    probe.dispose()


def test_the_item_counter_migration_counts_existing_items(empty_database: str) -> None:
    config = alembic_config(empty_database)
    command.upgrade(config, "0002")  # a user table insert_user knows
    probe = create_engine(empty_database)
    with probe.begin() as conn:
        owners = [
            insert_user(conn, f"owner{n}@example.com", f"owner{n}") for n in (1, 2)
        ]
        for owner, items in zip(owners, (3, 1), strict=True):
            for n in range(items):
                conn.execute(
                    text(
                        "INSERT INTO item (id, title, owner_id, created_at)"
                        " VALUES (gen_random_uuid(), :title, :owner, now())"
                    ),
                    {"title": f"old {n}", "owner": owner},
                )
    command.upgrade(config, "head")
    with probe.connect() as conn:
        kept: dict[uuid.UUID, int] = dict(
            conn.execute(
                text("SELECT owner_id, sum(items) FROM item_counter GROUP BY owner_id")
            ).all()
        )
    assert kept == {owners[0]: 3, owners[1]: 1}
    probe.dispose()


def test_the_email_key_migration_keys_existing_users(empty_database: str) -> None:
    config = alembic_config(empty_database)
    command.upgrade(config, "0003")
    probe = create_engine(empty_database)
    # Under lower(email) these were three accounts; under one case rule, two emails.
    emails = ["İx@example.com", "i̇x@example.com", "Straße@example.com"]
    with probe.begin() as conn:
        for n, email in enumerate(emails):
            insert_user(conn, email, f"user{n}", seconds_later=n)
    command.upgrade(config, "head")
    with probe.connect() as conn:
        rows = conn.execute(text('SELECT username, email_key FROM "user"')).all()
    keys: dict[str, str] = dict(rows)
    assert keys["user0"] == email_key("İx@example.com") == "ix@example.com"
    assert keys["user1"].startswith("ix@example.com#")  # the younger spelling
    assert keys["user2"] == "strasse@example.com"
    probe.dispose()


def test_jobs_evaluated_before_0006_are_completed_at_their_price(
    empty_database: str,
) -> None:
    config = alembic_config(empty_database)
    command.upgrade(config, "0003")  # (insert_user writes no email key)
    probe = create_engine(empty_database)
    with probe.begin() as conn:
        owner = insert_user(conn, "owner@example.com", "owner")
        cleaner = insert_user(conn, "cleaner@example.com", "cleaner")
        evaluated, open_job = insert_cleanings(conn, owner, 2)
        conn.execute(
            text(
                "INSERT INTO offer (cleaning_id, user_id, status, created_at, updated_at)"
                " VALUES (:job, :cleaner, 'completed', now(), now())"
            ),
            {"job": evaluated, "cleaner": cleaner},
        )
        conn.execute(
            text(
                "INSERT INTO evaluation (cleaning_id, cleaner_id, no_show,"
                " overall_rating, created_at) VALUES (:job, :cleaner, false, 4,"
                " '2030-01-01T00:00:00Z')"
            ),
            {"job": evaluated, "cleaner": cleaner},
        )
    command.upgrade(config, "head")
    with probe.connect() as conn:
        rows = conn.execute(text("SELECT id, completed_at FROM cleaning")).all()
        agreed = conn.execute(text("SELECT agreed_price FROM offer")).scalar_one()
    completed: dict[uuid.UUID, datetime | None] = dict(rows)
    assert completed[evaluated] == datetime(2030, 1, 1, tzinfo=UTC)
    assert completed[open_job] is None
    assert str(agreed) == "10.00"  # 0007: the job's price
    probe.dispose()


def test_0014_backfills_status_offer_counts_and_event_data(empty_database: str) -> None:
    config = alembic_config(empty_database)
    command.upgrade(config, "0003")  # (insert_user writes no email key)
    probe = create_engine(empty_database)
    with probe.begin() as conn:
        owner = insert_user(conn, "owner@example.com", "owner")
        cleaners = [
            insert_user(conn, f"c{n}@example.com", f"cleaner{n}") for n in range(3)
        ]
    command.upgrade(config, "0012")
    with probe.begin() as conn:
        open_job, hired_job, completed_job = insert_cleanings(conn, owner, 3)
        offers = [
            (open_job, cleaners[0], "pending"),
            (open_job, cleaners[1], "pending"),
            (open_job, cleaners[2], "cancelled"),
            (hired_job, cleaners[0], "accepted"),
            (hired_job, cleaners[1], "rejected"),
            (completed_job, cleaners[0], "completed"),
            (completed_job, cleaners[1], "rejected"),
        ]
        for job, cleaner, status in offers:
            conn.execute(
                text(
                    "INSERT INTO offer (cleaning_id, user_id, status, created_at,"
                    " updated_at) VALUES (:job, :cleaner, :status, now(), now())"
                ),
                {"job": job, "cleaner": cleaner, "status": status},
            )
        conn.execute(
            text("UPDATE cleaning SET completed_at = now() WHERE id = :job"),
            {"job": completed_job},
        )
        for event_type, changed in (("is_create", "{}"), ("is_update", "{price,name}")):
            conn.execute(
                text(
                    "INSERT INTO cleaning_event (cleaning_id, event_type,"
                    " event_timestamp, changed_fields) VALUES (:job, :type, now(),"
                    " CAST(:changed AS varchar[]))"
                ),
                {"job": open_job, "type": event_type, "changed": changed},
            )
    command.upgrade(config, "head")
    with probe.begin() as conn:
        rows = conn.execute(text("SELECT id, status, offers_count FROM cleaning")).all()
        assert {r.id: (r.status, r.offers_count) for r in rows} == {
            open_job: ("open", 2),
            hired_job: ("hired", 1),
            completed_job: ("completed", 0),
        }
        data: dict[str, object] = dict(
            conn.execute(
                text("SELECT event_type, event_data FROM cleaning_event")
            ).all()
        )
        assert data["is_create"] == {
            "name": "job",
            "price": "10.00",
            "cleaning_type": "spot_clean",
            "area": None,
            "scheduled_on": None,
        }
        assert data["is_update"] == {
            "price": {"old": None, "new": None},
            "name": {"old": None, "new": None},
        }
        # From now on the trigger keeps the count.
        conn.execute(
            text("UPDATE offer SET status = 'pending' WHERE cleaning_id = :job"),
            {"job": open_job},
        )
        count = conn.execute(
            text("SELECT offers_count FROM cleaning WHERE id = :job"), {"job": open_job}
        ).scalar_one()
        assert count == 3
        # Search finds the job by a word of its name, accents aside.
        found = conn.execute(
            text(
                "SELECT count(*) FROM cleaning"
                " WHERE search_vector @@ to_tsquery('simple', 'job')"
            )
        ).scalar_one()
        assert found == 3
    command.downgrade(config, "0012")
    command.upgrade(config, "head")
    probe.dispose()
