"""Profile pictures: stored re-encoded, served by the app, named in the user's `image`."""

import hashlib

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session, col, select

from app.core.config import settings
from app.models import ProfilePicture, User
from app.models.base import utcnow
from app.utils.pictures import square_webp


def _picture_path(username: str) -> str:
    return f"{settings.API_V1_STR}/profiles/{username}/picture"


def picture_url(username: str, etag: str) -> str:
    # The version changes with the picture, so a browser may keep each URL's bytes for good.
    return f"{_picture_path(username)}?v={etag}"


def set_picture(*, session: Session, user: User, data: bytes) -> None:
    """Re-encode `data` (raises app.utils.pictures.NotAPicture) and make it the user's picture."""
    webp = square_webp(data)
    etag = hashlib.sha256(webp).hexdigest()[:20]
    table = ProfilePicture.__table__  # type: ignore[attr-defined]
    values = {"data": webp, "etag": etag, "updated_at": utcnow()}
    session.execute(
        insert(table)
        .values(user_id=user.id, **values)
        .on_conflict_do_update(index_elements=[table.c.user_id], set_=values)
    )
    user.image = picture_url(user.username, etag)
    session.add(user)


def delete_picture(*, session: Session, user: User) -> None:
    picture = session.get(ProfilePicture, user.id)
    if picture is not None:
        session.delete(picture)
    user.image = None
    session.add(user)


def get_picture(*, session: Session, username: str) -> ProfilePicture | None:
    return session.exec(
        select(ProfilePicture)
        .join(User, col(User.id) == col(ProfilePicture.user_id))
        # Usernames are ASCII: lower() is their case rule (and the unique index's).
        .where(func.lower(User.username) == username.lower())
    ).first()


def follow_username(user: User, old_username: str) -> None:
    """A renamed user's picture URL names the new username."""
    old = _picture_path(old_username)
    if user.image and user.image.startswith(old):
        user.image = _picture_path(user.username) + user.image[len(old) :]
