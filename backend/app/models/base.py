import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import DateTime, MetaData
from sqlmodel import Field, SQLModel

# Stable constraint names, so migrations can refer to them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


def utcnow() -> datetime:
    return datetime.now(UTC)


def CreatedAt() -> Any:
    return Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False
    )


def UUIDPrimaryKey() -> Any:
    return Field(default_factory=uuid.uuid4, primary_key=True)


class PublicModel(SQLModel):
    """Base of the models that only answer (…Public, pages, messages; never a table): built
    by pydantic's core in one pass. SQLModel's own __init__, there for table models, makes the
    core call back into Python for every instance and validate its input a second time, once
    more for each level of nesting (a feed page: the page, 20 items, 20 owners)."""

    __init__ = BaseModel.__init__


class Message(PublicModel):
    message: str


class PublicSettings(PublicModel):
    project_name: str
    currency: str = Field(description="ISO 4217 code of every price, e.g. EUR")
