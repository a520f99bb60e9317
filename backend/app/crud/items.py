import uuid
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Select, Table, bindparam, func
from sqlalchemy import select as core_select
from sqlmodel import Session

from app.models import Item, ItemCreate, ItemPublic, ItemUpdate, User

_ITEM: Table = Item.__table__  # type: ignore[attr-defined]
_OF_OWNER = _ITEM.c.owner_id == bindparam("owner_id")


def _page(statement: Select[Any]) -> Select[Any]:
    return (
        statement.order_by(_ITEM.c.created_at.desc(), _ITEM.c.id.desc())
        .offset(bindparam("skip"))
        .limit(bindparam("limit"))
    )


# Built once, with the owner, skip and limit as parameters (building a statement and its cache
# key costs more than running it): the items a user sees, newest first, and their number.
_PAGE = {
    "owner": _page(core_select(_ITEM).where(_OF_OWNER)),
    "all": _page(core_select(_ITEM)),
}
_COUNT = {
    "owner": core_select(func.count()).select_from(_ITEM).where(_OF_OWNER),
    "all": core_select(func.count()).select_from(_ITEM),
}
_PUBLIC_ITEMS = TypeAdapter(list[ItemPublic])


def read_items(
    *, session: Session, user: User, skip: int, limit: int
) -> tuple[list[ItemPublic], int]:
    """A page of the items `user` sees (a superuser: all, others: their own), newest first,
    and how many there are: plain rows validated into the public model in one call (a read
    needs no ORM objects)."""
    which = "all" if user.is_superuser else "owner"
    params = {"owner_id": user.id, "skip": skip, "limit": limit}
    connection = session.connection()
    count = connection.execute(_COUNT[which], params).scalar_one()
    rows = connection.execute(_PAGE[which], params).mappings().all()
    return _PUBLIC_ITEMS.validate_python(rows), count


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
