"""A private, throwaway PostgreSQL server for the tests of the PostgreSQL path (a fresh database per test)."""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import Settings

PASSWORD = "crochets-test"


def _bin(name: str) -> Path:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        message = f"PostgreSQL's {name} is not installed (apt-get install postgresql; .ci/run does it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return Path(found[-1])


def _as_postgres(args: list[str]) -> list[str]:
    # initdb refuses to run as root; as root, run the server as the postgres user.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """One running server; `database()` makes a new empty database and returns its SQLAlchemy URL."""

    def __init__(self, directory: Path, port: int) -> None:
        self.directory, self.port = directory, port

    def psql(self, sql: str) -> None:
        command = [
            str(_bin("psql")),
            "-h",
            str(self.directory),
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            "postgres",
        ]
        subprocess.run(_as_postgres([*command, "-v", "ON_ERROR_STOP=1", "-qc", sql]), check=True, capture_output=True)

    def database(self) -> str:
        name = f"crochets_{secrets.token_hex(4)}"
        self.psql(f"CREATE DATABASE {name} OWNER crochets")
        return f"postgresql+psycopg://crochets:{PASSWORD}@127.0.0.1:{self.port}/{name}"


@pytest.fixture(scope="session")
def postgres() -> Iterator[Server]:
    """initdb, start on a free port of 127.0.0.1, a role for the tests; stopped and removed at the end."""
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    directory = Path(tempfile.mkdtemp(prefix="crochets-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    data, log, port = directory / "data", directory / "log", _free_port()
    subprocess.run(
        _as_postgres(
            [
                str(initdb),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth-host=scram-sha-256",
                "--auth-local=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={directory} -c fsync=off"
    subprocess.run(
        _as_postgres([str(pg_ctl), "-D", str(data), "-l", str(log), "-w", "start", "-o", options]),
        check=True,
        capture_output=True,
    )
    server = Server(directory, port)
    try:
        server.psql(f"CREATE ROLE crochets LOGIN CREATEDB PASSWORD '{PASSWORD}'")
        yield server
    finally:
        subprocess.run(_as_postgres([str(pg_ctl), "-D", str(data), "-m", "fast", "-w", "stop"]), capture_output=True)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def settings(tmp_path: Path, postgres: Server) -> Settings:
    """Settings on a new, empty PostgreSQL database (migrated by the test or the fixture that needs it)."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    return Settings(data_dir=data_dir, database_url=postgres.database())
