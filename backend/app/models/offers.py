import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, Numeric, String, text
from sqlmodel import Field, Relationship, SQLModel

from app.models.base import CreatedAt, PublicModel
from app.models.cleanings import Cleaning, CleaningPublic, Price
from app.models.users import OwnerPublic, User


class OfferStatus(StrEnum):
    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"
    cancelled = "cancelled"
    completed = "completed"


# A job is taken while it has an offer in one of these states.
TAKEN = (OfferStatus.accepted, OfferStatus.completed)


class Offer(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'accepted', 'rejected', 'cancelled', 'completed')",
            name="status",
        ),
        # At most one accepted (later completed) offer per job, whatever the application does.
        Index(
            "uq_offer_cleaning_id_taken",
            "cleaning_id",
            unique=True,
            postgresql_where=text("status IN ('accepted', 'completed')"),
        ),
        # The caller's offers, newest first (also the user foreign key).
        Index("ix_offer_user_id_created_at", "user_id", "created_at"),
    )

    # One offer per (cleaning, cleaner): the primary key. Its first column serves the job's list.
    cleaning_id: uuid.UUID = Field(
        foreign_key="cleaning.id", primary_key=True, ondelete="CASCADE"
    )
    user_id: uuid.UUID = Field(
        foreign_key="user.id", primary_key=True, ondelete="CASCADE"
    )
    status: OfferStatus = Field(default=OfferStatus.pending, sa_type=String(16))
    created_at: datetime = CreatedAt()
    updated_at: datetime = CreatedAt()
    # The job's price when this offer was accepted (kept after a cancel, as a record).
    agreed_price: Decimal | None = Field(default=None, sa_type=Numeric(10, 2))

    user: User = Relationship(
        sa_relationship_kwargs={"lazy": "raise", "innerjoin": True}
    )
    cleaning: Cleaning = Relationship(
        sa_relationship_kwargs={"lazy": "raise", "innerjoin": True}
    )


class OfferPublic(PublicModel):
    cleaning_id: uuid.UUID
    user_id: uuid.UUID
    status: OfferStatus
    created_at: datetime
    updated_at: datetime
    agreed_price: Price | None = Field(
        default=None,
        description="The job's price when this offer was accepted; null until then",
    )
    # The offerer's public profile.
    user: OwnerPublic


class OffersPublic(PublicModel):
    data: list[OfferPublic]
    count: int


class MyOfferPublic(OfferPublic):
    """One of the caller's offers, with its job (status and owner embedded)."""

    cleaning: CleaningPublic


class MyOffersPublic(PublicModel):
    data: list[MyOfferPublic]
    count: int
