from typing import Annotated

from fastapi import APIRouter, Query, status

from app import crud
from app.api import contact
from app.api.deps import (
    CleaningDep,
    CurrentUser,
    Limit,
    OwnedCleaningDep,
    SessionDep,
    Skip,
)
from app.core.errors import responses
from app.models import (
    Cleaning,
    CleaningCreate,
    CleaningPublic,
    CleaningSearch,
    CleaningsPublic,
    CleaningUpdate,
    Message,
)

router = APIRouter(prefix="/cleanings", tags=["cleanings"])


@router.post("/", response_model=CleaningPublic, status_code=status.HTTP_201_CREATED)
def create_cleaning(
    session: SessionDep, current_user: CurrentUser, cleaning_in: CleaningCreate
) -> Cleaning:
    """Post a cleaning job."""
    return crud.create_cleaning(
        session=session, cleaning_in=cleaning_in, owner=current_user
    )


@router.get("/", response_model=CleaningsPublic)
def read_cleanings(
    session: SessionDep, current_user: CurrentUser, skip: Skip = 0, limit: Limit = 100
) -> CleaningsPublic:
    """The caller's own cleaning jobs (a superuser's: all), newest first."""
    statement = crud.cleanings_visible_to(current_user)
    cleanings, count = crud.paginate(session, statement, skip=skip, limit=limit)
    return CleaningsPublic(
        data=[CleaningPublic.model_validate(c) for c in cleanings], count=count
    )


# Before /{id}, which would take "search" for an id.
@router.get("/search", response_model=CleaningsPublic)
def search_cleanings(
    session: SessionDep,
    current_user: CurrentUser,
    search: Annotated[CleaningSearch, Query()],
) -> CleaningsPublic:
    """Other people's jobs (open ones unless `status` says otherwise), filtered, sorted and
    paged, with the exact number that match."""
    cleanings, count = crud.search_cleanings(
        session=session, search=search, viewer=current_user
    )
    return CleaningsPublic(data=cleanings, count=count)


@router.get("/{id}", response_model=CleaningPublic, responses=responses(404))
def read_cleaning(
    session: SessionDep, cleaning: CleaningDep, current_user: CurrentUser
) -> CleaningPublic:
    """A cleaning job (any signed-in user); its hired cleaner sees the owner's phone number."""
    return contact.job_for(session, cleaning, current_user)


@router.put("/{id}", response_model=CleaningPublic, responses=responses(403, 404, 409))
def update_cleaning(
    session: SessionDep, cleaning: OwnedCleaningDep, cleaning_in: CleaningUpdate
) -> Cleaning:
    """Change some fields of a job (owner or superuser); a change to nothing changes nothing.
    Price and type are fixed while an offer is accepted or completed (409)."""
    crud.update_cleaning(session=session, cleaning=cleaning, cleaning_in=cleaning_in)
    return cleaning


@router.delete("/{id}", response_model=Message, responses=responses(403, 404, 409))
def delete_cleaning(
    session: SessionDep, cleaning: OwnedCleaningDep, current_user: CurrentUser
) -> Message:
    """Delete a job with its offers and evaluation (owner; once an offer is accepted or
    completed, a superuser only)."""
    crud.delete_cleaning(session=session, cleaning=cleaning, by=current_user)
    return Message(message="Cleaning deleted successfully")
