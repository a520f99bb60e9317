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

api_router = APIRouter()
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
