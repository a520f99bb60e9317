import uuid
from typing import Any

from sqlalchemy import Select, Table, bindparam, func
from sqlalchemy import select as core_select
from sqlmodel import Session

from app.core.answers import json_text
from app.core.reads import Query
from app.crud.common import page_and_total, with_total
from app.models import Item, ItemCounter, ItemCreate, ItemPublic, ItemUpdate, User

_ITEM: Table = Item.__table__  # type: ignore[attr-defined]
_OF_OWNER = _ITEM.c.owner_id == bindparam("owner_id")


def _page(statement: Select[Any]) -> Select[Any]:
    return (
        statement.add_columns(
            json_text(ItemPublic, dict(_ITEM.c.items())).label("item")
        )
        .order_by(_ITEM.c.created_at.desc(), _ITEM.c.id.desc())
        .offset(bindparam("skip"))
        .limit(bindparam("limit"))
    )


# Built and compiled once, with the owner, skip and limit as parameters (building a statement
# and its cache key costs more than running it, and SQLAlchemy's work per run as much again:
# app.core.reads): the items a user sees, newest first, and their number, the sum of the
# trigger-kept counter's shards (not a count of the items).
_COUNTER: Table = ItemCounter.__table__  # type: ignore[attr-defined]
_COUNTED = core_select(
    func.coalesce(func.sum(_COUNTER.c["items"]), 0)
)  # .items: a method
_COUNTS = {
    "owner": _COUNTED.where(_COUNTER.c.owner_id == bindparam("owner_id")),
    "all": _COUNTED,
}
_COUNT = {which: Query(count) for which, count in _COUNTS.items()}
_PAGE = {
    "owner": Query(with_total(_page(core_select().where(_OF_OWNER)), _COUNTS["owner"])),
    "all": Query(with_total(_page(core_select().select_from(_ITEM)), _COUNTS["all"])),
}


def read_items(
    *, session: Session, user: User, skip: int, limit: int
) -> tuple[list[str], int]:
    """A page of the items `user` sees (a superuser: all, others: their own), newest first,
    as their ItemPublic JSON (app.core.answers), and how many there are."""
    which = "all" if user.is_superuser else "owner"
    params = {"owner_id": user.id, "skip": skip, "limit": limit}
    rows, total = page_and_total(session, _PAGE[which], _COUNT[which], params)
    return [row["item"] for row in rows], total


def create_item(*, session: Session, item_in: ItemCreate, owner_id: uuid.UUID) -> Item:
    item = Item.model_validate(item_in, update={"owner_id": owner_id})
    session.add(item)
    session.flush()
    return item


def update_item(*, session: Session, item: Item, item_in: ItemUpdate) -> Item:
    item.sqlmodel_update(item_in.model_dump(exclude_unset=True))
    session.add(item)
    session.flush()
    return item
