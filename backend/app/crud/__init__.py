from app.crud.cleanings import (
    cleanings_owned_by,
    cleanings_visible_to,
    create_cleaning,
    delete_cleaning,
    get_cleaning,
    update_cleaning,
)
from app.crud.common import paginate
from app.crud.evaluations import create_evaluation, evaluations_of, get_stats
from app.crud.items import create_item, read_items, update_item
from app.crud.login_throttle import forget_login_attempt, take_login_attempt
from app.crud.offers import (
    accept_offer,
    cancel_offer,
    create_offer,
    get_offer,
    offers_for_cleaning,
    offers_of_user,
    rescind_offer,
)
from app.crud.users import (
    authenticate,
    create_user,
    delete_user,
    get_user_by_email,
    get_user_by_token,
    get_user_by_username,
    set_password,
    update_user,
    update_user_as_superuser,
    users_query,
)

__all__ = [
    "accept_offer",
    "cancel_offer",
    "cleanings_owned_by",
    "cleanings_visible_to",
    "create_cleaning",
    "create_evaluation",
    "create_offer",
    "delete_cleaning",
    "delete_user",
    "evaluations_of",
    "forget_login_attempt",
    "get_cleaning",
    "get_offer",
    "get_stats",
    "offers_for_cleaning",
    "offers_of_user",
    "rescind_offer",
    "take_login_attempt",
    "update_cleaning",
    "authenticate",
    "create_item",
    "create_user",
    "get_user_by_email",
    "get_user_by_token",
    "get_user_by_username",
    "read_items",
    "paginate",
    "set_password",
    "update_item",
    "update_user",
    "update_user_as_superuser",
    "users_query",
]
