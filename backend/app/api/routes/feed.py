import re
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BeforeValidator

from app.api.deps import CurrentUser, SessionDep, Skip
from app.core.answers import page_answer
from app.crud import feed
from app.models import CleaningFeed, CleaningFeedPage

router = APIRouter(prefix="/feed", tags=["feed"])

FeedLimit = Annotated[int, Query(ge=1, le=100)]


def _not_a_number(value: object) -> object:
    # pydantic reads "0.5" as a Unix time; the schema says an ISO 8601 date-time.
    if isinstance(value, str) and re.fullmatch(r"\s*[-+]?[\d.eE+-]+\s*", value):
        raise ValueError("must be an ISO 8601 date-time, not a number")
    return value


DateTimeText = Annotated[datetime, BeforeValidator(_not_a_number)]


def _invalid(param: str, message: str, value: str) -> RequestValidationError:
    # The same 422 shape FastAPI gives for any other invalid query parameter.
    return RequestValidationError(
        [
            {
                "type": "value_error",
                "loc": ("query", param),
                "msg": message,
                "input": value,
            }
        ]
    )


@router.get("/cleanings/", response_model=CleaningFeed)
def read_feed(
    session: SessionDep, _: CurrentUser, skip: Skip = 0, limit: FeedLimit = 20
) -> Response:
    """Jobs posted and changed, newest first, as offset pages (`count`: all events)."""
    items, count = feed.read_feed_page(session=session, skip=skip, limit=limit)
    return page_answer(items, count=count)


@router.get("/cleanings/cursor", response_model=CleaningFeedPage)
def read_feed_cursor(
    session: SessionDep,
    _: CurrentUser,
    limit: FeedLimit = 20,
    cursor: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description="`next_cursor` of the previous page",
        ),
    ] = None,
    starting_date: Annotated[
        DateTimeText | None, Query(description="Only events strictly older than this")
    ] = None,
) -> Response:
    """Jobs posted and changed, newest first, as keyset pages: each page at the same cost."""
    if cursor is not None and starting_date is not None:
        raise _invalid(
            "cursor", "give either cursor or starting_date, not both", cursor
        )
    after = None
    if cursor is not None:
        try:
            after = feed.decode_cursor(cursor)
        except feed.InvalidCursor as exc:
            raise _invalid("cursor", f"Invalid cursor: {exc}", cursor)
    if starting_date is not None and starting_date.tzinfo is None:
        starting_date = starting_date.replace(tzinfo=UTC)  # naive times are UTC
    items, next_cursor, count = feed.read_feed_after(
        session=session, limit=limit, after=after, before=starting_date
    )
    return page_answer(items, count=count, next_cursor=next_cursor)
