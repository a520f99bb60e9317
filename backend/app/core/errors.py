"""Domain errors raised by crud and deps, turned into HTTP responses in one place."""

import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError


class AppError(Exception):
    status_code = 400

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


class BadGateway(AppError):
    """A server we depend on (the mail server) failed or could not be reached."""

    status_code = 502


_EXAMPLES = {
    400: "Bad request",
    403: "Not enough permissions",
    404: "Not found",
    409: "Conflict with the current state",
    502: "The mail server could not be reached: the mail could not be sent",
}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route, so the OpenAPI schema (and the generated client) knows its errors."""
    return {
        code: {
            "description": _EXAMPLES[code],
            "content": {"application/json": {"example": {"detail": _EXAMPLES[code]}}},
        }
        for code in codes
    }


async def _app_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)


async def _integrity_error(_: Request, _exc: Exception) -> JSONResponse:
    # A unique or foreign-key constraint lost a race with another request.
    return JSONResponse(
        {"detail": "The request conflicts with the current state of the resource"},
        status_code=409,
    )


async def _data_error(_: Request, _exc: Exception) -> JSONResponse:
    # Values PostgreSQL refuses to store (NUL characters, out-of-range numbers).
    return JSONResponse(
        {
            "detail": "Invalid input: a value cannot be stored (e.g. it contains a NUL character)"
        },
        status_code=422,
    )


async def _unencodable_text(_: Request, _exc: Exception) -> JSONResponse:
    # JSON may carry lone surrogates (e.g. "\ud800"), which no UTF-8 encoder accepts.
    return JSONResponse(
        {"detail": "Invalid input: text must be valid Unicode (no lone surrogates)"},
        status_code=422,
    )


def _json_safe(value: Any) -> Any:
    # Python's JSON parser accepts NaN and Infinity; echoing them back would not be JSON.
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse(
        {"detail": _json_safe(jsonable_encoder(exc.errors()))}, status_code=422
    )


def register_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(UnicodeEncodeError, _unencodable_text)
