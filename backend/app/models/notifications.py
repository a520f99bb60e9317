import uuid
from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import ConfigDict
from sqlalchemy import CheckConstraint, DateTime, Index, String, text
from sqlmodel import Field, SQLModel

from app.models.base import CreatedAt, PublicModel, UUIDPrimaryKey
from app.models.users import OwnerPublic


class NotificationKind(StrEnum):
    # To the owner of the job:
    offer_received = "offer_received"  # a cleaner offered to do it
    hire_cancelled = (
        "hire_cancelled"  # the hired cleaner cancelled: the job is open again
    )
    # To the cleaner:
    offer_accepted = "offer_accepted"
    offer_declined = "offer_declined"  # the owner accepted another offer
    evaluated = "evaluated"  # the owner rated the work


class Notification(SQLModel, table=True):
    """Written in the same transaction as the change it tells of; mailed after the commit
    (app.crud.notifications.deliver), which marks `mailed_at` or `mail_error`."""

    __table_args__ = (
        CheckConstraint(
            "kind IN ('offer_received', 'hire_cancelled', 'offer_accepted',"
            " 'offer_declined', 'evaluated')",
            name="kind",
        ),
        # A user's list, newest first (also the recipient's foreign key).
        Index("ix_notification_user_id_created_at_id", "user_id", "created_at", "id"),
        # The unread ones: small, and what marking all as read walks.
        Index(
            "ix_notification_user_id_unread",
            "user_id",
            postgresql_where=text("read_at IS NULL"),
        ),
    )

    id: uuid.UUID = UUIDPrimaryKey()
    user_id: uuid.UUID = Field(foreign_key="user.id", ondelete="CASCADE")
    kind: NotificationKind = Field(sa_type=String(32))
    # The job, and its name when this happened: it outlives the job (deleted jobs: null id).
    cleaning_id: uuid.UUID | None = Field(
        default=None, foreign_key="cleaning.id", ondelete="SET NULL", index=True
    )
    cleaning_name: str = Field(max_length=255)
    actor_id: uuid.UUID | None = Field(
        default=None, foreign_key="user.id", ondelete="SET NULL", index=True
    )
    created_at: datetime = CreatedAt()
    read_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    mailed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    mail_error: str | None = Field(default=None, max_length=500)


class NotificationCleaning(PublicModel):
    id: uuid.UUID | None = Field(description="null once the job was deleted")
    name: str


class NotificationPublic(PublicModel):
    id: uuid.UUID
    kind: NotificationKind
    created_at: datetime
    read_at: datetime | None
    cleaning: NotificationCleaning
    # Who did it; null once their account is gone.
    actor: OwnerPublic | None


class NotificationsPublic(PublicModel):
    data: list[NotificationPublic]
    count: int


class UnreadCount(PublicModel):
    count: int


class ReadByIds(SQLModel):
    """Mark these of the caller's notifications as read (others' ids are ignored)."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    ids: list[uuid.UUID] = Field(max_length=500)


class ReadAll(SQLModel):
    """Mark every notification of the caller's as read."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    all: Literal[True]


NotificationsRead = ReadByIds | ReadAll
