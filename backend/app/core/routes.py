"""What the route table says beyond one route: the methods a path allows, and the answers
every signed-in operation can give, written into the OpenAPI schema."""

import re
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.types import ASGIApp

_PARAM = re.compile(r"{[^}]*}")


def allowed_methods(app: ASGIApp, path: str) -> set[str] | None:
    """The methods of the most specific route templates matching `path` (None: no route).

    Most specific: the most literal characters, so `/users/signup` is not read as
    `/users/{user_id}`, whose methods it does not have.
    """
    best: tuple[int, set[str]] | None = None
    routes = getattr(app, "routes", [])
    for route in iter_route_contexts(routes):
        original = route.original_route
        if not isinstance(original, APIRoute) or not route.path:
            continue
        if not route.path_regex.match(path):
            continue
        literal = len(_PARAM.sub("", route.path))
        if best is None or literal > best[0]:
            best = (literal, set(route.methods or ()))
        elif literal == best[0]:
            best[1].update(route.methods or ())
    return best[1] if best else None


# Every operation that needs a token can answer these, whatever its own errors are.
SIGNED_IN_ERRORS: dict[str, dict[str, Any]] = {
    "401": {
        "description": "Missing, invalid or expired token, or one of a deleted user",
        "content": {
            "application/json": {
                "example": {"detail": "Could not validate credentials"}
            }
        },
    },
    "400": {
        "description": "The token's user is inactive",
        "content": {"application/json": {"example": {"detail": "Inactive user"}}},
    },
}


def declare_auth_errors(app: FastAPI) -> None:
    """The app's schema, with 401 and 400 declared on each operation that needs a token."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if operation.get("security"):
                    answers = operation.setdefault("responses", {})
                    for code, answer in SIGNED_IN_ERRORS.items():
                        answers.setdefault(code, answer)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
