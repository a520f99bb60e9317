import uuid

from sqlalchemy import or_, update
from sqlalchemy.orm import joinedload
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.core.errors import Conflict, Forbidden, NotFound
from app.crud.cleanings import JobState, job_is_taken, lock_cleaning, set_job_status
from app.crud.notifications import notify
from app.models import (
    Cleaning,
    CleaningStatus,
    NotificationKind,
    Offer,
    OfferStatus,
    User,
)
from app.models.base import utcnow
from app.models.offers import TAKEN

JOB_TAKEN = "This cleaning job already has an accepted offer"


def offers_for_cleaning(cleaning_id: uuid.UUID) -> SelectOfScalar[Offer]:
    return (
        select(Offer)
        .options(joinedload(Offer.user))  # type: ignore[arg-type]
        .where(Offer.cleaning_id == cleaning_id)
        .order_by(col(Offer.created_at), col(Offer.user_id))
    )


def offers_of_user(user_id: uuid.UUID) -> SelectOfScalar[Offer]:
    return (
        select(Offer)
        .options(joinedload(Offer.user))  # type: ignore[arg-type]
        .where(Offer.user_id == user_id)
        .order_by(col(Offer.created_at).desc(), col(Offer.cleaning_id))
    )


def get_offer(*, session: Session, cleaning_id: uuid.UUID, user_id: uuid.UUID) -> Offer:
    offer = session.exec(
        offers_for_cleaning(cleaning_id).where(Offer.user_id == user_id)
    ).first()
    if offer is None:
        raise NotFound("Offer not found")
    return offer


def _set_status(
    session: Session, cleaning_id: uuid.UUID, *, old: OfferStatus, new: OfferStatus
) -> list[uuid.UUID]:
    """Move the job's offers from `old` to `new`; whose offers they were."""
    moved = session.exec(
        update(Offer)
        .where(col(Offer.cleaning_id) == cleaning_id, col(Offer.status) == old)
        .values(status=new, updated_at=utcnow())
        .returning(col(Offer.user_id))
    )
    return list(moved.scalars())


def create_offer(*, session: Session, cleaning: Cleaning, user: User) -> Offer:
    if cleaning.owner_id == user.id:
        raise Forbidden("You cannot offer to do your own cleaning job")
    # Offers on one job queue on its row: each one moves the job's offer count (a shared
    # lock would let two of them wait on each other for that), and none lands while the
    # job is being accepted.
    state = lock_cleaning(session=session, cleaning_id=cleaning.id)
    if job_is_taken(state):
        raise Conflict(JOB_TAKEN)
    if session.get(Offer, (cleaning.id, user.id)) is not None:
        raise Conflict("You have already made an offer for this cleaning job")
    # The primary key settles two identical offers arriving at once (IntegrityError -> 409).
    offer = Offer(cleaning_id=cleaning.id, user_id=user.id)
    offer.updated_at = offer.created_at
    offer.user = user
    session.add(offer)
    session.flush()
    notify(
        session=session,
        user_id=cleaning.owner_id,
        kind=NotificationKind.offer_received,
        cleaning=cleaning,
        actor_id=user.id,
    )
    return offer


def _locked_offer(
    session: Session, cleaning: Cleaning, cleaner: User
) -> tuple[Offer, JobState]:
    """The cleaner's offer and its job's state, read after row-locking the job: a change that
    committed while we waited for the lock is seen, and none can start until this
    transaction ends."""
    state = lock_cleaning(session=session, cleaning_id=cleaning.id)
    offer = get_offer(session=session, cleaning_id=cleaning.id, user_id=cleaner.id)
    session.refresh(offer)
    return offer, state


def _require(offer: Offer, status: OfferStatus, action: str) -> None:
    if offer.status != status:
        article = "an" if status[0] in "aeiou" else "a"
        raise Conflict(
            f"Only {article} {status} offer can be {action}; this one is {offer.status}"
        )


def set_offer_status(*, session: Session, offer: Offer, status: OfferStatus) -> None:
    offer.status = status
    offer.updated_at = utcnow()
    session.add(offer)
    session.flush()


def accept_offer(*, session: Session, cleaning: Cleaning, cleaner: User) -> Offer:
    """Accept one pending offer at the job's price and reject the other pending ones, in one
    transaction."""
    offer, state = _locked_offer(session, cleaning, cleaner)
    if job_is_taken(state):
        raise Conflict(JOB_TAKEN)
    _require(offer, OfferStatus.pending, "accepted")
    offer.agreed_price = state.price  # as committed: price changes wait for the lock
    set_offer_status(session=session, offer=offer, status=OfferStatus.accepted)
    declined = _set_status(
        session, cleaning.id, old=OfferStatus.pending, new=OfferStatus.rejected
    )
    for user_id, kind in [
        (cleaner.id, NotificationKind.offer_accepted),
        *((other, NotificationKind.offer_declined) for other in declined),
    ]:
        notify(
            session=session,
            user_id=user_id,
            kind=kind,
            cleaning=cleaning,
            actor_id=cleaning.owner_id,
        )
    set_job_status(
        session=session,
        cleaning_id=cleaning.id,
        old=state.status,
        new=CleaningStatus.hired,
        cleaning=cleaning,
    )
    return offer


def cancel_offer(*, session: Session, cleaning: Cleaning, cleaner: User) -> Offer:
    """The cleaner withdraws from an accepted job; the rejected offers become pending again."""
    offer, state = _locked_offer(session, cleaning, cleaner)
    _require(offer, OfferStatus.accepted, "cancelled")
    set_offer_status(session=session, offer=offer, status=OfferStatus.cancelled)
    _set_status(session, cleaning.id, old=OfferStatus.rejected, new=OfferStatus.pending)
    notify(
        session=session,
        user_id=cleaning.owner_id,
        kind=NotificationKind.hire_cancelled,
        cleaning=cleaning,
        actor_id=cleaner.id,
    )
    set_job_status(
        session=session,
        cleaning_id=cleaning.id,
        old=state.status,
        new=CleaningStatus.open,
        cleaning=cleaning,
    )
    return offer


def rescind_offer(*, session: Session, cleaning: Cleaning, cleaner: User) -> None:
    """The cleaner takes back a pending offer: it is deleted."""
    offer, _ = _locked_offer(session, cleaning, cleaner)
    _require(offer, OfferStatus.pending, "rescinded")
    session.delete(offer)
    session.flush()


def release_offers_of(*, session: Session, cleaner: User) -> None:
    """Before a cleaner's account, and with it their offers, goes: each job they were
    accepted for is open again, its rejected offers pending (as when they cancel). The
    jobs' offer counts follow the deleted offers by themselves (a trigger on offer)."""
    # Every job they offered on, locked in one order (two deletions never wait on each
    # other), so none of their offers is accepted between this read and the deletion.
    session.exec(
        select(Cleaning.id)
        .where(
            col(Cleaning.id).in_(
                select(Offer.cleaning_id).where(Offer.user_id == cleaner.id)
            )
        )
        .order_by(col(Cleaning.id))
        .with_for_update()
    ).all()
    accepted = session.exec(
        select(Offer.cleaning_id).where(
            Offer.user_id == cleaner.id, Offer.status == OfferStatus.accepted
        )
    ).all()
    for cleaning_id in accepted:
        _set_status(
            session, cleaning_id, old=OfferStatus.rejected, new=OfferStatus.pending
        )
        set_job_status(
            session=session,
            cleaning_id=cleaning_id,
            old=CleaningStatus.hired,
            new=CleaningStatus.open,
        )


def is_hired(
    *, session: Session, cleaning_id: uuid.UUID, cleaner_id: uuid.UUID
) -> bool:
    """Whether the cleaner's offer on the job is accepted or completed."""
    offer = session.get(Offer, (cleaning_id, cleaner_id))
    return offer is not None and offer.status in TAKEN


def hired_between(*, session: Session, one: uuid.UUID, other: uuid.UUID) -> bool:
    """Whether either user hired the other (an offer accepted or completed) on some job."""
    hire = (
        select(Offer.cleaning_id)
        .join(Cleaning, col(Cleaning.id) == col(Offer.cleaning_id))
        .where(
            col(Offer.status).in_(TAKEN),
            or_(
                (col(Offer.user_id) == one) & (col(Cleaning.owner_id) == other),
                (col(Offer.user_id) == other) & (col(Cleaning.owner_id) == one),
            ),
        )
        .limit(1)
    )
    return session.exec(hire).first() is not None


def offers_of_user_with_jobs(
    user_id: uuid.UUID, status: OfferStatus | None = None
) -> SelectOfScalar[Offer]:
    """The user's offers, newest first, each with its job and the job's owner."""
    query = offers_of_user(user_id).options(
        joinedload(Offer.cleaning).joinedload(Cleaning.owner)  # type: ignore[arg-type]
    )
    return query if status is None else query.where(col(Offer.status) == status)
