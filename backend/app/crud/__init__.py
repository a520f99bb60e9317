from app.crud.common import paginate
from app.crud.items import create_item, items_visible_to, update_item
from app.crud.users import (
    authenticate,
    create_user,
    get_user_by_email,
    get_user_by_username,
    update_user,
    users_query,
)

__all__ = [
    "authenticate",
    "create_item",
    "create_user",
    "get_user_by_email",
    "get_user_by_username",
    "items_visible_to",
    "paginate",
    "update_item",
    "update_user",
    "users_query",
]
