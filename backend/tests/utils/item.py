import uuid

from sqlmodel import Session

from app import crud
from app.models import Item, ItemCreate
from tests.utils.user import create_random_user
from tests.utils.utils import random_lower_string


def create_random_item(db: Session, *, owner_id: uuid.UUID | None = None) -> Item:
    """An item owned by `owner_id` (a new random user when not given)."""
    if owner_id is None:
        owner_id = create_random_user(db).id
    item = crud.create_item(
        session=db,
        item_in=ItemCreate(
            title=random_lower_string(), description=random_lower_string()
        ),
        owner_id=owner_id,
    )
    db.commit()
    return item
