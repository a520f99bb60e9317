import uuid
from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from app.models.base import CreatedAt


class ProfilePicture(SQLModel, table=True):
    """A user's picture as served: a square WebP of at most 256x256 (app.utils.pictures), a
    few kilobytes, kept in PostgreSQL with the rest of the user (no file store to back up)."""

    __tablename__ = "profile_picture"

    user_id: uuid.UUID = Field(
        foreign_key="user.id", primary_key=True, ondelete="CASCADE"
    )
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    # A hash of `data`: the ETag, and the version in the user's `image` URL.
    etag: str = Field(max_length=64)
    updated_at: datetime = CreatedAt()
