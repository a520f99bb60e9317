"""Domain errors raised by crud and deps, turned into HTTP responses in one place."""

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import (
    DataError,
    IntegrityError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.routes import allowed_methods


class AppError(Exception):
    status_code = 400
    headers: dict[str, str] | None = None

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BadRequest(AppError):
    status_code = 400


class Forbidden(AppError):
    status_code = 403


class NotFound(AppError):
    status_code = 404


class Conflict(AppError):
    status_code = 409


class PayloadTooLarge(AppError):
    status_code = 413


def invalid_input(loc: tuple[str, ...], message: str) -> RequestValidationError:
    """A 422 in FastAPI's own shape, for a rule checked in code (e.g. a file's content)."""
    return RequestValidationError(
        [{"type": "value_error", "loc": loc, "msg": message, "input": None}]
    )


class TooManyRequests(AppError):
    status_code = 429

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.headers = {"Retry-After": str(retry_after)}


class BadGateway(AppError):
    """A server we depend on (the mail server) failed or could not be reached."""

    status_code = 502


class ServiceUnavailable(AppError):
    """Something this server needs is not set up (e.g. no mail settings)."""

    status_code = 503


_EXAMPLES = {
    400: "Bad request",
    403: "Not enough permissions",
    404: "Not found",
    409: "Conflict with the current state",
    413: "Request body too large: at most 1048576 bytes",
    429: "Too many failed logins: try again later",
    502: "The mail server could not be reached: the mail could not be sent",
    503: "The database is unavailable: try again shortly",
}

logger = logging.getLogger(__name__)

# Seconds a client should wait before retrying when the database is unavailable.
DATABASE_RETRY_AFTER = 5


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route, so the OpenAPI schema (and the generated client) knows its errors."""
    return {
        code: {
            "description": _EXAMPLES[code],
            "content": {"application/json": {"example": {"detail": _EXAMPLES[code]}}},
        }
        for code in codes
    }


async def _app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    if isinstance(exc, Forbidden | NotFound):
        wrong_method = _wrong_method(request)
        if wrong_method:
            return wrong_method
    return JSONResponse(
        {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
    )


async def _integrity_error(_: Request, _exc: Exception) -> JSONResponse:
    # A unique or foreign-key constraint lost a race with another request.
    return JSONResponse(
        {"detail": "The request conflicts with the current state of the resource"},
        status_code=409,
    )


def _refused_value(message: str) -> JSONResponse:
    # The shape of every other 422 (HTTPValidationError), as the schema declares it.
    return JSONResponse(
        {"detail": [{"type": "value_error", "loc": ["body"], "msg": message}]},
        status_code=422,
    )


async def _data_error(_: Request, _exc: Exception) -> JSONResponse:
    # Values PostgreSQL refuses to store (NUL characters, out-of-range numbers).
    return _refused_value(
        "Invalid input: a value cannot be stored (e.g. it contains a NUL character)"
    )


async def _database_unavailable(_: Request, exc: Exception) -> JSONResponse:
    # The server is down, restarting or unreachable, a connection died, or the pool is
    # exhausted: the client may retry; nothing about the failure is sent to it.
    logger.warning("Database unavailable: %s", str(exc).splitlines()[0])
    return JSONResponse(
        {"detail": _EXAMPLES[503]},
        status_code=503,
        headers={"Retry-After": str(DATABASE_RETRY_AFTER)},
    )


async def _unencodable_text(_: Request, _exc: Exception) -> JSONResponse:
    # JSON may carry lone surrogates (e.g. "\ud800"), which no UTF-8 encoder accepts.
    return _refused_value(
        "Invalid input: text must be valid Unicode (no lone surrogates)"
    )


# What an error may echo of a value: a prefix of a string, a few entries of a container.
_ECHO_CHARS = 100
_ECHO_ITEMS = 5
_ECHO_DEPTH = 3


def _echo(value: Any, depth: int = 0) -> Any:
    """`value` shortened for an error message, and JSON-safe (NaN, Infinity and large or deep
    values, which Python's JSON parser accepts, become short strings)."""
    if isinstance(value, str):
        return value if len(value) <= _ECHO_CHARS else value[:_ECHO_CHARS] + "…"
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        text = str(value)
        finite = not isinstance(value, float) or math.isfinite(value)
        return value if finite and len(text) <= _ECHO_CHARS else _echo(text)
    if isinstance(value, bytes):
        return _echo(value[: _ECHO_CHARS * 4].decode(errors="replace"))
    if isinstance(value, dict):
        if depth >= _ECHO_DEPTH:
            return "{…}"
        entries = list(value.items())
        shown = {_echo(str(k)): _echo(v, depth + 1) for k, v in entries[:_ECHO_ITEMS]}
        if len(entries) > _ECHO_ITEMS:
            shown["…"] = f"{len(entries) - _ECHO_ITEMS} more"
        return shown
    if isinstance(value, list | tuple):
        if depth >= _ECHO_DEPTH:
            return "[…]"
        items = [_echo(v, depth + 1) for v in value[:_ECHO_ITEMS]]
        return items + ["…"] if len(value) > _ECHO_ITEMS else items
    return value


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # PATCH /users/signup reaches /users/{user_id} and fails on its id: it is a method
    # that /users/signup does not have.
    wrong_method = _wrong_method(request)
    if wrong_method:
        return wrong_method
    errors = [
        {
            **error,
            **({"input": _echo(error["input"])} if "input" in error else {}),
            **({"ctx": _echo(error["ctx"])} if "ctx" in error else {}),
        }
        for error in exc.errors()
    ]
    return JSONResponse({"detail": jsonable_encoder(errors)}, status_code=422)


# FastAPI's words for a body it could not read (not JSON's own syntax errors, already 422s).
_UNPARSABLE_BODY = "There was an error parsing the body"


def _unparsable_reason(cause: BaseException | None) -> str:
    if isinstance(cause, UnicodeError):
        return "it is not valid UTF-8"
    if isinstance(cause, RecursionError):
        return "it is nested too deeply"
    if isinstance(cause, ValueError) and "digits" in str(cause):
        return "a number in it is too long"
    return "it is not valid JSON"


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and exc.detail == _UNPARSABLE_BODY:
        # Invalid UTF-8, nesting deeper than the parser goes, integers too long to convert:
        # invalid input like any other, so the same 422 (FastAPI says 400), in words for the
        # client (never Python's exception text).
        return await _validation_error(
            request,
            RequestValidationError(
                [
                    {
                        "type": "body_unparsable",
                        "loc": ("body",),
                        "msg": f"The request body could not be parsed: {_unparsable_reason(exc.__cause__)}",
                        "input": None,
                    }
                ]
            ),
        )
    if exc.status_code in (401, 404, 405):
        wrong_method = _wrong_method(request)
        if wrong_method:
            return wrong_method
    return await http_exception_handler(request, exc)


def _wrong_method(request: Request) -> JSONResponse | None:
    """405, with every method the path has, when the path exists but not with this method
    (Starlette's 405 names one route's methods; a catch-all GET would make it a 404)."""
    allowed = allowed_methods(request.app, request.url.path)
    if not allowed or request.method in allowed:
        return None
    return JSONResponse(
        {"detail": "Method Not Allowed"},
        status_code=405,
        headers={"Allow": ", ".join(sorted(allowed))},
    )


async def _internal_error(_: Request, _exc: Exception) -> JSONResponse:
    # A bug: the log has the traceback, the client only this.
    return JSONResponse({"detail": "Internal Server Error"}, status_code=500)


def register_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Exception, _internal_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(DataError, _data_error)
    for unavailable in (OperationalError, InterfaceError, PoolTimeout):
        app.add_exception_handler(unavailable, _database_unavailable)
    app.add_exception_handler(UnicodeEncodeError, _unencodable_text)
