import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from app import crud
from app.api.deps import (
    CurrentUser,
    Limit,
    SessionDep,
    Skip,
    TokenDep,
    current_user_with,
    require_one_of,
)
from app.core.answers import page_answer
from app.core.errors import NotFound, responses
from app.models import Item, ItemCreate, ItemPublic, ItemsPublic, ItemUpdate, Message

router = APIRouter(prefix="/items", tags=["items"])


def get_owned_item(
    id: uuid.UUID, session: SessionDep, current_user: CurrentUser
) -> Item:  # noqa: A002
    item = session.get(Item, id)
    if not item:
        raise NotFound("Item not found")
    require_one_of(current_user, item.owner_id)
    return item


OwnedItem = Annotated[Item, Depends(get_owned_item)]
ITEM_ERRORS = responses(403, 404)


@router.get("/", response_model=ItemsPublic)
def read_items(
    session: SessionDep, token: TokenDep, skip: Skip = 0, limit: Limit = 100
) -> Response:
    """Retrieve items (superuser: all; others: their own)."""
    _, page = current_user_with(
        session, token, crud.ITEMS_PAGE, {"skip": skip, "limit": limit}
    )
    items = [page["items"]] if page["items"] else []
    return page_answer(items, count=page["total"])


@router.get("/{id}", response_model=ItemPublic, responses=ITEM_ERRORS)
def read_item(item: OwnedItem) -> Item:
    """Get item by ID."""
    return item


@router.post("/", response_model=ItemPublic)
def create_item(
    *, session: SessionDep, current_user: CurrentUser, item_in: ItemCreate
) -> Item:
    """Create new item."""
    return crud.create_item(session=session, item_in=item_in, owner_id=current_user.id)


@router.put("/{id}", response_model=ItemPublic, responses=ITEM_ERRORS)
def update_item(*, session: SessionDep, item: OwnedItem, item_in: ItemUpdate) -> Item:
    """Update an item."""
    return crud.update_item(session=session, item=item, item_in=item_in)


@router.delete(
    "/{id}",
    response_model=Message,
    responses=ITEM_ERRORS,
    status_code=status.HTTP_200_OK,
)
def delete_item(session: SessionDep, item: OwnedItem) -> Message:
    """Delete an item."""
    session.delete(item)
    return Message(message="Item deleted successfully")
