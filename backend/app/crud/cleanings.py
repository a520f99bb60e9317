import uuid
from typing import Any

from sqlalchemy.orm import joinedload
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.core.errors import NotFound
from app.crud.feed import record_event
from app.models import Cleaning, CleaningCreate, CleaningUpdate, FeedEventType, User
from app.models.base import utcnow


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


def lock_cleaning(
    *, session: Session, cleaning_id: uuid.UUID, shared: bool = False
) -> None:
    """Row-lock the job until the transaction ends, so state changes on its offers serialise."""
    session.exec(
        select(Cleaning.id)
        .where(Cleaning.id == cleaning_id)
        .with_for_update(read=shared)
    ).one()


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
        cleaning=cleaning,
        event_type=FeedEventType.is_create,
        at=cleaning.created_at,
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
    if changes:
        cleaning.sqlmodel_update(changes)
        cleaning.updated_at = utcnow()
        session.add(cleaning)
        record_event(
            session=session,
            cleaning=cleaning,
            event_type=FeedEventType.is_update,
            at=cleaning.updated_at,
            changed_fields=sorted(changes),
        )
        session.flush()
    return sorted(changes)
