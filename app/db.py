"""The database engine and sessions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import QueuePool
from sqlmodel import Session, create_engine

# Under a burst of proposals, writers queue for SQLite's single write lock; waiting beats failing.
SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_POOL_SIZE = 5
SERVER_POOL = {"pool_size": 20, "max_overflow": 30, "pool_timeout": 60}
WRITE_OPTION = "crochets_write"


def build_engine(url: str) -> Engine:
    """Create the engine for a database URL; SQLite gets WAL, foreign keys and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **SERVER_POOL)
    timeout = SQLITE_BUSY_TIMEOUT_MS / 1000
    # A pool that never runs dry (a burst opens more connections, closed when returned beyond the first few)
    # and keeps a connection open: when the last connection to a WAL database closes, SQLite checkpoints the
    # log into the file and deletes it, which cost a write request about half its time (issue 15).
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": timeout},
        poolclass=QueuePool,
        pool_size=SQLITE_POOL_SIZE,
        max_overflow=-1,
    )
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def write_session(engine: Engine) -> Session:
    """A session for a change: on SQLite its transaction takes the write lock at once (BEGIN IMMEDIATE).

    A deferred SQLite transaction that reads and then writes fails outright when another writer committed in
    between; taking the lock first makes concurrent writers queue behind the busy timeout instead.
    """
    return Session(engine.execution_options(**{WRITE_OPTION: True}))


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own implicit BEGIN is turned off; _begin_sqlite issues the right one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def database_answers(session: Session) -> bool:
    """Whether the database answers a trivial query."""
    try:
        session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    except SQLAlchemyError:
        return False
    return True
