"""The API's route class: a sync route, the check of its answer and the end of the request's
unit of work take one trip to the threadpool; a request for another route is told apart by the
route's literal path prefix.

FastAPI runs a sync route in the threadpool, then validates its answer in the threadpool
again, and a yield dependency (the session) ends in a third trip. Each trip is a thread switch
both ways, which under load costs more than most routes' own work. Here the route is wrapped in
an async function that makes one trip, in which it runs the route, validates and serialises the
answer against the response model exactly as FastAPI would, and commits the request's session;
FastAPI then sends the ready response (with the request's background tasks). The route's
signature, models and OpenAPI entry are unchanged; database work still never runs on the event
loop.
"""

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.datastructures import DefaultPlaceholder
from fastapi.exceptions import ResponseValidationError
from fastapi.routing import APIRoute
from starlette._utils import get_route_path
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import Scope

from app.api.deps import request_session
from app.core.db import end_unit_of_work


class Route(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if self._answers_in_one_trip(endpoint, kwargs.get("response_class")):
            endpoint = self._in_one_trip(endpoint)
        super().__init__(path, endpoint, **kwargs)
        # The path up to its first parameter: a request that does not start with it is
        # not for this route, told without the regular expression and FastAPI's lookups (a
        # request is tried against every route before the one it is for).
        self._literal_prefix = path.split("{", 1)[0]

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and not get_route_path(scope).startswith(
            self._literal_prefix
        ):
            return Match.NONE, {}
        return super().matches(scope)

    @staticmethod
    def _answers_in_one_trip(endpoint: Callable[..., Any], response_class: Any) -> bool:
        # Sync routes answering with the default JSON response, and not setting the status or
        # headers through a Response parameter (FastAPI would merge those; nothing here does).
        if inspect.iscoroutinefunction(endpoint):
            return False
        if response_class is not None and not isinstance(
            response_class, DefaultPlaceholder
        ):
            return False
        parameters = inspect.signature(endpoint).parameters.values()
        return not any(
            inspect.isclass(p.annotation) and issubclass(p.annotation, Response)
            for p in parameters
        )

    def _in_one_trip(self, endpoint: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(endpoint)  # FastAPI reads the route's signature through this
        async def answer(**values: Any) -> Any:
            return await run_in_threadpool(self._answer, endpoint, values)

        return answer

    def _answer(self, endpoint: Callable[..., Any], values: dict[str, Any]) -> Any:
        content = endpoint(**values)
        field = self.response_field
        if isinstance(content, Response) or field is None:
            return content  # FastAPI takes it from here, as for any route
        value, errors = field.validate(content, {}, loc=("response",))
        if errors:
            raise ResponseValidationError(errors=errors, body=content)
        body = field.serialize_json(
            value,
            include=self.response_model_include,
            exclude=self.response_model_exclude,
            by_alias=self.response_model_by_alias,
            exclude_unset=self.response_model_exclude_unset,
            exclude_defaults=self.response_model_exclude_defaults,
            exclude_none=self.response_model_exclude_none,
        )
        session = request_session.get()
        if session is not None:
            # Before the answer leaves: a client that got a 2xx can rely on the change.
            end_unit_of_work(session, commit=True)
        return Response(
            body, status_code=self.status_code or 200, media_type="application/json"
        )
