"""Every unsafe route of the app's route table × every role, against the one declared policy (tests/security/policy.py).

Each case runs on its own copy of the world's SQLite file, over HTTP through the whole app: pages with the
role's session cookie and CSRF token, the API with its bearer token. A refused attempt must change nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from app.config import Settings
from tests.conftest import csrf_from, settings_on_copy
from tests.security.conftest import ROLES, SECRET, World
from tests.security.policy import POLICY, Call

# The matrix compares every stored row before and after a refused request, read from the SQLite file; the
# policy it checks is the same on every database.
pytestmark = pytest.mark.sqlite_only

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Touched by every authenticated request (last use), or by the attempt itself (a failed sign-in is counted).
VOLATILE_COLUMNS = frozenset({"last_used_at", "last_seen_at"})
VOLATILE_TABLES = frozenset({"login_failure"})


def unsafe_routes(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every route that may change something, from the app's own route table."""
    found = set()
    for route in iter_route_contexts(app.routes):
        for method in (route.methods or set()) & UNSAFE:
            found.add((method, str(route.path)))
    return found


def snapshot(database: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row, but for the markers any request moves."""
    with sqlite3.connect(database) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        state = {}
        for table in sorted(set(tables) - VOLATILE_TABLES):
            cursor = connection.execute(f'SELECT * FROM "{table}"')
            keep = [i for i, column in enumerate(cursor.description) if column[0] not in VOLATILE_COLUMNS]
            state[table] = sorted((tuple(row[i] for i in keep) for row in cursor), key=repr)
    connection.close()
    return state


def send(client: TestClient, world: World, role: str, method: str, call: Call) -> Any:
    """The request as the role makes it: the API with a bearer token, pages with the session cookie and CSRF."""
    headers: dict[str, str] = {}
    form = dict(call.form) if call.form is not None else None
    if call.path.startswith("/api/"):
        if role != "anonymous":
            headers.update(world.accounts[role].headers)
    else:
        if role == "anonymous":
            csrf = csrf_from(client.get("/login").text)
        else:
            client.cookies.set("crochets_session", world.browsers[role].cookie)
            csrf = world.browsers[role].csrf
        if form is not None:
            form["csrf_token"] = csrf
        else:
            headers["X-CSRF-Token"] = csrf
    return client.request(
        method, call.path, json=call.json, data=form, files=call.files, headers=headers, follow_redirects=False
    )


@pytest.fixture
def settings(tmp_path: Path, world: World) -> Settings:
    """This test's own copy of the world, signed with the key the browsers' cookies were made with."""
    return settings_on_copy(world.url, tmp_path).model_copy(update={"secret_key": SECRET})


@pytest.fixture
def world_client(app: FastAPI) -> Iterator[TestClient]:
    """HTTP through the application on this test's copy of the world."""
    with TestClient(app) as client:
        yield client


def test_every_unsafe_route_has_a_policy(app: FastAPI) -> None:
    routes = unsafe_routes(app)
    assert len(routes) >= 40, "the route table was not read"
    missing = sorted(routes - set(POLICY))
    assert missing == [], f"routes without an entry in tests/security/policy.py: {missing}"
    stale = sorted(set(POLICY) - routes)
    assert stale == [], f"policy entries for routes that no longer exist: {stale}"


@pytest.mark.parametrize(
    ("method", "path", "role"), [(method, path, role) for (method, path) in sorted(POLICY) for role in ROLES]
)
def test_route_for_role(
    method: str, path: str, role: str, world: World, settings: Settings, world_client: TestClient
) -> None:
    rule = POLICY[(method, path)]
    database = Path(settings.resolved_database_url().removeprefix("sqlite:///"))
    before = snapshot(database) if role not in rule.allowed else {}
    response = send(world_client, world, role, method, rule.call(world))
    where = f"{method} {path} as {role}: {response.status_code} {response.text[:300]}"
    if role in rule.allowed:
        assert response.status_code < 400, where
        return
    expected = 404 if role in rule.hidden else 401 if role == "anonymous" else 403
    assert response.status_code == expected, where
    body = response.json()
    assert set(body) >= {"error", "detail"}, where
    assert snapshot(database) == before, f"{where}: a refused attempt changed the stored state"
