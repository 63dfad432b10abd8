"""Rows written in one executemany through SQLAlchemy Core, without ORM objects (imports write thousands)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, insert, inspect
from sqlmodel import Session, SQLModel


def inserted(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> list[int]:
    """Insert the rows into the model's table in one executemany; their new ids in the order of `rows`."""
    if not rows:
        return []
    table = table_of(model)
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.connection().execute(statement, rows).scalars())


def insert_all(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """Insert the rows into the model's table in one executemany (no ORM objects)."""
    if rows:
        session.connection().execute(insert(table_of(model)), rows)


def table_of(model: type[SQLModel]) -> Table:
    """The table a model maps."""
    return cast(Table, inspect(model).local_table)
