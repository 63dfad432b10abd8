"""`crochets serve` and `crochets demo` on real processes: bad input fails cleanly, the demo is created once."""

from __future__ import annotations

import hashlib
import os
import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from app.services.demo import DEMO_TITLE
from tests.conftest import CROCHETS


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CROCHETS_")} | env
    return subprocess.run(
        [str(CROCHETS), *args], capture_output=True, text=True, cwd=cwd, env=environment, timeout=60, check=False
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("crochets: ")
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_unwritable_data_directory(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run(["serve", "--port", str(free_port())], tmp_path, CROCHETS_DATA_DIR=str(blocker / "data"))
    assert_one_line_error(result, "data directory", "CROCHETS_DATA_DIR")


def test_malformed_database_url(tmp_path: Path) -> None:
    result = run(["serve", "--port", str(free_port())], tmp_path, CROCHETS_DATABASE_URL="not a url at all")
    assert_one_line_error(result, "CROCHETS_DATABASE_URL", "not a url at all")


def test_unknown_database_dialect(tmp_path: Path) -> None:
    result = run(["serve", "--port", str(free_port())], tmp_path, CROCHETS_DATABASE_URL="nosuchdb://x/y")
    assert_one_line_error(result, "CROCHETS_DATABASE_URL")


def test_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(["serve", "--port", str(port)], tmp_path, CROCHETS_DATA_DIR=str(tmp_path / "data"))
    assert_one_line_error(result, f"port {port}", "--port")


def test_invalid_port_setting(tmp_path: Path) -> None:
    result = run(["serve"], tmp_path, CROCHETS_PORT="eighty")
    assert_one_line_error(result, "CROCHETS_PORT")


def test_several_workers_need_postgresql(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run(["serve", "--workers", "4", "--port", str(free_port())], tmp_path, CROCHETS_DATA_DIR=str(data))
    assert_one_line_error(result, "--workers 4", "PostgreSQL", "CROCHETS_DATABASE_URL")
    assert not data.exists()  # refused before anything was made
    assert_one_line_error(run(["serve", "--workers", "0"], tmp_path), "--workers 0")


def test_database_written_by_a_newer_version_is_refused_and_untouched(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(["db", "upgrade"], tmp_path, CROCHETS_DATA_DIR=str(data)).returncode == 0
    database = data / "crochets.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    result = run(["serve", "--port", str(free_port())], tmp_path, CROCHETS_DATA_DIR=str(data))
    assert_one_line_error(result, "9999_from_the_future", "newer version")
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before


def test_database_behind_is_upgraded(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    sqlite3.connect(data / "crochets.sqlite3").close()
    result = run(["db", "upgrade"], tmp_path, CROCHETS_DATA_DIR=str(data))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(data / "crochets.sqlite3") as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    connection.close()
    assert {"document", "paragraph", "delegation", "account", "alembic_version"} <= tables


@contextmanager
def serving(args: list[str], cwd: Path, port: int) -> Iterator[list[str]]:
    """Run a server process until the block ends; the list then holds everything it printed."""
    output: list[str] = []
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CROCHETS_")}
    process = subprocess.Popen(
        [str(CROCHETS), *args],
        cwd=cwd,
        env=environment,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"server exited early: {process.stdout.read() if process.stdout else ''}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("server did not answer /healthz within 30 s")
        yield output
    finally:
        process.terminate()
        output.append(process.communicate(timeout=15)[0])


def demo_chair(port: int) -> dict[str, str]:
    """Signed in as the demo's chair (reading needs an account)."""
    credentials = {"username": "chair", "password": "chair-demo"}
    token = httpx.post(f"http://127.0.0.1:{port}/api/v1/tokens", json=credentials, timeout=10).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_demo_serves_the_draft_and_is_created_once(tmp_path: Path) -> None:
    port = free_port()
    with serving(["demo", "--port", str(port)], tmp_path, port) as first:
        page = httpx.get(f"http://127.0.0.1:{port}/", headers=demo_chair(port), timeout=5)
        assert page.status_code == 200
        assert DEMO_TITLE.replace("'", "&#39;") in page.text
    with serving(["demo", "--port", str(port)], tmp_path, port) as second:
        page = httpx.get(f"http://127.0.0.1:{port}/", headers=demo_chair(port), timeout=5)
        assert page.text.count("C26/DT/1") == 1
    first_output, second_output = first[0], second[0]
    assert "demo (created" in first_output
    assert "demo (reused" in second_output
    for output in (first_output, second_output):
        assert "chair" in output and "chair-demo" in output
        assert "zaf" in output and "zaf-demo" in output
        assert f"http://127.0.0.1:{port}/" in output
    with sqlite3.connect(tmp_path / "demo-data" / "crochets.sqlite3") as connection:
        documents = connection.execute("SELECT count(*) FROM document").fetchone()[0]
        accounts = connection.execute("SELECT count(*) FROM account").fetchone()[0]
        codes = {row[0] for row in connection.execute("SELECT code FROM delegation")}
    connection.close()
    assert documents == 1
    assert accounts == 13
    assert {"CHAIR", "SEC", "ZAF", "AFR", "CHE", "USA", "BRA", "CHN", "FRA", "SAU"} <= codes
