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


class LoginThrottle(SQLModel, table=True):
    """Login attempts counted per key in a fixed window (app.crud.login_throttle).

    A key is `account:` + a hash of the email's case key, or `address:` + the client's address.
    """

    __tablename__ = "login_throttle"

    key: str = Field(primary_key=True, max_length=100)
    failures: int
    # Indexed: expired windows are purged by it.
    window_started_at: datetime = Field(sa_type=DateTime(timezone=True), index=True)
