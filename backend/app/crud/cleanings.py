import functools
import re
import uuid
from decimal import Decimal
from typing import Any, NamedTuple

from pydantic import TypeAdapter
from sqlalchemy import ColumnElement, Select, func, literal, update
from sqlalchemy import select as core_select
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.core.errors import Conflict, NotFound
from app.crud.common import (
    profile_columns,
    public_profile,
    read_page_and_total,
    with_total,
)
from app.crud.feed import record_event
from app.models import (
    Cleaning,
    CleaningCreate,
    CleaningPublic,
    CleaningSearch,
    CleaningStatus,
    CleaningUpdate,
    FeedEventType,
    User,
)
from app.models.base import utcnow
from app.models.cleanings import SEARCH_VECTOR, SearchSort, SearchStatus


def _cleanings_newest_first() -> SelectOfScalar[Cleaning]:
    """Cleanings, newest first, owners loaded in the same query."""
    return (
        select(Cleaning)
        .options(joinedload(Cleaning.owner))  # type: ignore[arg-type]
        .order_by(col(Cleaning.created_at).desc(), col(Cleaning.id).desc())
    )


def cleanings_visible_to(user: User) -> SelectOfScalar[Cleaning]:
    """The caller's own cleanings (a superuser's: all)."""
    statement = _cleanings_newest_first()
    if not user.is_superuser:
        statement = statement.where(Cleaning.owner_id == user.id)
    return statement


def cleanings_owned_by(owner_id: uuid.UUID) -> SelectOfScalar[Cleaning]:
    """A user's cleanings, as their public profile lists them."""
    return _cleanings_newest_first().where(Cleaning.owner_id == owner_id)


def get_cleaning(*, session: Session, cleaning_id: uuid.UUID) -> Cleaning:
    cleaning = session.exec(
        select(Cleaning)
        .options(joinedload(Cleaning.owner))  # type: ignore[arg-type]
        .where(Cleaning.id == cleaning_id)
    ).first()
    if cleaning is None:
        raise NotFound("Cleaning not found")
    return cleaning


# What the owner and the accepted cleaner agreed on: editable while the job is open.
FIXED_ONCE_TAKEN = frozenset({"price", "cleaning_type", "area", "scheduled_on"})
# The values a job is posted with, as its feed event records them.
POSTED_FIELDS = ("name", "price", "cleaning_type", "area", "scheduled_on")


class JobState(NamedTuple):
    """A job as committed when its row was locked."""

    price: Decimal
    status: CleaningStatus

    @property
    def completed(self) -> bool:
        return self.status == CleaningStatus.completed

    @property
    def taken(self) -> bool:
        """An accepted or completed offer: no new offers, price and type fixed."""
        return self.status != CleaningStatus.open


def lock_cleaning(*, session: Session, cleaning_id: uuid.UUID) -> JobState:
    """Row-lock the job until the transaction ends, so state changes on its offers serialise
    (each of them also writes the job's offer count and perhaps its status).

    Its state comes from the same statement: after waiting for the lock, PostgreSQL returns
    the row as the transaction that held it left it.
    """
    price, status = session.exec(
        select(col(Cleaning.price), col(Cleaning.status))
        .where(Cleaning.id == cleaning_id)
        .with_for_update()
    ).one()
    return JobState(price, CleaningStatus(status))


def job_is_taken(state: JobState) -> bool:
    """Completed, or with an accepted offer, as read by lock_cleaning."""
    return state.taken


def set_job_status(
    *,
    session: Session,
    cleaning_id: uuid.UUID,
    old: CleaningStatus,
    new: CleaningStatus,
    cleaning: Cleaning | None = None,
) -> None:
    """Move a locked job from `old` to `new` with its feed event, in the caller's
    transaction; `cleaning`, when the caller holds it, shows the change too."""
    now = utcnow()
    values: dict[str, Any] = {"status": new, "updated_at": now}
    if new == CleaningStatus.completed:
        values["completed_at"] = now
    session.exec(update(Cleaning).where(col(Cleaning.id) == cleaning_id).values(values))
    if cleaning is not None:
        for field, value in values.items():
            # As loaded, not as a change: the row is already written.
            set_committed_value(cleaning, field, value)
    record_event(
        session=session,
        cleaning_id=cleaning_id,
        event_type=FeedEventType.is_update,
        at=now,
        event_data={"status": (old, new)},
    )


def delete_cleaning(*, session: Session, cleaning: Cleaning, by: User) -> None:
    """Delete a job with its offers, evaluation and events. Once it is taken only a
    superuser may: its owner could otherwise erase the evaluation of its cleaner."""
    state = lock_cleaning(session=session, cleaning_id=cleaning.id)
    if not by.is_superuser and job_is_taken(state):
        raise Conflict(
            "This cleaning job has an accepted or completed offer: only a superuser "
            "can delete it"
        )
    session.delete(cleaning)
    session.flush()


def create_cleaning(
    *, session: Session, cleaning_in: CleaningCreate, owner: User
) -> Cleaning:
    cleaning = Cleaning.model_validate(cleaning_in, update={"owner_id": owner.id})
    cleaning.updated_at = cleaning.created_at
    cleaning.owner = owner
    session.add(cleaning)
    # One flush: the unit of work inserts the cleaning before the event that refers to it.
    record_event(
        session=session,
        cleaning_id=cleaning.id,
        event_type=FeedEventType.is_create,
        at=cleaning.created_at,
        event_data={field: getattr(cleaning, field) for field in POSTED_FIELDS},
    )
    session.flush()
    return cleaning


def update_cleaning(
    *, session: Session, cleaning: Cleaning, cleaning_in: CleaningUpdate
) -> list[str]:
    """Apply the fields that really change, with their feed event; return their names.

    No change: nothing is written, no `updated_at`, no event.
    """
    changes: dict[str, Any] = {
        field: value
        for field, value in cleaning_in.model_dump(exclude_unset=True).items()
        if getattr(cleaning, field) != value
    }
    if changes.keys() & FIXED_ONCE_TAKEN:
        # Locked, so the change and an accept happen one after the other, never together.
        state = lock_cleaning(session=session, cleaning_id=cleaning.id)
        if job_is_taken(state):
            raise Conflict(
                "The price, type, area and date of a job are fixed once an offer is "
                "accepted (until the cleaner cancels)"
            )
    if changes:
        old = {field: getattr(cleaning, field) for field in changes}
        cleaning.sqlmodel_update(changes)
        cleaning.updated_at = utcnow()
        session.add(cleaning)
        record_event(
            session=session,
            cleaning_id=cleaning.id,
            event_type=FeedEventType.is_update,
            at=cleaning.updated_at,
            event_data={f: (old[f], getattr(cleaning, f)) for f in changes},
        )
        session.flush()
    return sorted(changes)


# --- search ------------------------------------------------------------------------------

# Words of a query: letters and digits; everything else (punctuation, quotes, tsquery's own
# & | ! ( ) : *, control characters) separates them, so no input can break the tsquery.
_WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 16
MAX_WORD_LENGTH = 100  # characters; a tsquery word may have 2047 bytes


def search_words(q: str | None) -> list[str]:
    """The words of a search text, at most MAX_WORDS, each at most MAX_WORD_LENGTH long."""
    return [w[:MAX_WORD_LENGTH] for w in _WORD.findall(q or "")][:MAX_WORDS]


def _word_query(word: str, *, prefix: bool) -> ColumnElement[Any]:
    # Without accents as the column is, quoted as a tsquery operand (its text then goes
    # through the parser as the column's did); the last word also matches as a prefix.
    plain = func.replace(func.immutable_unaccent(word), "\\", "")
    operand: ColumnElement[str] = func.quote_literal(plain)
    if prefix:
        operand = operand.concat(":*")
    return func.to_tsquery(literal("simple").cast(REGCONFIG), operand)


def _text_query(words: list[str]) -> ColumnElement[Any]:
    queries = [_word_query(w, prefix=i == len(words) - 1) for i, w in enumerate(words)]
    return functools.reduce(lambda a, b: a.op("&&")(b), queries)


_SEARCH_ORDER: dict[SearchSort, tuple[Any, ...]] = {
    SearchSort.newest: (col(Cleaning.created_at).desc(), col(Cleaning.id).desc()),
    SearchSort.price_asc: (col(Cleaning.price).asc(), col(Cleaning.id).asc()),
    SearchSort.price_desc: (col(Cleaning.price).desc(), col(Cleaning.id).desc()),
    SearchSort.soonest: (
        col(Cleaning.scheduled_on).asc().nulls_last(),
        col(Cleaning.id).asc(),
    ),
}


def search_filters(search: CleaningSearch, viewer: User) -> list[ColumnElement[bool]]:
    """What a search keeps: other people's jobs matching every given criterion. The page and
    its count both filter with these, so they never disagree."""
    c = Cleaning
    filters: list[ColumnElement[bool]] = [col(c.owner_id) != viewer.id]
    if search.status != SearchStatus.any:
        filters.append(col(c.status) == search.status.value)
    if search.cleaning_type:
        filters.append(
            col(c.cleaning_type).in_([t.value for t in search.cleaning_type])
        )
    if search.min_price is not None:
        filters.append(col(c.price) >= search.min_price)
    if search.max_price is not None:
        filters.append(col(c.price) <= search.max_price)
    if search.scheduled_from is not None:
        filters.append(col(c.scheduled_on) >= search.scheduled_from)
    if search.scheduled_to is not None:
        filters.append(col(c.scheduled_on) <= search.scheduled_to)
    words = search_words(search.q)
    if words:
        filters.append(SEARCH_VECTOR.op("@@")(_text_query(words)))
    return filters


# A job with its owner's public profile, as plain columns (no search vector).
_SEARCH_COLUMNS = (
    *Cleaning.__mapper__.columns,  # type: ignore[attr-defined]
    *profile_columns(User, "owner"),
)


def search_statements(
    search: CleaningSearch, viewer: User
) -> tuple[Select[Any], Select[Any]]:
    """The page (with the total as one more column) and the count alone, from one set of
    filters; ties in every order are broken by id, so pages never repeat or skip a job."""
    filters = search_filters(search, viewer)
    order = _SEARCH_ORDER[search.sort]
    count = core_select(func.count()).select_from(Cleaning).where(*filters)
    # The page's ids first, then only those jobs joined to their owners (as the feed's
    # offset pages do): without words, the skipped jobs are counted off an index alone.
    ids = (
        core_select(col(Cleaning.id))
        .where(*filters)
        .order_by(*order)
        .offset(search.skip)
        .limit(search.limit)
        .subquery("page")
    )
    page = (
        core_select(*_SEARCH_COLUMNS)
        .join_from(Cleaning, ids, col(Cleaning.id) == ids.c.id)
        .join(User, col(User.id) == col(Cleaning.owner_id))
        .order_by(*order)
    )
    return with_total(page, count), count


_CLEANINGS = TypeAdapter(list[CleaningPublic])


def search_cleanings(
    *, session: Session, search: CleaningSearch, viewer: User
) -> tuple[list[CleaningPublic], int]:
    """A page of other people's jobs and the exact number of all that match, in one
    statement (the count alone when the page is past the end)."""
    page, count = search_statements(search, viewer)
    rows, total = read_page_and_total(session.connection(), page, count, {})
    cleanings = _CLEANINGS.validate_python(
        [
            {
                **row,
                "owner": public_profile(row, "owner"),
            }
            for row in rows
        ]
    )
    return cleanings, total
