from fastapi import APIRouter, BackgroundTasks, status

from app import crud
from app.api import contact
from app.api.deps import (
    CleaningDep,
    CurrentUser,
    Limit,
    OwnedCleaningDep,
    SessionDep,
    Skip,
    UserByUsername,
    require_one_of,
)
from app.core.errors import Forbidden, responses
from app.models import (
    Message,
    MyOffersPublic,
    Offer,
    OfferPublic,
    OffersPublic,
    OfferStatus,
)

router = APIRouter(tags=["offers"])


@router.post(
    "/cleanings/{id}/offers/",
    response_model=OfferPublic,
    status_code=status.HTTP_201_CREATED,
    responses=responses(403, 404, 409),
)
def create_offer(
    session: SessionDep,
    cleaning: CleaningDep,
    current_user: CurrentUser,
    background_tasks: BackgroundTasks,
) -> Offer:
    """Offer to do a cleaning job (the owner is notified)."""
    offer = crud.create_offer(session=session, cleaning=cleaning, user=current_user)
    crud.mail_after_answer(session, background_tasks)
    return offer


@router.get(
    "/cleanings/{id}/offers/",
    response_model=OffersPublic,
    responses=responses(403, 404),
)
def read_offers(
    session: SessionDep,
    cleaning: OwnedCleaningDep,
    current_user: CurrentUser,
    skip: Skip = 0,
    limit: Limit = 100,
) -> OffersPublic:
    """The offers on a job, oldest first (its owner or a superuser); the owner sees the
    phone number of the cleaner they hired."""
    offers, count = crud.paginate(
        session, crud.offers_for_cleaning(cleaning.id), skip=skip, limit=limit
    )
    return OffersPublic(
        data=contact.offers_for(offers, cleaning, current_user), count=count
    )


@router.post(
    "/cleanings/{id}/offers/mine/cancel",
    response_model=OfferPublic,
    responses=responses(404, 409),
)
def cancel_offer(
    session: SessionDep,
    cleaning: CleaningDep,
    current_user: CurrentUser,
    background_tasks: BackgroundTasks,
) -> Offer:
    """Withdraw from a job after your offer was accepted; the other offers become pending
    again (the owner is notified)."""
    offer = crud.cancel_offer(session=session, cleaning=cleaning, cleaner=current_user)
    crud.mail_after_answer(session, background_tasks)
    return offer


@router.delete(
    "/cleanings/{id}/offers/mine", response_model=Message, responses=responses(404, 409)
)
def rescind_offer(
    session: SessionDep, cleaning: CleaningDep, current_user: CurrentUser
) -> Message:
    """Take back your pending offer."""
    crud.rescind_offer(session=session, cleaning=cleaning, cleaner=current_user)
    return Message(message="Offer rescinded successfully")


@router.get(
    "/cleanings/{id}/offers/{username}",
    response_model=OfferPublic,
    responses=responses(403, 404),
)
def read_offer(
    session: SessionDep,
    cleaning: CleaningDep,
    offerer: UserByUsername,
    current_user: CurrentUser,
) -> OfferPublic:
    """One offer (the job's owner or the offerer)."""
    require_one_of(current_user, cleaning.owner_id, offerer.id)
    offer = crud.get_offer(session=session, cleaning_id=cleaning.id, user_id=offerer.id)
    return contact.offer_for(offer, cleaning, current_user)


@router.post(
    "/cleanings/{id}/offers/{username}/accept",
    response_model=OfferPublic,
    responses=responses(403, 404, 409),
)
def accept_offer(
    session: SessionDep,
    cleaning: CleaningDep,
    offerer: UserByUsername,
    current_user: CurrentUser,
    background_tasks: BackgroundTasks,
) -> OfferPublic:
    """Accept a pending offer (the job's owner); the other pending offers are rejected (each
    cleaner is notified)."""
    if cleaning.owner_id != current_user.id:
        raise Forbidden("Only the owner of the cleaning job can accept offers")
    offer = crud.accept_offer(session=session, cleaning=cleaning, cleaner=offerer)
    crud.mail_after_answer(session, background_tasks)
    return contact.offer_for(offer, cleaning, current_user)


@router.get("/users/me/offers", response_model=MyOffersPublic)
def read_my_offers(
    session: SessionDep,
    current_user: CurrentUser,
    status: OfferStatus | None = None,
    skip: Skip = 0,
    limit: Limit = 100,
) -> MyOffersPublic:
    """The caller's own offers, newest first, each with its job (optionally of one status);
    on a job they were hired for, the owner's phone number."""
    offers, count = crud.paginate(
        session,
        crud.offers_of_user_with_jobs(current_user.id, status),
        skip=skip,
        limit=limit,
    )
    return MyOffersPublic(data=contact.my_offers(offers), count=count)
