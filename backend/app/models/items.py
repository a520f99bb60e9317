import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Index
from sqlmodel import Field, SQLModel

from app.models.base import CreatedAt, PublicModel, UUIDPrimaryKey


class ItemBase(SQLModel):
    title: str = Field(min_length=1, max_length=255)
    description: str | None = Field(default=None, max_length=255)


class ItemCreate(ItemBase):
    pass


class ItemUpdate(ItemBase):
    # May be left out, but not set to null: the default is never validated, an explicit null is.
    title: str = Field(default=None, min_length=1, max_length=255)


class Item(ItemBase, table=True):
    __table_args__ = (
        # Serves the list's ORDER BY, for one owner (and the owner foreign key) and for all.
        Index("ix_item_owner_id_created_at_id", "owner_id", "created_at", "id"),
        Index("ix_item_created_at_id", "created_at", "id"),
    )

    id: uuid.UUID = UUIDPrimaryKey()
    owner_id: uuid.UUID = Field(
        foreign_key="user.id", nullable=False, ondelete="CASCADE"
    )
    created_at: datetime = CreatedAt()


class ItemCounter(SQLModel, table=True):
    """How many items each user owns, kept by triggers on item and user (migration 0011).

    Several rows (shards) an owner, so concurrent inserts do not queue on one row lock; the
    count is their sum, read in constant time however many items there are.
    """

    __tablename__ = "item_counter"

    owner_id: uuid.UUID = Field(primary_key=True)
    shard: int = Field(primary_key=True)
    items: int = Field(default=0, sa_type=BigInteger)


class ItemPublic(ItemBase, PublicModel):
    id: uuid.UUID
    owner_id: uuid.UUID
    created_at: datetime


class ItemsPublic(PublicModel):
    data: list[ItemPublic]
    count: int
