import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, WithJsonSchema
from sqlalchemy import (
    CheckConstraint,
    Column,
    Computed,
    DateTime,
    Index,
    Integer,
    Numeric,
    String,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlmodel import Field, Relationship, SQLModel

from app.models.base import CreatedAt, PublicModel, UUIDPrimaryKey
from app.models.users import OwnerPublic, User


class CleaningType(StrEnum):
    dust_up = "dust_up"
    spot_clean = "spot_clean"
    full_clean = "full_clean"


class CleaningStatus(StrEnum):
    """Where a job stands: no accepted offer, an accepted offer, evaluated."""

    open = "open"
    hired = "hired"
    completed = "completed"


def _two_decimals(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


# What the schema says a request may send: a number, or a string in decimal notation, above
# 0, at most 8 digits before the point and 2 after (trailing zeros aside).
PRICE_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": 99999999.99,
            "multipleOf": 0.01,
        },
        {
            "type": "string",
            "pattern": r"^\+?(0*[1-9][0-9]{0,7}(\.[0-9]{0,2}0*)?|0*\.(0[1-9]|[1-9][0-9]?)0*)$",
        },
    ]
}
# Money as NUMERIC(10, 2) stores it: "10", "10.000" and "1e1" are all 10.00, so every answer
# carries the price as it is stored ("10.00"). Give it Field(max_digits=10, decimal_places=2):
# at most 99,999,999.99.
Price = Annotated[
    Decimal,
    AfterValidator(_two_decimals),
    WithJsonSchema(PRICE_SCHEMA, mode="validation"),
]


class CleaningBase(SQLModel):
    name: str = Field(min_length=1, max_length=255)
    description: str | None = Field(default=None, max_length=4000)
    price: Price = Field(
        gt=0,
        max_digits=10,
        decimal_places=2,
        sa_type=Numeric(10, 2),
    )
    cleaning_type: CleaningType = Field(
        default=CleaningType.spot_clean, sa_type=String(16)
    )
    area: str | None = Field(
        default=None,
        max_length=100,
        description="Where the job is: a neighbourhood, a town",
    )
    scheduled_on: date | None = Field(default=None, description="The day of the job")


class CleaningCreate(CleaningBase):
    pass


class CleaningUpdate(SQLModel):
    # Required fields may be left out but not set to null: a default is never validated, an
    # explicit null is, so null is a 422 and not a database error.
    name: str = Field(default=None, min_length=1, max_length=255)
    description: str | None = Field(default=None, max_length=4000)
    price: Price = Field(
        default=None,
        gt=0,
        max_digits=10,
        decimal_places=2,
    )
    cleaning_type: CleaningType = Field(default=None)
    area: str | None = Field(default=None, max_length=100)
    scheduled_on: date | None = Field(default=None)


class Cleaning(CleaningBase, table=True):
    __table_args__ = (
        CheckConstraint("price > 0", name="price_positive"),
        CheckConstraint(
            "cleaning_type IN ('dust_up', 'spot_clean', 'full_clean')",
            name="cleaning_type",
        ),
        CheckConstraint("status IN ('open', 'hired', 'completed')", name="status"),
        CheckConstraint("offers_count >= 0", name="offers_count_not_negative"),
        # The list's ORDER BY, per owner (also the owner foreign key) and for all.
        Index("ix_cleaning_owner_id_created_at_id", "owner_id", "created_at", "id"),
        Index("ix_cleaning_created_at_id", "created_at", "id"),
        # Search: its status filter (open by default) and each of its orders, ties by id.
        # With another status filter ("any"), PostgreSQL skips through the three statuses.
        Index("ix_cleaning_status_created_at_id", "status", "created_at", "id"),
        Index("ix_cleaning_status_price_id", "status", "price", "id"),
        Index("ix_cleaning_status_scheduled_on_id", "status", "scheduled_on", "id"),
    )

    id: uuid.UUID = UUIDPrimaryKey()
    owner_id: uuid.UUID = Field(
        foreign_key="user.id", nullable=False, ondelete="CASCADE"
    )
    created_at: datetime = CreatedAt()
    updated_at: datetime = CreatedAt()
    # When the owner evaluated the cleaner: the job is done for good, even once the cleaner's
    # account (and with it their offer and evaluation) is gone.
    completed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    # Kept by the crud function of each change that moves it (accept, cancel, evaluate, the
    # hired cleaner's account deleted), in that change's transaction.
    status: CleaningStatus = Field(
        default=CleaningStatus.open,
        sa_column_kwargs={"server_default": CleaningStatus.open.value},
        sa_type=String(16),
    )
    # Pending plus accepted offers, kept by a trigger on offer (migration 0014): it follows
    # every change, the cascades of a deleted account included.
    offers_count: int = Field(
        default=0, sa_type=Integer, sa_column_kwargs={"server_default": "0"}
    )

    owner: User = Relationship(
        sa_relationship_kwargs={"lazy": "raise", "innerjoin": True}
    )


# Search: name, description and area as words without accents, in a column PostgreSQL
# computes on every write (migration 0014 creates the function). Not mapped on the model:
# jobs are read without it; search filters on it through the table.
SEARCH_VECTOR = Column(
    "search_vector",
    TSVECTOR,
    Computed(
        "to_tsvector('simple'::regconfig, immutable_unaccent("
        "coalesce(name, '') || ' ' || coalesce(description, '') || ' ' "
        "|| coalesce(area, '')))",
        persisted=True,
    ),
    nullable=True,
)
Cleaning.__table__.append_column(SEARCH_VECTOR)  # type: ignore[attr-defined]
Index("ix_cleaning_search_vector", SEARCH_VECTOR, postgresql_using="gin")


class CleaningPublic(CleaningBase, PublicModel):
    id: uuid.UUID
    owner_id: uuid.UUID
    owner: OwnerPublic
    created_at: datetime
    updated_at: datetime
    status: CleaningStatus
    offers_count: int = Field(description="Pending and accepted offers")


class CleaningsPublic(PublicModel):
    data: list[CleaningPublic]
    count: int
