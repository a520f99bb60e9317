"""The activity feed: events recorded with each change, read as offset pages or with cursors."""

import base64
import binascii
import hashlib
import hmac
import struct
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Select, bindparam, func, tuple_
from sqlalchemy import select as core_select
from sqlmodel import Session, col

from app.core.answers import json_text
from app.core.reads import Query
from app.core.security import derive_key
from app.crud.common import page_and_total, profile_columns, with_total
from app.models import (
    Cleaning,
    CleaningEvent,
    CleaningFeedItem,
    FeedCounter,
    FeedEventType,
    User,
)


def event_value(value: Any) -> Any:
    """A field's value in an event's data as the API shows it: prices with two decimals,
    dates in ISO 8601, types and statuses by name."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    return value


def record_event(
    *,
    session: Session,
    cleaning_id: uuid.UUID,
    event_type: FeedEventType,
    at: datetime,
    event_data: dict[str, Any],
) -> None:
    """Add the event to the caller's transaction: it commits or rolls back with the change.

    `event_data`: the posted values (is_create) or {field: (old, new)} (is_update), whose
    fields are the event's changed_fields."""
    if event_type == FeedEventType.is_create:
        changed_fields: list[str] = []
        data = {field: event_value(value) for field, value in event_data.items()}
    else:
        changed_fields = sorted(event_data)
        data = {
            field: {"old": event_value(old), "new": event_value(new)}
            for field, (old, new) in event_data.items()
        }
    session.add(
        CleaningEvent(
            cleaning_id=cleaning_id,
            event_type=event_type,
            event_timestamp=at,
            changed_fields=changed_fields,
            event_data=data,
        )
    )


_COUNT_EVENTS = core_select(func.coalesce(func.sum(FeedCounter.events), 0))
_EVENTS = Query(_COUNT_EVENTS)


def count_events(*, session: Session) -> int:
    """All events: the sum of the trigger-kept counter shards, not a scan of the events."""
    return int(_EVENTS.rows(session, {})[0][0])


# A feed item's columns: the event, its cleaning and the owner's public profile.
_FEED_COLUMNS = (
    col(CleaningEvent.id).label("event_id"),
    col(CleaningEvent.event_type),
    col(CleaningEvent.event_timestamp),
    col(CleaningEvent.changed_fields),
    col(CleaningEvent.event_data),
    # The job as its model maps it (not the search column, which a feed never reads).
    *Cleaning.__mapper__.columns,  # type: ignore[attr-defined]
    *profile_columns(User, "owner"),
)


def feed_query(columns: Sequence[Any] = _FEED_COLUMNS) -> Select[Any]:
    # One query for event, cleaning and owner (no N+1), plain columns rather than ORM objects
    # (a page is read, never changed), newest first by (event_timestamp, id): the order of
    # ix_cleaning_event_feed_order, so a page reads only the index entries it needs.
    return (
        core_select(*columns)
        .select_from(CleaningEvent)
        .join(Cleaning, col(Cleaning.id) == col(CleaningEvent.cleaning_id))
        .join(User, col(User.id) == col(Cleaning.owner_id))
        .order_by(*_feed_order(CleaningEvent))
    )


def _feed_order(event: Any) -> tuple[Any, Any]:
    return col(event.event_timestamp).desc(), col(event.id).desc()


# What the API reads of a feed item: its CleaningFeedItem JSON, written by PostgreSQL
# (app.core.answers; row_number: the position in the page), and the position of the event
# for the next page's cursor.
_CLEANING = Cleaning.__table__.c  # type: ignore[attr-defined]
_USER = User.__table__.c  # type: ignore[attr-defined]
_EVENT = CleaningEvent.__table__.c  # type: ignore[attr-defined]
_ITEM = json_text(
    CleaningFeedItem,
    {
        **{
            name: _CLEANING[name]
            for name in CleaningFeedItem.model_fields
            if name in _CLEANING
        },
        "owner": {
            "id": _CLEANING.owner_id,
            "username": _USER.username,
            "full_name": _USER.full_name,
            "image": _USER.image,
            "phone_number": None,  # never in the feed (app.api.contact)
        },
        "event_type": _EVENT.event_type,
        "event_timestamp": _EVENT.event_timestamp,
        "changed_fields": _EVENT.changed_fields,
        "event_data": _EVENT.event_data,
        "row_number": func.row_number().over(order_by=_feed_order(CleaningEvent)),
    },
)
_ANSWER_COLUMNS: tuple[Any, ...] = (
    _ITEM.label("item"),
    col(CleaningEvent.event_timestamp),
    col(CleaningEvent.id).label("event_id"),
)


def feed_page_statement(columns: Sequence[Any] = _FEED_COLUMNS) -> Select[Any]:
    """An offset page (parameters `skip` and `limit`): the skipped events are counted off the
    feed's index alone (an index-only scan of ix_cleaning_event_feed_order, which holds both
    sort keys), and only the page's `limit` events are joined to their cleanings and owners.
    Joining first, as the cursor's query does, would make PostgreSQL join or sort every
    skipped row."""
    page = (
        core_select(col(CleaningEvent.id))
        .order_by(*_feed_order(CleaningEvent))
        .offset(bindparam("skip"))
        .limit(bindparam("limit"))
        .subquery("page")
    )
    return feed_query(columns).join_from(
        CleaningEvent, page, col(CleaningEvent.id) == page.c.id
    )


# The feed's statements, built and compiled once with their values as parameters (building a
# statement and its cache key costs more than running it; app.core.reads).
_NEWEST = with_total(
    feed_query(_ANSWER_COLUMNS).limit(bindparam("limit")), _COUNT_EVENTS
)
_PAGES = {
    "offset": Query(with_total(feed_page_statement(_ANSWER_COLUMNS), _COUNT_EVENTS)),
    "newest": Query(_NEWEST),
    "after": Query(
        _NEWEST.where(
            tuple_(_EVENT.event_timestamp, _EVENT.id)
            < tuple_(
                bindparam("at", type_=_EVENT.event_timestamp.type),
                bindparam("event_id", type_=_EVENT.id.type),
            )
        )
    ),
    "before": Query(
        _NEWEST.where(
            _EVENT.event_timestamp
            < bindparam("before", type_=_EVENT.event_timestamp.type)
        )
    ),
}


def read_feed_page(*, session: Session, skip: int, limit: int) -> tuple[list[str], int]:
    """An offset page (its items' JSON) and the number of all events."""
    rows, total = page_and_total(
        session, _PAGES["offset"], _EVENTS, {"skip": skip, "limit": limit}
    )
    return [row["item"] for row in rows], total


# --- cursors -----------------------------------------------------------------------------
# A cursor is the position of the last event of a page: (event_timestamp, id), versioned and
# signed with a key derived from SECRET_KEY, in unpadded base64url. Anything that does not
# decode to exactly such a value under the current key is refused, never reinterpreted.

CURSOR_VERSION = 1
_PAYLOAD = struct.Struct(
    ">Bqq"
)  # version, microseconds since the epoch (UTC), event id
_MAC_BYTES = 16
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True)
class FeedPosition:
    event_timestamp: datetime
    event_id: int


def _mac(payload: bytes) -> bytes:
    return hmac.new(derive_key("feed-cursor"), payload, hashlib.sha256).digest()[
        :_MAC_BYTES
    ]


def encode_cursor(position: FeedPosition) -> str:
    micros = (position.event_timestamp - _EPOCH) // timedelta(microseconds=1)
    payload = _PAYLOAD.pack(CURSOR_VERSION, micros, position.event_id)
    return base64.urlsafe_b64encode(payload + _mac(payload)).rstrip(b"=").decode()


def decode_cursor(cursor: str) -> FeedPosition:
    expected_length = -(
        -(_PAYLOAD.size + _MAC_BYTES) * 4 // 3
    )  # unpadded base64 length
    if len(cursor) != expected_length:
        raise InvalidCursor("the cursor is malformed or truncated")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (binascii.Error, ValueError):
        raise InvalidCursor("the cursor is not valid base64url")
    if base64.urlsafe_b64encode(raw).rstrip(b"=").decode() != cursor:
        raise InvalidCursor("the cursor is not in its canonical encoding")
    payload, mac = raw[: _PAYLOAD.size], raw[_PAYLOAD.size :]
    if not hmac.compare_digest(mac, _mac(payload)):
        raise InvalidCursor("the cursor was not issued by this server or was altered")
    version, micros, event_id = _PAYLOAD.unpack(payload)
    if version != CURSOR_VERSION:
        raise InvalidCursor(f"cursor version {version} is not supported")
    try:
        event_timestamp = _EPOCH + timedelta(microseconds=micros)
    except OverflowError:  # signed, so made with the key, but no time Python can hold
        raise InvalidCursor("the cursor's position is out of range")
    return FeedPosition(event_timestamp, event_id)


def read_feed_after(
    *,
    session: Session,
    limit: int,
    after: FeedPosition | None = None,
    before: datetime | None = None,
) -> tuple[list[str], str | None, int]:
    """A keyset page (its items' JSON): events older than `after` (or than `before`), the
    next page's cursor, and the number of all events."""
    # One row more than asked tells whether a next page exists, without counting.
    params: dict[str, Any] = {"limit": limit + 1}
    page = "newest"
    if after is not None:
        page = "after"
        params.update(at=after.event_timestamp, event_id=after.event_id)
    elif before is not None:
        page = "before"
        params.update(before=before)
    rows, total = page_and_total(session, _PAGES[page], _EVENTS, params)
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        position = FeedPosition(last["event_timestamp"], last["event_id"])
        next_cursor = encode_cursor(position)
    return [row["item"] for row in rows], next_cursor, total
