"""Checks before serving: each problem becomes one line on stderr and exit status 2, never a traceback."""

from __future__ import annotations

import errno
import socket
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from app.config import Settings

# The heavier imports (pydantic, SQLAlchemy, Alembic) happen inside the functions, so that `crochets parse` and
# `crochets --help` start quickly.

USAGE_ERROR = 2


def fail(message: str) -> NoReturn:
    """Print one line that says what is wrong and how to fix it, and exit with status 2."""
    print(f"crochets: {message}", file=sys.stderr)
    raise typer.Exit(USAGE_ERROR)


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with command-line overrides; invalid values fail cleanly."""
    from pydantic import ValidationError

    from app.config import Settings

    try:
        settings = Settings()
        return settings.model_copy(update={k: v for k, v in overrides.items() if v is not None})
    except ValidationError as error:
        first = error.errors()[0]
        name = "CROCHETS_" + str(first["loc"][0]).upper() if first["loc"] else "a CROCHETS_ setting"
        fail(f"{name} is invalid: {first['msg']}")


def prepare_data_dir(path: Path) -> None:
    """Create the data directory and prove that it can be written."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-test-"):
            pass
    except OSError as error:
        reason = error.strerror or str(error)
        fail(
            f"cannot write to the data directory {path} ({reason}); "
            "set CROCHETS_DATA_DIR to a writable folder or fix its permissions"
        )


def open_database(settings: Settings) -> Engine:
    """Build the engine for a well-formed URL and bring the database to the newest schema."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from app import migrate
    from app.db import build_engine

    url = settings.resolved_database_url()
    try:
        make_url(url)
        engine = build_engine(url)
    except (ArgumentError, ValueError) as error:
        fail(
            f"CROCHETS_DATABASE_URL {url!r} is not a database URL ({error}); "
            "use e.g. sqlite:///path/crochets.sqlite3 or postgresql+psycopg://user:pw@host/db"
        )
    except ImportError as error:
        fail(f"the driver for CROCHETS_DATABASE_URL is not installed ({error}); install it or use SQLite")
    try:
        migrate.upgrade(engine)
    except migrate.DatabaseAheadError as error:
        engine.dispose()
        fail(str(error))
    except SQLAlchemyError as error:
        engine.dispose()
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        fail(f"cannot open the database at {make_url(url).render_as_string()} ({reason}); check CROCHETS_DATABASE_URL")
    return engine


def ensure_port_free(host: str, port: int) -> None:
    """Fail early, with a clear line, when the port is taken or the address cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                fail(f"port {port} on {host} is already in use; stop the other server or choose another with --port")
            fail(f"cannot listen on {host}:{port} ({error.strerror}); choose another --host or --port")
