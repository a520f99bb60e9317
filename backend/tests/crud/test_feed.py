"""Offset pages skip over the feed's index alone, then join the page: exactly the pages the plain
query (join everything, sort, skip) gives, ties and updates included."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Select
from sqlmodel import Session

from app import crud
from app.crud import feed
from app.models import CleaningCreate, CleaningUpdate, FeedEventType
from tests.utils.database import without_index_scans
from tests.utils.user import create_random_user


def rows(
    session: Session, statement: Select[Any], params: dict[str, int] | None = None
) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in session.connection().execute(statement, params)]


def plain_page(skip: int, limit: int) -> Select[Any]:
    """The straightforward way: every event joined to its cleaning and owner, then skipped."""
    return feed.feed_query().offset(skip).limit(limit)


@pytest.mark.parametrize("index_scans", [True, False])
def test_offset_pages_are_those_of_the_plain_query(
    db: Session, index_scans: bool
) -> None:
    if not index_scans:
        without_index_scans(db)
    owners = [create_random_user(db) for _ in range(3)]
    cleanings = [
        crud.create_cleaning(
            session=db,
            cleaning_in=CleaningCreate(name=f"job {n}", price=Decimal(10 + n)),
            owner=owners[n % 3],
        )
        for n in range(7)
    ]
    # Updates: several events per cleaning, each page showing the cleaning as it is now.
    for n, cleaning in enumerate(cleanings * 2):
        crud.update_cleaning(
            session=db,
            cleaning=cleaning,
            cleaning_in=CleaningUpdate(name=f"renamed {n}", price=Decimal(50 + n)),
        )
    # Ties: groups of events of one microsecond, older and newer than the rest.
    for at in (datetime(2001, 1, 1, tzinfo=UTC), datetime.now(UTC) + timedelta(days=1)):
        for n in range(9):
            feed.record_event(
                session=db,
                cleaning_id=cleanings[n % 7].id,
                event_type=FeedEventType.is_update,
                at=at,
                event_data={"name": ("old", "new")},
            )
    db.flush()
    total = feed.count_events(session=db)
    assert total == 7 + 14 + 18

    for limit in (1, 3, 7, 20, 100):
        for skip in range(total + 2):
            page = rows(db, feed.feed_page_statement(), {"skip": skip, "limit": limit})
            expected = rows(db, plain_page(skip, limit))
            assert page == expected, (skip, limit)
            assert len(expected) == max(0, min(limit, total - skip))
