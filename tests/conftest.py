"""Shared fixtures: a real database per test — a SQLite file, or a PostgreSQL database with `--database
postgresql` — copied from one migrated template (see tests/databases.py)."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import migrate
from app.config import Settings
from app.db import build_engine
from app.main import create_app
from app.services.accounts import accounts as _accounts
from app.services.accounts import auth as _auth
from app.services.accounts import delegations as _delegations
from tests import databases

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CROCHETS = Path(sys.executable).with_name("crochets")


def corpus_file(name: str) -> Path:
    """A file of the shared corpus; a missing one fails the test loudly."""
    path = CORPUS / name
    if not path.is_file():
        pytest.fail(f"corpus file {path} is missing: tests need ../shared/corpus beside the project")
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--database postgresql` runs every test on a PostgreSQL database instead of a SQLite file."""
    parser.addoption(
        "--database",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="where the tests' databases live (PostgreSQL: CROCHETS_TEST_POSTGRES_URL's server, or a private one)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, tests of SQLite itself are skipped."""
    if config.getoption("database") != "postgresql":
        return
    skip = pytest.mark.skip(reason="tests SQLite itself (run without --database postgresql)")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """The URL of a PostgreSQL server's `postgres` database, for a role that may create databases."""
    with databases.postgres_server() as url:
        try:
            yield url
        finally:
            databases.drop_templates()


@pytest.fixture(autouse=True)
def _drop_database_copies() -> Iterator[None]:
    """A test's PostgreSQL databases are dropped when it ends (after the fixtures that disposed its engines)."""
    yield
    databases.drop_test_copies()


@pytest.fixture(scope="session")
def migrated_template(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """One database migrated to head, copied for each test: a SQLite file, or a PostgreSQL template database."""
    server = request.getfixturevalue("postgres") if request.config.getoption("database") == "postgresql" else None
    url = databases.empty(server, tmp_path_factory.mktemp("template") / "template.sqlite3", lasting=True)
    engine = build_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def cast_template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Any:
    """The cast of the seed negotiation (tests/cast.py), made once."""
    from tests.cast import build_cast

    return build_cast(migrated_template, tmp_path_factory.mktemp("cast") / "cast.sqlite3")


@pytest.fixture(scope="session")
def negotiation_template(tmp_path_factory: pytest.TempPathFactory, cast_template: Any) -> Any:
    """The cast and the seed imported by the secretariat, made once."""
    from tests.cast import build_negotiation

    return build_negotiation(cast_template, tmp_path_factory.mktemp("negotiation") / "negotiation.sqlite3")


def settings_on_copy(template: str, tmp_path: Path) -> Settings:
    """Settings on a fresh data directory and a copy of a template database (its URL)."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    return Settings(data_dir=data_dir, database_url=databases.copy(template, data_dir / "crochets.sqlite3"))


@pytest.fixture
def settings(tmp_path: Path, migrated_template: str) -> Settings:
    """Settings on a fresh data directory holding a migrated copy of the template database."""
    return settings_on_copy(migrated_template, tmp_path)


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    """The application on this test's database (its engine disposed at the end, so the database can go)."""
    application = create_app(settings)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """HTTP through the whole application."""
    with TestClient(app) as test_client:
        yield test_client


# --- accounts and authentication ---
# `make_account(...)` creates a delegation (if new), an account and an API token through the services;
# `sign_in(client, username, password)` logs a TestClient in through the login form and returns its CSRF token.

TEST_PASSWORD = "correct horse battery"
_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class AuthAccount:
    """An account made for a test, with a working API token."""

    username: str
    password: str
    account_id: int
    delegation_code: str
    token: str
    token_id: int

    @property
    def headers(self) -> dict[str, str]:
        """The Authorization header for API calls as this account."""
        return {"Authorization": f"Bearer {self.token}"}


MakeAccount = Callable[..., AuthAccount]


def create_account(
    engine: Engine,
    username: str,
    *,
    role: str = "delegate",
    delegation: str = "BRA",
    delegation_name: str = "",
    kind: str = "member_state",
    groups: tuple[str, ...] = (),
    display_name: str = "",
    password: str = TEST_PASSWORD,
) -> AuthAccount:
    """Create a delegation (if new), an account and an API token through the services."""
    with Session(engine) as session:
        for group in groups:
            if _delegations.find(session=session, code=group) is None:
                _delegations.add(session=session, code=group, name=f"Group {group}", kind="group")
        if _delegations.find(session=session, code=delegation) is None:
            name = delegation_name or delegation
            _delegations.add(session=session, code=delegation, name=name, kind=kind, groups=groups)
        account = _accounts.add(
            session=session,
            username=username,
            delegation_code=delegation,
            role=role,
            password=password,
            display_name=display_name,
        )
        assert account.id is not None
        issued = _auth.issue_token(session=session, username=username, label="test")
        return AuthAccount(username, password, account.id, delegation.upper(), issued.token, issued.token_id)


@pytest.fixture
def make_account(app: FastAPI) -> MakeAccount:
    """A factory: make_account("ana", role="delegate", delegation="BRA", groups=("GRULAC",))."""

    def make(username: str, **options: Any) -> AuthAccount:
        return create_account(app.state.engine, username, **options)

    return make


@pytest.fixture
def delegate(make_account: MakeAccount) -> AuthAccount:
    """Ana Silva, delegate of Brazil (BRA), a member of GRULAC."""
    return make_account("ana", delegation="BRA", delegation_name="Brazil", groups=("GRULAC",), display_name="Ana Silva")


def csrf_from(html: str) -> str:
    """The CSRF token a page renders in its forms."""
    found = _CSRF_FIELD.search(html)
    assert found is not None, "the page has no csrf_token field"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = TEST_PASSWORD) -> str:
    """Log the client in through the login form; returns the new session's CSRF token (for X-CSRF-Token)."""
    form = {"username": username, "password": password, "csrf_token": csrf_from(client.get("/login").text)}
    response = client.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    return csrf_from(client.get("/login").text)


# --- a real server ---


@dataclass(frozen=True)
class LiveServer:
    """The application served by a real uvicorn on a free local port."""

    url: str
    app: FastAPI


@pytest.fixture
def live_server(app: FastAPI) -> Iterator[LiveServer]:
    """Serve this test's application over real HTTP on 127.0.0.1, in a thread."""
    import threading
    import time

    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start within 20 s")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", app)
    finally:
        from sse_starlette.sse import AppStatus

        AppStatus.should_exit = True  # open event streams end, or uvicorn would wait for them forever
        server.should_exit = True
        thread.join(timeout=20)
        AppStatus.should_exit = False
        assert not thread.is_alive(), "uvicorn did not stop within 20 s"
