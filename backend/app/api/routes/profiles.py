from typing import Annotated

from fastapi import APIRouter, File, Request, Response, UploadFile

from app import crud
from app.api import contact
from app.api.deps import CurrentUser, Limit, SessionDep, Skip, UserByUsername
from app.core.errors import NotFound, PayloadTooLarge, invalid_input, responses
from app.models import (
    CleaningPublic,
    CleaningsPublic,
    Message,
    ProfilePublic,
    ProfileUpdate,
    User,
)
from app.utils.pictures import MAX_UPLOAD_BYTES, NotAPicture

router = APIRouter(prefix="/profiles", tags=["profiles"])


def to_profile(user: User, *, viewer: User, phone_shown: bool = False) -> ProfilePublic:
    """The profile as `viewer` sees it: the phone number is theirs, or (`phone_shown`) the
    other party's of a hire between them; the mail setting only their own."""
    profile = ProfilePublic.model_validate(user)
    if user.id != viewer.id:
        profile.notification_mails = None
        if not phone_shown:
            profile.phone_number = None
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
    changes = profile_in.model_dump(exclude_unset=True)
    if changes.get("notification_mails", True) is None:
        del changes["notification_mails"]  # a setting, not a field to clear
    current_user.sqlmodel_update(changes)
    session.add(current_user)
    session.flush()
    return to_profile(current_user, viewer=current_user)


@router.get("/{username}", response_model=ProfilePublic, responses=responses(404))
def read_profile(
    session: SessionDep, user: UserByUsername, current_user: CurrentUser
) -> ProfilePublic:
    """A user's public profile; the phone number on your own, and on that of whoever you
    hired or were hired by (while that offer is accepted or completed)."""
    shown = contact.shows_phone(session, user, current_user)
    return to_profile(user, viewer=current_user, phone_shown=shown)


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


@router.put(
    "/me/picture",
    response_model=ProfilePublic,
    responses=responses(413),
)
def upload_my_picture(
    session: SessionDep,
    current_user: CurrentUser,
    file: Annotated[
        UploadFile, File(description="A PNG, JPEG or WebP image, 2 MiB at most")
    ],
) -> ProfilePublic:
    """Set the caller's picture: stored as a square WebP of at most 256x256, no metadata."""
    data = file.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise PayloadTooLarge("The picture is over 2 MiB")
    try:
        crud.set_picture(session=session, user=current_user, data=data)
    except NotAPicture as exc:
        raise invalid_input(("body", "file"), str(exc))
    session.flush()
    return to_profile(current_user, viewer=current_user)


@router.delete("/me/picture", response_model=Message)
def delete_my_picture(session: SessionDep, current_user: CurrentUser) -> Message:
    """Remove the caller's picture."""
    crud.delete_picture(session=session, user=current_user)
    return Message(message="Picture removed")


# Versioned URLs (`?v=`) change with the picture, so a browser may keep one for a day; the
# ETag makes a revalidation of an unversioned one a 304.
PICTURE_CACHE = "public, max-age=86400"


@router.get(
    "/{username}/picture",
    response_class=Response,
    responses={
        200: {
            "content": {
                "image/webp": {"schema": {"type": "string", "format": "binary"}}
            }
        },
        304: {"description": "Not modified: the picture matches If-None-Match"},
        **responses(404),
    },
)
def read_picture(username: str, request: Request, session: SessionDep) -> Response:
    """A user's picture (WebP). Public, as images load without a token (`<img src>`)."""
    picture = crud.get_picture(session=session, username=username)
    if picture is None:
        raise NotFound("No picture")
    etag = f'"{picture.etag}"'
    headers = {"ETag": etag, "Cache-Control": PICTURE_CACHE}
    if etag in _etags(request.headers.get("if-none-match", "")):
        return Response(status_code=304, headers=headers)
    return Response(picture.data, media_type="image/webp", headers=headers)


def _etags(header: str) -> set[str]:
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return tags | ({"*"} & tags)
