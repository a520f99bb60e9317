from typing import Any, TypeVar

from sqlalchemy import Connection, Select, func
from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

from app.core.reads import Query

T = TypeVar("T")


def paginate(
    session: Session, statement: SelectOfScalar[T], *, skip: int, limit: int
) -> tuple[list[T], int]:
    """One page of `statement` and the number of rows it matches, from the same query."""
    count_statement = select(func.count()).select_from(
        statement.order_by(None).subquery()
    )
    count = session.exec(count_statement).one()
    rows = session.exec(statement.offset(skip).limit(limit)).all()
    return list(rows), count


TOTAL = "total"


def with_total(page: Select[Any], count: Select[Any]) -> Select[Any]:
    """`page` with one more column, `total`: what `count` counts, as a scalar subquery that
    PostgreSQL runs once. A page and its count in one statement: one round trip, and both
    from one snapshot."""
    return page.add_columns(count.scalar_subquery().label(TOTAL))


def read_page_and_total(
    connection: Connection,
    page: Select[Any],
    count: Select[Any],
    params: dict[str, Any],
) -> tuple[list[dict[str, Any]], int]:
    """The rows of `page` (built with `with_total(page, count)`) as dicts, and the total; a
    page past the end has no row to carry it, so then `count` runs alone. Plain dicts: what
    pydantic validates fastest (a RowMapping costs it twice as much as the whole query)."""
    result = connection.execute(page, params)
    keys = list(result.keys())
    rows = [dict(zip(keys, row, strict=True)) for row in result]
    if rows:
        return rows, int(rows[0][TOTAL])
    return rows, int(connection.execute(count, params).scalar_one())


def page_and_total(
    session: Session, page: Query, count: Query, params: dict[str, Any]
) -> tuple[list[dict[str, Any]], int]:
    """`read_page_and_total` for statements compiled once (app.core.reads): the hot pages."""
    rows = page.dicts(session, params)
    if rows:
        return rows, int(rows[0][TOTAL])
    return rows, int(count.rows(session, params)[0][0])


def profile_columns(user: Any, prefix: str) -> tuple[Any, ...]:
    """A user's public profile as plain columns labelled `{prefix}_username` and so on (its id
    is the row's own `{prefix}_id` foreign key), read back by `public_profile`."""
    return (
        user.username.label(f"{prefix}_username"),
        user.full_name.label(f"{prefix}_full_name"),
        user.image.label(f"{prefix}_image"),
    )


def public_profile(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    """The OwnerPublic fields of `profile_columns(user, prefix)` in `row` (None without one)."""
    if row[f"{prefix}_id"] is None:
        return None
    return {
        "id": row[f"{prefix}_id"],
        "username": row[f"{prefix}_username"],
        "full_name": row[f"{prefix}_full_name"],
        "image": row[f"{prefix}_image"],
    }
