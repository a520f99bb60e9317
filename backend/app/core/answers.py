"""Answers whose JSON PostgreSQL writes: a page of rows, each row's JSON built by the statement
itself the way pydantic would write the response model, and put together here without making
Python objects of the rows.

A page of 20 feed items through Python costs more than the rest of the request: psycopg makes
some 500 Python values of the rows (UUIDs, times, decimals, the event data's JSON), pydantic
validates them into 40 models and writes them out again. Built by PostgreSQL, each row comes
back as one string. The JSON is the response model's: its fields in their order, times in UTC
as pydantic writes them (`2026-12-06T15:04:05.123456Z`, no fraction when it is zero), decimals
as strings with their scale, nested models as objects; tests hold every such answer to be a
fixed point of its model (validated and written again by pydantic, it is unchanged).
"""

import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    DateTime,
    Numeric,
    Text,
    case,
    cast,
    func,
    literal_column,
    null,
)
from starlette.responses import Response

Columns = Mapping[str, Any]  # a field -> its column, or Columns for a nested model


def _sql(text: str) -> ColumnElement[str]:
    """A constant written into the statement (a parameter would be sent with every run)."""
    return literal_column("'" + text.replace("'", "''") + "'", Text)


def _utc_text(column: ColumnElement[Any]) -> ColumnElement[str]:
    utc = func.timezone(_sql("UTC"), column)
    microseconds = cast(func.extract("microseconds", column), BigInteger)
    whole = microseconds.op("%")(literal_column("1000000")) == literal_column("0")
    return func.concat(
        func.to_char(utc, _sql('YYYY-MM-DD"T"HH24:MI:SS')),
        case((whole, _sql("")), else_=func.to_char(utc, _sql(".US"))),
        _sql("Z"),
    )


def _value(column: Any) -> Any:
    if column is None:
        return null()
    kind = getattr(column, "type", None)
    if isinstance(kind, DateTime):
        return _utc_text(column)
    if isinstance(kind, Numeric):
        return cast(column, Text)  # pydantic writes a Decimal as a string
    return column


def json_object(model: type[BaseModel], columns: Columns) -> ColumnElement[Any]:
    """`model`'s JSON, built from `columns` (every field of the model, in its order)."""
    pairs: list[Any] = []
    for name in model.model_fields:
        value = columns[name]
        if isinstance(value, Mapping):
            nested = model.model_fields[name].annotation
            assert isinstance(nested, type) and issubclass(nested, BaseModel)
            value = json_object(nested, value)
        else:
            value = _value(value)
        pairs += [_sql(name), value]
    return func.json_build_object(*pairs)


def json_text(model: type[BaseModel], columns: Columns) -> ColumnElement[str]:
    """`json_object` as text (psycopg would parse a JSON column into Python objects)."""
    return cast(json_object(model, columns), Text)


def page_answer(items: list[str], **fields: Any) -> Response:
    """`{"data": [items...], **fields}`: a page model's answer from its items' JSON (each
    text one item's, or several already joined by commas)."""
    body = '{"data":[' + ",".join(items) + "]"
    for name, value in fields.items():
        body += f",{json.dumps(name)}:{json.dumps(value)}"
    return Response(body + "}", media_type="application/json")
