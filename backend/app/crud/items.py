import uuid

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.models import Item, ItemCreate, ItemUpdate, User


def items_visible_to(user: User) -> SelectOfScalar[Item]:
    statement = select(Item).order_by(col(Item.created_at).desc(), col(Item.id).desc())
    if not user.is_superuser:
        statement = statement.where(Item.owner_id == user.id)
    return statement


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
