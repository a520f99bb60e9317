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
