"""The tests' throwaway embedded PostgreSQL."""

import tempfile
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from app.core.db import start_embedded


def throwaway_embedded_server() -> str:
    """A fresh embedded PostgreSQL whose data folder is deleted when the process exits.

    The data folder sits directly in the temporary folder and the server creates it itself,
    so deleting it leaves nothing behind (a folder of our own around it would stay, empty).
    """
    pgdata = Path(tempfile.gettempdir()) / f"spotless-test-pg-{uuid.uuid4().hex[:12]}"
    return start_embedded(pgdata, delete_on_exit=True)


def without_index_scans(session: Session) -> None:
    """For the rest of the session's transaction, PostgreSQL reads tables in physical order and
    sorts: only a query's ORDER BY can then put ties in order (through the feed's index they
    come out in id order whatever the query says)."""
    for setting in ("enable_indexscan", "enable_indexonlyscan", "enable_bitmapscan"):
        session.connection().execute(text(f"SET LOCAL {setting} = off"))
