import re
import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    WithJsonSchema,
    model_validator,
)
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


def _iso_date(value: object) -> object:
    # What the schema's `format: date` allows, and only that: pydantic also reads a number
    # (or a numeric string) as a Unix time.
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value
    ):
        raise ValueError("must be a date as YYYY-MM-DD")
    return value


# A day, written YYYY-MM-DD.
Day = Annotated[date, BeforeValidator(_iso_date)]


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
    scheduled_on: Day | None = Field(default=None, description="The day of the job")


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
    scheduled_on: Day | None = Field(default=None)


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
        # The owner (never the caller's own) and the type ride along, so a count without
        # words reads an index alone, not the table.
        *(
            Index(
                f"ix_cleaning_status_{key}_id",
                "status",
                key,
                "id",
                postgresql_include=["owner_id", "cleaning_type"],
            )
            for key in ("created_at", "price", "scheduled_on")
        ),
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


class SearchStatus(StrEnum):
    open = "open"
    hired = "hired"
    completed = "completed"
    any = "any"


class SearchSort(StrEnum):
    newest = "newest"
    price_asc = "price_asc"
    price_desc = "price_desc"
    soonest = "soonest"  # by scheduled_on, undated jobs last


# A price bound, as a query parameter: any exact decimal from 0 below 100,000,000, written
# with digits and at most one point (what the pattern says, and nothing else).
PRICE_BOUND_PATTERN = r"^\+?([0-9]{1,8}(\.[0-9]*)?|\.[0-9]+)$"


def _price_bound_text(value: object) -> object:
    if isinstance(value, str) and not re.fullmatch(PRICE_BOUND_PATTERN, value):
        raise ValueError("must be a decimal number such as 25 or 49.90")
    return value


PriceBound = Annotated[
    Decimal,
    BeforeValidator(_price_bound_text),
    Field(ge=0, lt=100_000_000),
    # A string: a query parameter is text, and "1e-05" is not a price a person writes.
    WithJsonSchema(
        {"type": "string", "pattern": PRICE_BOUND_PATTERN, "examples": ["49.90"]},
        mode="validation",
    ),
]


class CleaningSearch(BaseModel):
    """The query of GET /cleanings/search (other people's jobs)."""

    q: str | None = Field(
        default=None,
        max_length=200,
        description="Words that must all appear in the name, description or area (case "
        "and accents aside; the last one may be the start of a word). Punctuation is "
        "ignored.",
    )
    cleaning_type: list[CleaningType] = Field(
        default_factory=list, description="Any of these types (repeat the parameter)"
    )
    min_price: PriceBound | None = Field(default=None, description="Inclusive")
    max_price: PriceBound | None = Field(
        default=None, description="Inclusive; not below min_price"
    )
    scheduled_from: Day | None = Field(default=None, description="Inclusive")
    scheduled_to: Day | None = Field(
        default=None, description="Inclusive; not before scheduled_from"
    )
    status: SearchStatus = SearchStatus.open
    sort: SearchSort = SearchSort.newest
    skip: int = Field(default=0, ge=0, le=2**62)
    limit: int = Field(default=100, ge=1, le=100)

    @model_validator(mode="after")
    def _ranges_in_order(self) -> "CleaningSearch":
        if (
            self.min_price is not None
            and self.max_price is not None
            and self.min_price > self.max_price
        ):
            raise ValueError("min_price must not be above max_price")
        if (
            self.scheduled_from is not None
            and self.scheduled_to is not None
            and self.scheduled_from > self.scheduled_to
        ):
            raise ValueError("scheduled_from must not be after scheduled_to")
        return self
