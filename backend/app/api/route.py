"""The API's route class: a sync route, its sync dependencies, the check of its answer and the
end of the request's unit of work take one trip to the threadpool; a request for another route
is told apart by the route's literal path prefix.

FastAPI runs each sync dependency (the signed-in user, a job loaded by id) in a trip to the
threadpool of its own, then the route in another, then validates its answer in the threadpool
again, and a yield dependency (the session) ends in yet another trip. Each trip is a thread
switch both ways, which under load costs more than most routes' own work. Here the route is
wrapped in an async function that makes one trip, in which it runs the route's sync
dependencies (each once, in order, as FastAPI would), the route, validates and serialises the
answer against the response model exactly as FastAPI would, and commits the request's session;
FastAPI then sends the ready response (with the request's background tasks).

FastAPI still solves what the wrapper's signature asks for: the route's and its dependencies'
path, query and body parameters (so validation, the 422s and the OpenAPI entry are unchanged)
and the dependencies it must run itself: async ones (the token) and yield ones (the session,
which `app.dependency_overrides` can replace; the inlined ones cannot be overridden). Database
work still never runs on the event loop.
"""

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin

from fastapi import params
from fastapi.datastructures import DefaultPlaceholder
from fastapi.dependencies.utils import get_typed_signature
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
        plan = _Plan(endpoint)

        @functools.wraps(endpoint)  # the route's name, docstring and return type
        async def answer(**values: Any) -> Any:
            return await run_in_threadpool(self._answer, plan, values)

        # What FastAPI solves: the route's parameters with its sync dependencies' in their
        # place (inspect.signature reads this before following __wrapped__).
        answer.__signature__ = plan.signature  # type: ignore[attr-defined]
        return answer

    def _answer(self, plan: "_Plan", values: dict[str, Any]) -> Any:
        content = plan.run(values)
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


def _depends(parameter: inspect.Parameter) -> params.Depends | None:
    """The parameter's Depends, as a default or in Annotated's metadata (the last one wins,
    as in FastAPI)."""
    if isinstance(parameter.default, params.Depends):
        return parameter.default
    if get_origin(parameter.annotation) is Annotated:
        found = [
            m for m in get_args(parameter.annotation) if isinstance(m, params.Depends)
        ]
        if found:
            return found[-1]
    return None


def _runs_in_the_trip(depends: params.Depends) -> bool:
    """A plain sync function, cached per request (FastAPI's default): what FastAPI would run in
    a trip of its own. Not: async functions and yield dependencies (their setup and teardown
    are FastAPI's), classes and callable objects, security scopes."""
    call = depends.dependency
    return (
        inspect.isfunction(call)
        and not inspect.iscoroutinefunction(call)
        and not inspect.isgeneratorfunction(call)
        and not inspect.isasyncgenfunction(call)
        and depends.use_cache
        and not isinstance(depends, params.Security)
        and depends.max_concurrency is None
    )


@dataclass(frozen=True)
class _Step:
    call: Callable[..., Any]
    # Each argument: from the values FastAPI solved (a name) or an earlier step (an index).
    arguments: dict[str, str | int]


class _Plan:
    """A sync route with its sync dependencies inlined: the parameters FastAPI solves for them
    all, and the order in which the dependencies run (each once)."""

    def __init__(self, endpoint: Callable[..., Any]) -> None:
        self._parameters: dict[str, inspect.Parameter] = {}
        self._solved: dict[Any, str] = {}  # dependencies FastAPI runs -> parameter name
        self._steps: list[_Step] = []
        self._step_of: dict[Callable[..., Any], int] = {}
        self._endpoint = _Step(endpoint, self._arguments(endpoint))
        self.signature = inspect.signature(endpoint).replace(
            parameters=list(self._parameters.values())
        )

    def run(self, values: dict[str, Any]) -> Any:
        results: list[Any] = []
        for step in self._steps:
            results.append(self._call(step, values, results))
        return self._call(self._endpoint, values, results)

    @staticmethod
    def _call(step: _Step, values: dict[str, Any], results: list[Any]) -> Any:
        return step.call(
            **{
                name: results[source] if isinstance(source, int) else values[source]
                for name, source in step.arguments.items()
            }
        )

    def _arguments(self, call: Callable[..., Any]) -> dict[str, str | int]:
        arguments: dict[str, str | int] = {}
        parameters = get_typed_signature(call).parameters.items()
        # Plain parameters first, then the dependencies': the order of FastAPI's own
        # flattening, so the OpenAPI entry lists them alike.
        for name, parameter in parameters:
            if _depends(parameter) is None:
                self._add(name, parameter)
                arguments[name] = name
        for name, parameter in parameters:
            depends = _depends(parameter)
            if depends is None:
                continue
            if _runs_in_the_trip(depends):
                arguments[name] = self._step(depends.dependency)  # type: ignore[arg-type]
            else:
                key = (depends.dependency, depends.use_cache, depends.scope)
                if key not in self._solved:
                    self._solved[key] = f"_dependency_{len(self._solved)}"
                    self._add(self._solved[key], parameter)
                arguments[name] = self._solved[key]
        return {name: arguments[name] for name, _ in parameters}  # the call's order

    def _step(self, call: Callable[..., Any]) -> int:
        if call not in self._step_of:
            step = _Step(call, self._arguments(call))
            self._step_of[call] = len(self._steps)
            self._steps.append(step)
        return self._step_of[call]

    def _add(self, name: str, parameter: inspect.Parameter) -> None:
        """A parameter of the wrapper; one named alike by two functions must be the same."""
        new = parameter.replace(name=name, kind=inspect.Parameter.KEYWORD_ONLY)
        old = self._parameters.get(name)
        if old is not None and (old.annotation, old.default) != (
            new.annotation,
            new.default,
        ):
            raise TypeError(f"Parameter {name!r} means two things in one route")
        self._parameters[name] = new
