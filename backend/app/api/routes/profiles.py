from fastapi import APIRouter

from app import crud
from app.api.deps import CurrentUser, Limit, SessionDep, Skip, UserByUsername
from app.core.errors import responses
from app.models import (
    CleaningPublic,
    CleaningsPublic,
    ProfilePublic,
    ProfileUpdate,
    User,
)

router = APIRouter(prefix="/profiles", tags=["profiles"])


def to_profile(user: User, *, viewer: User) -> ProfilePublic:
    profile = ProfilePublic.model_validate(user)
    if user.id != viewer.id:
        profile.phone_number = None  # only on the caller's own profile
    return profile


@router.get("/me", response_model=ProfilePublic)
def read_my_profile(current_user: CurrentUser) -> ProfilePublic:
    """The caller's own profile, phone number included."""
    return to_profile(current_user, viewer=current_user)


@router.patch("/me", response_model=ProfilePublic)
def update_my_profile(
    session: SessionDep, current_user: CurrentUser, profile_in: ProfileUpdate
) -> ProfilePublic:
    """Update the caller's profile."""
    current_user.sqlmodel_update(profile_in.model_dump(exclude_unset=True))
    session.add(current_user)
    session.flush()
    return to_profile(current_user, viewer=current_user)


@router.get("/{username}", response_model=ProfilePublic, responses=responses(404))
def read_profile(user: UserByUsername, current_user: CurrentUser) -> ProfilePublic:
    """A user's public profile (the phone number only on your own)."""
    return to_profile(user, viewer=current_user)


@router.get(
    "/{username}/cleanings", response_model=CleaningsPublic, responses=responses(404)
)
def read_profile_cleanings(
    session: SessionDep,
    user: UserByUsername,
    _: CurrentUser,
    skip: Skip = 0,
    limit: Limit = 100,
) -> CleaningsPublic:
    """The cleaning jobs a user posted, newest first (any signed-in user)."""
    cleanings, count = crud.paginate(
        session, crud.cleanings_owned_by(user.id), skip=skip, limit=limit
    )
    return CleaningsPublic(
        data=[CleaningPublic.model_validate(c) for c in cleanings], count=count
    )
