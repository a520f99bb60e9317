import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, WithJsonSchema
from sqlalchemy import CheckConstraint, DateTime, Index, Numeric, String
from sqlmodel import Field, Relationship, SQLModel

from app.models.base import CreatedAt, PublicModel, UUIDPrimaryKey
from app.models.users import OwnerPublic, User


class CleaningType(StrEnum):
    dust_up = "dust_up"
    spot_clean = "spot_clean"
    full_clean = "full_clean"


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


class Cleaning(CleaningBase, table=True):
    __table_args__ = (
        CheckConstraint("price > 0", name="price_positive"),
        CheckConstraint(
            "cleaning_type IN ('dust_up', 'spot_clean', 'full_clean')",
            name="cleaning_type",
        ),
        # The list's ORDER BY, per owner (also the owner foreign key) and for all.
        Index("ix_cleaning_owner_id_created_at_id", "owner_id", "created_at", "id"),
        Index("ix_cleaning_created_at_id", "created_at", "id"),
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

    owner: User = Relationship(
        sa_relationship_kwargs={"lazy": "raise", "innerjoin": True}
    )


class CleaningPublic(CleaningBase, PublicModel):
    id: uuid.UUID
    owner_id: uuid.UUID
    owner: OwnerPublic
    created_at: datetime
    updated_at: datetime


class CleaningsPublic(PublicModel):
    data: list[CleaningPublic]
    count: int
