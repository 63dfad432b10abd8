"""Schemathesis against /openapi.json with valid tokens: whatever the schema allows, the API never answers 5xx.

Bounded and deterministic: a fixed number of examples per operation, derandomized, no example database. Each
example is sent as three roles (a delegate, the chair, the secretariat), each with a fresh token, so that an
example that revokes its token does not turn the rest into 401s. One test per operation, on its own database.
(Schemathesis's own pytest loader, `from_fixture`, does not run under pytest 9, hence the plain loop.)
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from sqlmodel import Session

from app.config import Settings
from app.main import create_app
from app.services.accounts import auth
from tests.cast import Template
from tests.conftest import settings_on_copy

MAX_EXAMPLES = 12
ROLES = ("zaf", "chair", "sec")
# An endless server-sent-event stream: an in-process call would wait for its end forever (its tests use real HTTP).
ENDLESS = {("GET", "/api/v1/documents/{document_id}/events")}


def _operations() -> list[tuple[str, str]]:
    """(METHOD, path) of every operation the app documents (read from an app that never opens its database)."""
    app = create_app(Settings(data_dir=Path(tempfile.gettempdir()), secret_key="collection only"))
    paths: dict[str, dict[str, Any]] = app.openapi()["paths"]
    app.state.engine.dispose()
    found = {(method.upper(), path) for path, item in paths.items() for method in item}
    return sorted(found - ENDLESS)


def fresh_token(app: FastAPI, username: str) -> dict[str, str]:
    """A new bearer token for one of the cast."""
    with Session(app.state.engine) as session:
        issued = auth.issue_token(session=session, username=username, label="schemathesis")
    return {"Authorization": f"Bearer {issued.token}"}


@pytest.mark.parametrize(("method", "path"), _operations())
def test_no_input_the_schema_allows_makes_a_server_error(
    method: str, path: str, tmp_path: Path, negotiation_template: Template
) -> None:
    app = create_app(settings_on_copy(negotiation_template.url, tmp_path))
    operation = schemathesis.openapi.from_asgi("/openapi.json", app)[path][method]

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        for username in ROLES:
            response = case.call(headers=fresh_token(app, username))
            assert response.status_code < 500, f"{method} {case.formatted_path} as {username}: {response.text[:500]}"

    try:
        check()
    finally:
        app.state.engine.dispose()
