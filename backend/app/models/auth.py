import uuid
from datetime import datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

from app.models.base import PublicModel


class Token(PublicModel):
    access_token: str
    token_type: str = "bearer"


class TokenPayload(SQLModel):
    sub: str | None = None


class NewPassword(SQLModel):
    token: str = Field(max_length=2048)
    new_password: str = Field(min_length=8, max_length=128)


class Throttle(SQLModel, table=True):
    """Attempts counted per key in a fixed window (app.crud.throttle): failed logins per
    (account, address), per account and per address; recovery mails per account; recovery and
    signup requests per address. A `known:` key remembers an address that logged in to an
    account (its window is long). Keys hold hashes, never an email."""

    __tablename__ = "throttle"

    key: str = Field(primary_key=True, max_length=100)
    hits: int
    # Indexed: expired windows are purged by it.
    window_ends_at: datetime = Field(sa_type=DateTime(timezone=True), index=True)


class RevokedToken(SQLModel, table=True):
    """An access token ended by a logout, kept until it would have expired anyway."""

    __tablename__ = "revoked_token"

    # The token's `jti` claim.
    id: uuid.UUID = Field(primary_key=True)
    expires_at: datetime = Field(sa_type=DateTime(timezone=True), index=True)
