"""The tests' databases: SQLite files, or databases of one PostgreSQL server (`pytest --database postgresql`).

A template (migrated once, or holding the seed negotiation) is copied for each test: on SQLite its file is
copied; on PostgreSQL a new database is made from it (`CREATE DATABASE … TEMPLATE …`, tens of milliseconds) and
dropped when the test ends. The server is the one `CROCHETS_TEST_POSTGRES_URL` names — the URL of its `postgres`
database for a role that may create databases, as `bash scripts/postgres start DIR` prints — or a private one the
tests start (and stop) themselves.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
SERVER_URL_VARIABLE = "CROCHETS_TEST_POSTGRES_URL"

_admin: dict[str, psycopg.Connection[tuple[object, ...]]] = {}  # server URL → an autocommit connection
_test_copies: list[str] = []
_templates: list[str] = []


def is_postgresql(url: str) -> bool:
    """Whether a database URL names a PostgreSQL database."""
    return make_url(url).get_backend_name() == "postgresql"


def empty(server: str | None, file: Path, *, lasting: bool = False) -> str:
    """A new, empty database: a SQLite file, or a database on a PostgreSQL server (the URL of its `postgres`
    database). Dropped when the test ends, or at the end of the session when `lasting` (a template)."""
    if server is None:
        return f"sqlite:///{file}"
    return _register(_create(server, None), lasting)


def copy(source: str, file: Path, *, lasting: bool = False) -> str:
    """A new database holding what the database `source` holds: a copy of its SQLite file, or a PostgreSQL
    database made from it as a template. Dropped like `empty`'s."""
    if not is_postgresql(source):
        shutil.copyfile(make_url(source).database or "", file)
        return f"sqlite:///{file}"
    return _register(_create(source, source), lasting)


def drop_test_copies() -> None:
    """Drop the databases made for the test that just ended (its engines are disposed by now)."""
    while _test_copies:
        _drop(_test_copies.pop())


def drop_templates() -> None:
    """Drop the templates and close the administration connections (end of the session)."""
    drop_test_copies()
    while _templates:
        _drop(_templates.pop())
    while _admin:
        _admin.popitem()[1].close()


def _register(url: str, lasting: bool) -> str:
    (_templates if lasting else _test_copies).append(url)
    return url


def _create(server: str, source: str | None) -> str:
    name = f"crochets_{secrets.token_hex(6)}"
    template_clause = f" TEMPLATE {make_url(source).database}" if source else ""
    _connection(server).execute(f"CREATE DATABASE {name}{template_clause}")
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _drop(url: str) -> None:
    # FORCE: a connection a test leaked must not keep its database (and the disk it holds) alive. FORCE cannot end
    # a superuser's process (autovacuum at work on the copy, seen once in CI); it is done in moments: try again.
    for attempt in range(50):
        try:
            _connection(url).execute(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)")
            return
        except psycopg.errors.InsufficientPrivilege:
            if attempt == 49:
                raise
            time.sleep(0.1)


def _connection(url: str) -> psycopg.Connection[tuple[object, ...]]:
    """The administration connection of a database's server (to its `postgres` database)."""
    server = make_url(url).set(database="postgres")
    key = server.render_as_string(hide_password=False)
    if key not in _admin or _admin[key].closed:
        conninfo = server.set(drivername="postgresql").render_as_string(hide_password=False)
        _admin[key] = psycopg.connect(conninfo, autocommit=True)
    return _admin[key]


@contextmanager
def postgres_server() -> Iterator[str]:
    """The URL of the PostgreSQL server the tests use: the one the environment names, or a private one."""
    named = os.environ.get(SERVER_URL_VARIABLE)
    if named:
        yield named
        return
    if not any(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        message = f"PostgreSQL is not installed and {SERVER_URL_VARIABLE} is not set (apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Not made by mkdtemp: its mode 0700 would keep the postgres user out.
    directory = Path(tempfile.gettempdir()) / f"crochets-pg-{secrets.token_hex(6)}"
    script = str(ROOT / "scripts" / "postgres")
    started = subprocess.run(["bash", script, "start", str(directory)], capture_output=True, text=True, check=False)
    if started.returncode != 0:
        pytest.fail(f"could not start a private PostgreSQL server: {started.stderr.strip()}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run(["bash", script, "stop", str(directory)], capture_output=True, check=False)
