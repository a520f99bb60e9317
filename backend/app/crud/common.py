from typing import TypeVar

from sqlalchemy import func
from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

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
