from fastapi import APIRouter, status

from app import crud
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
from app.models import Message, Offer, OfferPublic, OffersPublic

router = APIRouter(tags=["offers"])


def _envelope(offers: list[Offer], count: int) -> OffersPublic:
    return OffersPublic(
        data=[OfferPublic.model_validate(o) for o in offers], count=count
    )


@router.post(
    "/cleanings/{id}/offers/",
    response_model=OfferPublic,
    status_code=status.HTTP_201_CREATED,
    responses=responses(403, 404, 409),
)
def create_offer(
    session: SessionDep, cleaning: CleaningDep, current_user: CurrentUser
) -> Offer:
    """Offer to do a cleaning job."""
    return crud.create_offer(session=session, cleaning=cleaning, user=current_user)


@router.get(
    "/cleanings/{id}/offers/",
    response_model=OffersPublic,
    responses=responses(403, 404),
)
def read_offers(
    session: SessionDep, cleaning: OwnedCleaningDep, skip: Skip = 0, limit: Limit = 100
) -> OffersPublic:
    """The offers on a job, oldest first (its owner or a superuser)."""
    offers, count = crud.paginate(
        session, crud.offers_for_cleaning(cleaning.id), skip=skip, limit=limit
    )
    return _envelope(offers, count)


@router.post(
    "/cleanings/{id}/offers/mine/cancel",
    response_model=OfferPublic,
    responses=responses(404, 409),
)
def cancel_offer(
    session: SessionDep, cleaning: CleaningDep, current_user: CurrentUser
) -> Offer:
    """Withdraw from a job after your offer was accepted; the other offers become pending again."""
    return crud.cancel_offer(session=session, cleaning=cleaning, cleaner=current_user)


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
) -> Offer:
    """One offer (the job's owner or the offerer)."""
    require_one_of(current_user, cleaning.owner_id, offerer.id)
    return crud.get_offer(session=session, cleaning_id=cleaning.id, user_id=offerer.id)


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
) -> Offer:
    """Accept a pending offer (the job's owner); the other pending offers are rejected."""
    if cleaning.owner_id != current_user.id:
        raise Forbidden("Only the owner of the cleaning job can accept offers")
    return crud.accept_offer(session=session, cleaning=cleaning, cleaner=offerer)


@router.get("/users/me/offers", response_model=OffersPublic)
def read_my_offers(
    session: SessionDep, current_user: CurrentUser, skip: Skip = 0, limit: Limit = 100
) -> OffersPublic:
    """The caller's own offers, newest first."""
    offers, count = crud.paginate(
        session, crud.offers_of_user(current_user.id), skip=skip, limit=limit
    )
    return _envelope(offers, count)
