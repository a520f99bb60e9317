"""Contact after hiring: while an offer is accepted or completed, the job's owner and that
cleaner see each other's phone number (in the job the cleaner reads, the offers the owner reads,
and each other's profile). Nobody else does, not a superuser, not a declined or pending cleaner.

Answers are built without it (OwnerPublic never copies it from a user); these functions add it
where the viewer is the other party."""

from collections.abc import Sequence

from sqlmodel import Session

from app import crud
from app.models import (
    Cleaning,
    CleaningPublic,
    CleaningStatus,
    MyOfferPublic,
    Offer,
    OfferPublic,
    User,
)
from app.models.offers import TAKEN


def job_for(session: Session, cleaning: Cleaning, viewer: User) -> CleaningPublic:
    job = CleaningPublic.model_validate(cleaning)
    # An open job has hired nobody: no query for the many who read one.
    hired_someone = cleaning.status != CleaningStatus.open
    if (
        hired_someone
        and viewer.id != cleaning.owner_id
        and crud.is_hired(
            session=session, cleaning_id=cleaning.id, cleaner_id=viewer.id
        )
    ):
        job.owner.phone_number = cleaning.owner.phone_number
    return job


def offer_for(offer: Offer, cleaning: Cleaning, viewer: User) -> OfferPublic:
    public = OfferPublic.model_validate(offer)
    if viewer.id == cleaning.owner_id and offer.status in TAKEN:
        public.user.phone_number = offer.user.phone_number
    return public


def offers_for(
    offers: Sequence[Offer], cleaning: Cleaning, viewer: User
) -> list[OfferPublic]:
    return [offer_for(offer, cleaning, viewer) for offer in offers]


def my_offers(offers: Sequence[Offer]) -> list[MyOfferPublic]:
    """The caller's own offers: on a job they were hired for, its owner's number."""
    mine = []
    for offer in offers:
        public = MyOfferPublic.model_validate(offer)
        if offer.status in TAKEN:
            public.cleaning.owner.phone_number = offer.cleaning.owner.phone_number
        mine.append(public)
    return mine


def shows_phone(session: Session, user: User, viewer: User) -> bool:
    """Whether `viewer` may see `user`'s phone number on their profile."""
    return user.id == viewer.id or crud.hired_between(
        session=session, one=user.id, other=viewer.id
    )
