from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from app.api.route import Route
from app.api.routes import (
    cleanings,
    evaluations,
    feed,
    items,
    login,
    notifications,
    offers,
    profiles,
    users,
    utils,
)
from app.core.config import settings
from app.core.errors import responses

# In the order the schema lists them; offers before users, so /users/me/offers is not read as
# /users/{user_id}. Requests are matched against utils first (the health check is asked most,
# and matching a route costs about a microsecond for each route before it); no path of utils
# overlaps another's.
ROUTERS = [
    login.router,
    offers.router,
    users.router,
    utils.router,
    items.router,
    profiles.router,
    cleanings.router,
    evaluations.router,
    feed.router,
    notifications.router,
]
MATCHED_FIRST = [utils.router]

# Every operation: a body over 1 MiB is refused before it is read (app.core.middleware);
# 503 while the database is unreachable (app.core.errors).
API_RESPONSES = responses(413, 503)


def include_api(app: FastAPI) -> None:
    """Every route of ROUTERS on the app's own router, under API_V1_STR.

    Not `include_router`: FastAPI keeps an included router as a router inside the router and
    matches a request against all the routes of each level, twice per level (about 100 route
    matches, each with bookkeeping in the scope, for a route near the end: more than the rest
    of a health check costs). Routes of the app's own router are matched once, in order.
    The routes are the same: same paths, methods, models, responses and operation ids, of the
    class app.api.route.Route (a sync route takes one trip to the threadpool).
    """
    matched = MATCHED_FIRST + [r for r in ROUTERS if r not in MATCHED_FIRST]
    for router in matched:
        for route in router.routes:
            assert isinstance(route, APIRoute), route
            app.router.add_api_route(
                settings.API_V1_STR + route.path,
                route.endpoint,
                response_model=route.response_model,
                status_code=route.status_code,
                tags=route.tags,
                dependencies=route.dependencies,
                summary=route.summary,
                description=route.description,
                response_description=route.response_description,
                responses={**API_RESPONSES, **route.responses},
                deprecated=route.deprecated,
                methods=route.methods,
                operation_id=route.operation_id,
                response_model_include=route.response_model_include,
                response_model_exclude=route.response_model_exclude,
                response_model_by_alias=route.response_model_by_alias,
                response_model_exclude_unset=route.response_model_exclude_unset,
                response_model_exclude_defaults=route.response_model_exclude_defaults,
                response_model_exclude_none=route.response_model_exclude_none,
                include_in_schema=route.include_in_schema,
                response_class=route.response_class,
                name=route.name,
                callbacks=route.callbacks,
                openapi_extra=route.openapi_extra,
                route_class_override=Route,
            )

    _list_paths_in_documented_order(app)


def _list_paths_in_documented_order(app: FastAPI) -> None:
    """The schema lists the paths in ROUTERS' order, whatever order they are matched in (so
    the generated client does not move)."""
    documented = [
        settings.API_V1_STR + route.path
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
    ]
    position = {path: n for n, path in enumerate(dict.fromkeys(documented))}
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        schema = generate()
        paths = sorted(schema["paths"].items(), key=lambda p: position.get(p[0], -1))
        schema["paths"] = dict(paths)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
