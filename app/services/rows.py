"""Rows written in bulk through SQLAlchemy Core, without ORM objects (imports write thousands).

SQLite gets one executemany a table. PostgreSQL gets COPY: SQLAlchemy's multi-row INSERT … RETURNING sends
statements with thousands of placeholders, which psycopg parses in Python every time (too long to cache) — most
of an import's time there. The new ids are taken from the table's sequence first, so COPY can write them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Table, bindparam, insert, inspect, text, update
from sqlmodel import Session, SQLModel

if TYPE_CHECKING:
    import psycopg


def inserted(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> list[int]:
    """Insert the rows into the model's table; their new ids in the order of `rows` (ascending, as one
    executemany would give them)."""
    if not rows:
        return []
    table = table_of(model)
    connection = session.connection()
    if _copies(connection):
        ids = _next_ids(connection, table, len(rows))
        _copy(connection, table, [{"id": new_id} | row for new_id, row in zip(ids, rows, strict=True)])
        return ids
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(connection.execute(statement, rows).scalars())


def insert_all(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """Insert the rows into the model's table (no ORM objects)."""
    if not rows:
        return
    connection = session.connection()
    if _copies(connection):
        _copy(connection, table_of(model), rows)
    else:
        connection.execute(insert(table_of(model)), rows)


def reserved(session: Session, model: type[SQLModel], count: int) -> list[int] | None:
    """`count` new ids for rows of the model's table, taken before the rows are written, ascending; None where the
    database hands ids out only as it writes (SQLite)."""
    connection = session.connection()
    if not _copies(connection):
        return None
    return _next_ids(connection, table_of(model), count) if count else []


def set_column(session: Session, model: type[SQLModel], column: str, values: Sequence[tuple[int, Any]]) -> None:
    """Set one column of many rows, each (id, value), in one executemany."""
    if values:
        table = table_of(model)
        statement = update(table).where(table.c.id == bindparam("row_id")).values({column: bindparam("row_value")})
        session.connection().execute(statement, [{"row_id": i, "row_value": v} for i, v in values])


def table_of(model: type[SQLModel]) -> Table:
    """The table a model maps."""
    return cast(Table, inspect(model).local_table)


def _copies(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def _next_ids(connection: Connection, table: Table, count: int) -> list[int]:
    """`count` new ids from the table's sequence, ascending."""
    statement = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)")
    return sorted(connection.execute(statement, {"table": table.name, "count": count}).scalars())


def _copy(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """COPY the rows into the table; a column a row does not name gets its default, as an INSERT would give it."""
    given = list(rows[0])
    defaults = {
        column.name: column.default
        for column in table.columns
        if column.name not in given and column.default is not None and not column.primary_key
    }
    columns = given + list(defaults)
    quote = connection.dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    raw = cast("psycopg.Connection[Any]", connection.connection.dbapi_connection)
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            filled = [_default(d) for d in defaults.values()]
            copy.write_row([row[c] for c in given] + filled)


def _default(default: Any) -> Any:
    """A column's Python-side default value (a callable SQLAlchemy wrapped to take an execution context)."""
    return default.arg(None) if default.is_callable else default.arg
