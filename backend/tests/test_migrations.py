"""Alembic: the migrations build exactly the models' schema, and run down and up again."""

from collections.abc import Generator

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, text

from app.models.users import email_key
from app.prestart import alembic_config
from tests.conftest import separate_database


@pytest.fixture
def empty_database(database_url: str, engine: Engine) -> Generator[str]:  # noqa: ARG001
    """A new, empty database on the test server (dropped afterwards)."""
    yield from separate_database(database_url)


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
        conn.execute(
            text(
                'INSERT INTO "user" (id, email, username, hashed_password, is_active,'
                " is_superuser, created_at) VALUES (gen_random_uuid(), 'old@example.com',"
                " 'old', 'x', true, false, now())"
            )
        )
        conn.execute(
            text(
                "INSERT INTO cleaning (id, name, price, cleaning_type, owner_id, created_at,"
                " updated_at) SELECT gen_random_uuid(), 'job ' || n, 10, 'spot_clean',"
                ' (SELECT id FROM "user"), now(), now() FROM generate_series(1, 3) n'
            )
        )
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


def test_the_email_key_migration_keys_existing_users(empty_database: str) -> None:
    config = alembic_config(empty_database)
    command.upgrade(config, "0003")
    probe = create_engine(empty_database)
    # Under lower(email) these were three accounts; under one case rule, two emails.
    emails = ["İx@example.com", "i̇x@example.com", "Straße@example.com"]
    with probe.begin() as conn:
        for n, email in enumerate(emails):
            conn.execute(
                text(
                    'INSERT INTO "user" (id, email, username, hashed_password, is_active,'
                    " is_superuser, created_at) VALUES (gen_random_uuid(), :email,"
                    " :username, 'x', true, false, now() + :n * interval '1 second')"
                ),
                {"email": email, "username": f"user{n}", "n": n},
            )
    command.upgrade(config, "head")
    with probe.connect() as conn:
        rows = conn.execute(text('SELECT username, email_key FROM "user"')).all()
    keys: dict[str, str] = dict(rows)
    assert keys["user0"] == email_key("İx@example.com") == "ix@example.com"
    assert keys["user1"].startswith("ix@example.com#")  # the younger spelling
    assert keys["user2"] == "strasse@example.com"
    probe.dispose()
