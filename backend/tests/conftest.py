"""Test database and clients.

Tests never touch the developer's data: they run on a throwaway embedded PostgreSQL (deleted at
the end), or, when DATABASE_URL is set, on a separate database created on that server and dropped
afterwards. Each test runs inside a transaction that is rolled back at its end; tests that need
real commits (races across connections) use the `committed` fixture, which empties the tables
after them.
"""

import os
import uuid
from collections.abc import Callable, Generator

# Before the app is imported: cheap hashes in tests (production keeps bcrypt's cost 12).
os.environ["BCRYPT_ROUNDS"] = "4"

import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import Engine, make_url, text  # noqa: E402
from sqlmodel import Session, create_engine  # noqa: E402

from app.api.deps import get_db  # noqa: E402
from app.core import db as app_db  # noqa: E402
from app.core.config import settings  # noqa: E402
from app.main import app  # noqa: E402
from app.models import metadata  # noqa: E402
from app.prestart import init_db, migrate  # noqa: E402
from tests.utils.database import throwaway_embedded_server  # noqa: E402
from tests.utils.smtp import (  # noqa: E402
    SMTPServer,
    disable_smtp,
    running_smtp_server,
    use_smtp_server,
    use_unreachable_smtp,
)
from tests.utils.user import authentication_token_from_email  # noqa: E402
from tests.utils.user import superuser_token_headers as superuser_headers  # noqa: E402


def separate_database(server_url: str) -> Generator[str]:
    name = f"spotless_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            make_url(server_url)
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url() -> Generator[str]:
    if settings.DATABASE_URL:
        yield from separate_database(settings.DATABASE_URL)
    else:
        yield throwaway_embedded_server()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Generator[Engine]:
    migrate(database_url)
    # The app's own engine (used by real-commit tests) points at the test database too.
    saved = settings.DATABASE_URL
    settings.DATABASE_URL = database_url
    app_db.reset_engines()
    engine = app_db.get_engine()
    yield engine
    app_db.reset_engines()
    settings.DATABASE_URL = saved


@pytest.fixture
def db(engine: Engine) -> Generator[Session]:
    """A session whose work is rolled back after the test; requests share it."""
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    init_db(session)

    def override_get_db() -> Generator[Session]:
        try:
            yield session
        except Exception:
            session.rollback()
            raise
        session.commit()

    app.dependency_overrides[get_db] = override_get_db
    yield session
    app.dependency_overrides.pop(get_db, None)
    session.close()
    transaction.rollback()
    connection.close()


@pytest.fixture
def committed(engine: Engine) -> Generator[Engine]:
    """Requests go through the app's real sessions and commit; the tables are emptied after."""
    app.dependency_overrides.pop(get_db, None)
    with Session(engine) as session:
        init_db(session)
    yield engine
    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} CASCADE"))


@pytest.fixture
def client(engine: Engine) -> Generator[TestClient]:  # noqa: ARG001 (the test database first)
    with TestClient(app) as c:
        yield c


@pytest.fixture
def from_address(client: TestClient) -> Callable[[str], TestClient]:
    """Clients of the app from other addresses (the `client` fixture's is "testclient"), as
    the throttles count them."""
    return lambda address: TestClient(
        app, client=(address, 50000), base_url=str(client.base_url)
    )


@pytest.fixture
def superuser_token_headers(client: TestClient, db: Session) -> dict[str, str]:  # noqa: ARG001
    return superuser_headers(client)


@pytest.fixture
def normal_user_token_headers(client: TestClient, db: Session) -> dict[str, str]:
    return authentication_token_from_email(
        client=client, email=settings.EMAIL_TEST_USER, db=db
    )


@pytest.fixture
def smtp_server() -> Generator[SMTPServer]:
    """A real SMTP server on a free local port; the app's settings do not point at it."""
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def mailbox(smtp_server: SMTPServer, monkeypatch: pytest.MonkeyPatch) -> SMTPServer:
    """The app's SMTP settings point at `smtp_server`: what it sends lands in `.messages`."""
    use_smtp_server(monkeypatch, smtp_server)
    return smtp_server


@pytest.fixture
def no_smtp(smtp_server: SMTPServer, monkeypatch: pytest.MonkeyPatch) -> SMTPServer:
    """No SMTP host configured; the returned server catches any mail sent regardless."""
    disable_smtp(monkeypatch, smtp_server)
    return smtp_server


@pytest.fixture
def smtp_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """SMTP is configured, but the mail server refuses connections."""
    use_unreachable_smtp(monkeypatch)
