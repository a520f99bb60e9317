"""The API's route class: a sync route, its sync dependencies, the check of its answer and the
request's unit of work take one trip to the threadpool; a request for another route is told
apart by the route's literal path prefix.

FastAPI runs each sync dependency (the session, the signed-in user, a job loaded by id) in a
trip to the threadpool of its own (a yield dependency in two: its start and its end), then the
route in another, then validates its answer in the threadpool again. Each trip is a thread
switch both ways, which under load costs more than most routes' own work. Here the route is
wrapped in an async function that makes one trip, in which it runs the route's sync
dependencies (each once, in order, as FastAPI would; those that yield are ended, with the
route's exception if it raised, after the answer is serialised, as FastAPI's scope="function"
does), the route, and validates and serialises the answer against the response model exactly
as FastAPI would; FastAPI then sends the ready response (with the request's background tasks).

FastAPI still solves what the wrapper's signature asks for: the route's and its dependencies'
path, query and body parameters (so validation, the 422s and the OpenAPI entry are unchanged)
and the async dependencies (the token). For a route that has only path and query parameters
and the token, that solving is done here, more cheaply: the token awaited, the parameters
validated by FastAPI's own function (the same values and 422s). `app.dependency_overrides`
replaces an inlined dependency too, called with those of its arguments it names. Database
work still never runs on the event loop (app.core.trips: the threads the trips run on).
"""

import functools
import inspect
from collections.abc import Callable, Coroutine
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any, cast, get_args, get_origin

from fastapi import params
from fastapi.datastructures import DefaultPlaceholder
from fastapi.dependencies.models import Dependant, _is_coroutine_callable
from fastapi.dependencies.utils import get_typed_signature, request_params_to_args
from fastapi.exceptions import RequestValidationError, ResponseValidationError
from fastapi.routing import APIRoute
from starlette._utils import get_route_path
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import Scope

from app.api.deps import get_current_user, reusable_oauth2
from app.core.trips import in_thread

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class Route(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        self._signs_in = False
        self._plan: _Plan | None = None
        if self._answers_in_one_trip(endpoint, kwargs.get("response_class")):
            self._plan = _Plan(endpoint)
            self._signs_in = reusable_oauth2 in self._plan.solved
            endpoint = self._in_one_trip(endpoint, self._plan)
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
        # Sync routes answering with the default JSON response or a Response of their own,
        # and not setting the status or headers through a Response parameter (FastAPI would
        # merge those; nothing here does).
        if inspect.iscoroutinefunction(endpoint):
            return False
        signature = inspect.signature(endpoint)
        if not _is_response(signature.return_annotation) and not (
            response_class is None or isinstance(response_class, DefaultPlaceholder)
        ):
            return False
        return not any(
            _is_response(p.annotation) for p in signature.parameters.values()
        )

    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()
        if self._plan is not None and _solved_plainly(
            self.dependant, self.response_field
        ):
            handler = self._plain(self._plan, fallback=handler)
        if not self._signs_in:
            return handler

        async def token_first(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError:
                # FastAPI checked the parameters before the trip that checks the token; a
                # bad token is still answered 401 before they are (an anonymous caller learns
                # nothing), at the cost of a trip on this path only.
                token = await reusable_oauth2(request)
                values = {"request": request, _SIGN_IN.solved[reusable_oauth2]: token}
                await in_thread(self._answer, _SIGN_IN, values, answer=False)
                raise

        return token_first

    def _plain(self, plan: "_Plan", fallback: Handler) -> Handler:
        """FastAPI's handler cut down to what a route of path and query parameters and
        dependencies on the request alone (the token) needs: those dependencies awaited in
        order, then the parameters validated by FastAPI's own function, their errors raised
        as FastAPI raises them; then the one trip, whose answer is the response. FastAPI's
        generic solving (a cache, a sub-response, exit stacks and telemetry hooks per
        request) took 0.06 ms of the 0.7 of `/users/me` in process, more with query
        parameters. With an override of one of those dependencies, FastAPI's handler
        answers."""
        dependant = self.dependant
        # Each: the dependency, its value's name, the name it takes the request by.
        on_request = [
            (
                cast(Callable[..., Any], sub.call),
                str(sub.name),
                str(_takes_request(sub)),
            )
            for sub in dependant.dependencies
        ]
        request_name = dependant.request_param_name

        async def plain(request: Request) -> Response:
            overrides = getattr(
                self.dependency_overrides_provider, "dependency_overrides", None
            )
            if overrides and any(call in overrides for call, _, _ in on_request):
                return await fallback(request)
            values: dict[str, Any] = {}
            for call, name, takes_request in on_request:
                values[name] = await call(**{takes_request: request})
            if request_name is not None:
                values[request_name] = request
            path_values, errors = request_params_to_args(
                dependant.path_params, request.path_params
            )
            query_values, query_errors = request_params_to_args(
                dependant.query_params, request.query_params
            )
            if errors or query_errors:
                raise RequestValidationError(errors + query_errors)
            values.update(path_values)
            values.update(query_values)
            response: Response = await in_thread(self._answer, plan, values)
            return response

        return plain

    def _in_one_trip(
        self, endpoint: Callable[..., Any], plan: "_Plan"
    ) -> Callable[..., Any]:
        @functools.wraps(endpoint)  # the route's name, docstring and return type
        async def answer(**values: Any) -> Any:
            return await in_thread(self._answer, plan, values)

        # What FastAPI solves: the route's parameters with its sync dependencies' in their
        # place (inspect.signature reads this before following __wrapped__).
        answer.__signature__ = plan.signature  # type: ignore[attr-defined]
        return answer

    def _answer(
        self, plan: "_Plan", values: dict[str, Any], *, answer: bool = True
    ) -> Any:
        overrides = getattr(
            self.dependency_overrides_provider, "dependency_overrides", {}
        )
        return plan.run(values, overrides, self._serialised if answer else _nothing)

    def _serialised(self, content: Any) -> Any:
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
        return Response(
            body, status_code=self.status_code or 200, media_type="application/json"
        )


# What a dependant may ask for besides its path and query parameters and the request: none of
# it on a route answered by Route._plain.
_MORE_THAN_PARAMETERS = (
    "header_params",
    "cookie_params",
    "body_params",
    "websocket_param_name",
    "response_param_name",
    "background_tasks_param_name",
    "security_scopes_param_name",
)


def _asks_for(dependant: Dependant, *names: str) -> bool:
    return any(getattr(dependant, name) for name in names)


def _solved_plainly(dependant: Dependant, response_field: Any) -> bool:
    """Whether FastAPI's solving of a one-trip route comes down to awaiting dependencies that
    take the request alone and validating path and query parameters; and its answer is always
    a Response (it has a response model, or returns one)."""
    if _asks_for(dependant, *_MORE_THAN_PARAMETERS, "http_connection_param_name"):
        return False
    if response_field is None and not _is_response(
        inspect.signature(dependant.call).return_annotation  # type: ignore[arg-type]
    ):
        return False
    return all(
        sub.name is not None
        and _takes_request(sub) is not None
        and _is_coroutine_callable(sub.call)  # FastAPI would await it too
        and not _asks_for(
            sub, *_MORE_THAN_PARAMETERS, "dependencies", "path_params", "query_params"
        )
        for sub in dependant.dependencies
    )


def _takes_request(dependant: Dependant) -> str | None:
    """The name a dependency takes the request (or its connection) by."""
    return dependant.request_param_name or dependant.http_connection_param_name


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


def _is_response(annotation: Any) -> bool:
    return inspect.isclass(annotation) and issubclass(annotation, Response)


def _runs_in_the_trip(depends: params.Depends) -> bool:
    """A sync function, cached per request (FastAPI's default), or a sync generator ended
    before the response is sent (scope="function"): what FastAPI would run in trips of its
    own. Not: async functions, classes and callable objects, security scopes."""
    call = depends.dependency
    return (
        inspect.isfunction(call)
        and not inspect.iscoroutinefunction(call)
        and not inspect.isasyncgenfunction(call)
        and (not inspect.isgeneratorfunction(call) or depends.scope == "function")
        and depends.use_cache
        and not isinstance(depends, params.Security)
        and depends.max_concurrency is None
    )


@dataclass(frozen=True)
class _Step:
    call: Callable[..., Any]
    # Each argument: from the values FastAPI solved (a name) or an earlier step (an index).
    arguments: dict[str, str | int]
    # Made once, not on every request: a dependency that yields, as a context manager.
    context: Callable[..., Any] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if inspect.isgeneratorfunction(self.call):
            object.__setattr__(self, "context", contextmanager(self.call))

    def run(
        self,
        call: Callable[..., Any],
        values: dict[str, Any],
        results: list[Any],
        ending: ExitStack,
    ) -> Any:
        """`call` (the step's own, or an override of it) with its arguments; one that yields
        is entered, and ended with `ending`."""
        arguments = self.arguments_for(call, values, results)
        if call is self.call:
            context = self.context
        else:
            context = (
                contextmanager(call) if inspect.isgeneratorfunction(call) else None
            )
        if context is None:
            return call(**arguments)
        return ending.enter_context(context(**arguments))

    def arguments_for(
        self, call: Callable[..., Any], values: dict[str, Any], results: list[Any]
    ) -> dict[str, Any]:
        arguments = {
            name: results[source] if isinstance(source, int) else values[source]
            for name, source in self.arguments.items()
        }
        if call is not self.call:  # an override: it gets what it asks for
            names = inspect.signature(call).parameters
            arguments = {k: v for k, v in arguments.items() if k in names}
        return arguments


def _nothing(_: Any) -> None:
    return None


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
        self.steps = frozenset(self._step_of)
        # The dependencies FastAPI runs for the plan -> the wrapper's parameter.
        self.solved = {key[0]: name for key, name in self._solved.items()}

    def run(
        self,
        values: dict[str, Any],
        overrides: dict[Callable[..., Any], Callable[..., Any]],
        finish: Callable[[Any], Any],
    ) -> Any:
        """The dependencies, the endpoint and `finish` of its answer; then the dependencies
        that yield are ended (with the exception, if any was raised)."""
        results: list[Any] = []
        with ExitStack() as ending:
            for step in self._steps:
                call = overrides.get(step.call, step.call)
                results.append(step.run(call, values, results, ending))
            endpoint = self._endpoint
            return finish(endpoint.run(endpoint.call, values, results, ending))

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


# The signed-in user alone: the check a request with invalid parameters gets first.
_SIGN_IN = _Plan(get_current_user)
