"""Structure-editing tests: the cast's database copied per test; each test imports a short draft and reshapes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from tests.cast import Cast, Template
from tests.conftest import AuthAccount, settings_on_copy

# A numbered draft: a title, a preambular paragraph with a set of two alternatives, two operative paragraphs.
DRAFT = (
    "Draft decision\n"
    "(a) Recalling [its resolution 12] [the decision of 2019],\n"
    "1. Decides to [adopt] the guidance; further decides to act swiftly.\n"
    "2. Invites [all] Parties to report.\n"
)


@pytest.fixture
def settings(tmp_path: Path, cast_template: Template) -> Settings:
    """Settings on a fresh data directory holding a copy of the cast's database."""
    return settings_on_copy(cast_template.url, tmp_path)


@pytest.fixture
def cast(cast_template: Template) -> Cast:
    """One account per role: the secretariat, the chair, delegations (ZAF in AFR), an observer."""
    return cast_template.cast


def import_draft(client: TestClient, cast: Cast, text: str = DRAFT) -> dict[str, Any]:
    """Import a draft as the secretariat; the document tree."""
    body = {"title": "Draft", "text": text}
    response = client.post("/api/v1/documents", json=body, headers=cast.secretariat.headers)
    assert response.status_code == 201, response.text
    document: dict[str, Any] = response.json()
    return document


def call(client: TestClient, method: str, url: str, who: AuthAccount, body: Any = None, status: int = 200) -> Any:
    """One API call that must answer `status`; its JSON."""
    response = client.request(method, url, json=body, headers=who.headers)
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def read(client: TestClient, cast: Cast, document_id: int) -> dict[str, Any]:
    """The document tree as it is now."""
    result: dict[str, Any] = call(client, "GET", f"/api/v1/documents/{document_id}", cast.observer)
    return result


def source(client: TestClient, cast: Cast, document_id: int) -> str:
    """The bracketed text as exported now."""
    response = client.get(f"/api/v1/documents/{document_id}/export?format=bracketed", headers=cast.observer.headers)
    assert response.status_code == 200, response.text
    return response.text


def by_label(document: dict[str, Any], label: str) -> dict[str, Any]:
    """The live paragraph with this label."""
    found: dict[str, Any] = next(p for p in document["paragraphs"] if p["label"] == label)
    return found
