import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    Identity,
    Index,
    String,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field, Relationship, SQLModel

from app.models.base import PublicModel
from app.models.cleanings import Cleaning, CleaningPublic


class FeedEventType(StrEnum):
    is_create = "is_create"
    is_update = "is_update"


class CleaningEvent(SQLModel, table=True):
    """One entry of the activity feed, written in the transaction of the change it records."""

    __tablename__ = "cleaning_event"
    __table_args__ = (
        CheckConstraint("event_type IN ('is_create', 'is_update')", name="event_type"),
        # Exactly the feed's order, newest first: offset pages walk it, cursors seek into it.
        Index(
            "ix_cleaning_event_feed_order",
            Column("event_timestamp").desc(),
            Column("id").desc(),
        ),
        # Deleting a cleaning deletes its events through this foreign key.
        Index("ix_cleaning_event_cleaning_id", "cleaning_id"),
    )

    # Breaks ties between events of the same microsecond, so the order is total.
    id: int | None = Field(
        default=None,
        sa_column=Column(BigInteger, Identity(always=True), primary_key=True),
    )
    cleaning_id: uuid.UUID = Field(
        foreign_key="cleaning.id", nullable=False, ondelete="CASCADE"
    )
    event_type: FeedEventType = Field(sa_type=String(16))
    event_timestamp: datetime = Field(sa_type=DateTime(timezone=True), nullable=False)
    changed_fields: list[str] = Field(
        default_factory=list,
        sa_column=Column(ARRAY(String(32)), nullable=False, server_default="{}"),
    )
    # What the event set, as the API shows it: the posted values (is_create), or each changed
    # field as {"old": ..., "new": ...} (is_update).
    event_data: dict[str, Any] = Field(
        default_factory=dict,
        sa_column=Column(JSONB, nullable=False, server_default="{}"),
    )

    cleaning: Cleaning = Relationship(
        sa_relationship_kwargs={"lazy": "raise", "innerjoin": True}
    )


class FeedCounter(SQLModel, table=True):
    """The number of feed events, kept by triggers on cleaning_event (migration 0003).

    Several rows (shards) so concurrent writers do not queue on one row lock; the count is
    their sum, read in constant time however long the feed is.
    """

    __tablename__ = "feed_counter"

    shard: int = Field(primary_key=True)
    events: int = Field(default=0, sa_type=BigInteger)


class CleaningFeedItem(CleaningPublic):
    event_type: FeedEventType
    event_timestamp: datetime
    changed_fields: list[str]
    event_data: dict[str, Any] = Field(
        description="is_create: the values as posted (name, price, cleaning_type, area, "
        'scheduled_on); is_update: each changed field as {"old": ..., "new": ...}'
    )
    row_number: int


class CleaningFeed(PublicModel):
    data: list[CleaningFeedItem]
    count: int


class CleaningFeedPage(CleaningFeed):
    next_cursor: str | None
