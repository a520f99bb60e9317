import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Table,
    bindparam,
    case,
    cast,
    func,
    literal_column,
)
from sqlalchemy import select as core_select
from sqlmodel import Session

from app.core.answers import json_text
from app.crud.users import token_user_query
from app.models import Item, ItemCounter, ItemCreate, ItemPublic, ItemUpdate, User

_ITEM: Table = Item.__table__  # type: ignore[attr-defined]
_USER: Table = User.__table__  # type: ignore[attr-defined]
_COUNTER: Table = ItemCounter.__table__  # type: ignore[attr-defined]


def _page(*where: ColumnElement[bool]) -> ColumnElement[str]:
    """The ItemPublic JSON of a page of the items `where` picks, newest first, as one text:
    the objects, comma-separated (app.core.answers.page_answer)."""
    page = (
        core_select(json_text(ItemPublic, dict(_ITEM.c.items())))
        .where(*where)
        .order_by(_ITEM.c.created_at.desc(), _ITEM.c.id.desc())
        .offset(bindparam("skip"))
        .limit(bindparam("limit"))
    )
    # ARRAY(subquery) keeps the subquery's order.
    return func.array_to_string(
        func.array(page.scalar_subquery()), literal_column("','")
    )


def _count(*where: ColumnElement[bool]) -> ColumnElement[int]:
    """How many items `where` picks: the sum of the trigger-kept counter's shards (not a
    count of the items)."""
    shards = _COUNTER.c["items"]  # .items: a method
    counted = core_select(cast(func.coalesce(func.sum(shards), 0), BigInteger))
    return counted.where(*where).scalar_subquery()


def _seen(
    what: Callable[..., ColumnElement[Any]], of_owner: ColumnElement[bool]
) -> ColumnElement[Any]:
    """`what` of the items the signed-in user sees: a superuser all, others their own (the
    other branch is never run: PostgreSQL runs a CASE's subqueries when it takes them)."""
    return case((_USER.c.is_superuser, what()), else_=what(of_owner))


# The signed-in user's page of items and how many they see, read with the user, in the
# statement that checks their token (crud.users.token_user_query; compiled once, with skip and
# limit as parameters): `items` the page's JSON (None for an empty page), `total` the count.
ITEMS_PAGE = token_user_query(
    items=_seen(_page, _ITEM.c.owner_id == _USER.c.id),
    total=_seen(_count, _COUNTER.c.owner_id == _USER.c.id),
)


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
