from fastapi import APIRouter

from app.api.routes import (
    cleanings,
    evaluations,
    feed,
    items,
    login,
    offers,
    profiles,
    users,
    utils,
)
from app.core.errors import responses

# Every operation: a body over 1 MiB is refused before it is read (app.core.middleware);
# 503 while the database is unreachable (app.core.errors).
api_router = APIRouter(responses=responses(413, 503))
api_router.include_router(login.router)
# Before users: /users/me/offers must not be read as /users/{user_id}.
api_router.include_router(offers.router)
api_router.include_router(users.router)
api_router.include_router(utils.router)
api_router.include_router(items.router)
api_router.include_router(profiles.router)
api_router.include_router(cleanings.router)
api_router.include_router(evaluations.router)
api_router.include_router(feed.router)
