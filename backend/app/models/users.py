import unicodedata
import uuid
from datetime import datetime
from typing import Annotated

import email_validator
from pydantic import (
    AfterValidator,
    EmailStr,
    StrictBool,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)
from sqlalchemy import Connection, Index, event, text
from sqlalchemy.orm import Mapper
from sqlmodel import AutoString, Field, SQLModel

from app.models.base import CreatedAt, PublicModel, UUIDPrimaryKey

USERNAME_PATTERN = r"^[A-Za-z0-9_-]{3,32}$"
RESERVED_USERNAMES = frozenset({"me", "mine"})


def _not_reserved(value: str) -> str:
    if value.lower() in RESERVED_USERNAMES:
        raise ValueError(f"'{value}' is reserved")
    return value


# 3..32 of [A-Za-z0-9_-], not `me` or `mine` (in any case). SQLModel's Field(regex=...) is not
# enforced by pydantic 2, so the rule lives in the type.
Username = Annotated[
    str, StringConstraints(pattern=USERNAME_PATTERN), AfterValidator(_not_reserved)
]


def email_key(email: str) -> str:
    """The form in which emails are stored for lookup and uniqueness: one rule, in Python.

    Unicode's compatibility caseless matching (full case folding between normalisations, so
    ß, ẞ and ss fold together, as do Σ, σ and ς, ﬁ and fi, é and e + a combining accent),
    with the Turkish dotted İ and dotless ı folded into i: however a keyboard or a locale
    spells the case of an email, it folds to one key.
    """
    folded = unicodedata.normalize("NFD", email).casefold()
    folded = unicodedata.normalize("NFKD", folded).casefold()
    folded = folded.replace("ı", "i").replace("i\u0307", "i")
    return unicodedata.normalize("NFKC", folded)


# email-validator refuses the special-use domains (.test, .local, ...) by default; the
# OpenAPI `email` format allows them, and so does the API: an address is an address.
email_validator.SPECIAL_USE_DOMAIN_NAMES = []
# What email-validator accepts at most (RFC 5321 as amended); the column holds 255.
EMAIL_MAX = 254


class ProfileFields(SQLModel):
    full_name: str | None = Field(default=None, max_length=255)
    phone_number: str | None = Field(default=None, max_length=32)
    bio: str | None = Field(default=None, max_length=2000)


class UserBase(ProfileFields):
    email: EmailStr = Field(max_length=EMAIL_MAX, sa_type=AutoString(length=255))
    is_active: bool = True
    is_superuser: bool = False


class UserCreate(UserBase):
    # Strict, as the schema says: 0 or "yes" is not a boolean.
    is_active: StrictBool = True
    is_superuser: StrictBool = False
    username: Username | None = None
    password: str = Field(min_length=8, max_length=128)


class UserRegister(SQLModel):
    email: EmailStr = Field(max_length=EMAIL_MAX)
    username: Username | None = None
    password: str = Field(min_length=8, max_length=128)
    full_name: str | None = Field(default=None, max_length=255)


class UserUpdate(ProfileFields):
    email: EmailStr | None = Field(default=None, max_length=EMAIL_MAX)
    username: Username | None = None
    is_active: StrictBool | None = None
    is_superuser: StrictBool | None = None
    password: str | None = Field(default=None, min_length=8, max_length=128)


class UserUpdateMe(SQLModel):
    full_name: str | None = Field(default=None, max_length=255)
    email: EmailStr | None = Field(default=None, max_length=EMAIL_MAX)
    username: Username | None = None
    current_password: str | None = Field(
        default=None,
        max_length=128,
        description="Required to change the email (a new email is a credential change)",
    )


class UpdatePassword(SQLModel):
    current_password: str = Field(min_length=8, max_length=128)
    new_password: str = Field(min_length=8, max_length=128)


class User(UserBase, table=True):
    __table_args__ = (
        # Usernames are ASCII, so lower() is their whole case rule (emails: email_key).
        Index("uq_user_username_lower", text("lower(username)"), unique=True),
        Index("ix_user_created_at_id", "created_at", "id"),
    )

    id: uuid.UUID = UUIDPrimaryKey()
    username: str = Field(max_length=32)
    hashed_password: str
    created_at: datetime = CreatedAt()
    # email_key(email), written with every insert and update of the row (below): what
    # lookups compare and what the unique constraint holds, so the database enforces the
    # same rule as the code.
    email_key: str = Field(default=None, unique=True, nullable=False)
    # Moves on with every password change; tokens carry the version they were issued at.
    token_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # The app's own URL of the profile picture (app.crud.profiles), or None: never a URL
    # somewhere else (it would tell another site who looks at whom).
    image: str | None = Field(default=None, max_length=2048)
    # Kept by triggers on `notification` (migration 0016): the bell's poll reads it with the
    # signed-in user, no statement of its own.
    unread_notifications: int = Field(
        default=0, sa_column_kwargs={"server_default": "0"}
    )
    # Whether notifications also go out by mail (when the app has SMTP settings).
    notification_mails: bool = Field(
        default=True, sa_column_kwargs={"server_default": "true"}
    )


@event.listens_for(User, "before_insert")
@event.listens_for(User, "before_update")
def _keep_email_key(_mapper: Mapper[User], _connection: Connection, user: User) -> None:
    user.email_key = email_key(user.email)


# An email read back from the database was checked when it was stored: in answers it is only
# text (email_validator on every answer cost more than the rest of GET /users/me's model work),
# documented as the email it is.
StoredEmail = Annotated[
    str,
    WithJsonSchema({"type": "string", "maxLength": EMAIL_MAX, "format": "email"}),
]


class UserPublic(UserBase, PublicModel):
    email: StoredEmail = Field(max_length=EMAIL_MAX)
    id: uuid.UUID
    username: str
    created_at: datetime
    image: str | None = None


class UserCreated(UserPublic):
    """A user a superuser created; `warning` says when the new user was not told by mail."""

    warning: str | None = Field(
        default=None,
        description="Set when the account mail was not sent (the user exists either way)",
    )


class UsersPublic(PublicModel):
    data: list[UserPublic]
    count: int


class ProfileUpdate(ProfileFields):
    notification_mails: StrictBool | None = Field(
        default=None, description="Also send my notifications by mail"
    )


class ProfilePublic(PublicModel):
    username: str
    full_name: str | None = None
    bio: str | None = None
    image: str | None = None
    created_at: datetime
    # Only on the caller's own profile, and to the other party of a hire (app.api.routes).
    phone_number: str | None = None
    # Only on the caller's own profile.
    notification_mails: bool | None = None


class OwnerPublic(PublicModel):
    """The public face of a user embedded in other resources: never the email or flags."""

    id: uuid.UUID
    username: str
    full_name: str | None = None
    image: str | None = None
    phone_number: str | None = Field(
        default=None,
        description="Only to the other party of a hire: the job's owner and the cleaner "
        "whose offer is accepted or completed see each other's",
    )

    @field_validator("phone_number", mode="before")
    @classmethod
    def _never_copied(cls, _value: object) -> None:
        # Never taken from the user it is built from: a route sets it for the other party
        # of a hire only (app.api.contact), so no other answer can leak it.
        return None
