"""The cast of the seed negotiation and the seed itself, built once into a template database copied per test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from tests.cast import Cast, Template, seed_text
from tests.conftest import settings_on_copy

__all__ = ["Cast", "bracket_sets", "paragraph_containing", "seed_text"]


@pytest.fixture
def settings(tmp_path: Path, negotiation_template: Template) -> Settings:
    """Settings on a fresh data directory holding a copy of the negotiation template."""
    return settings_on_copy(negotiation_template.url, tmp_path)


@pytest.fixture
def cast(negotiation_template: Template) -> Cast:
    """The accounts of the seed negotiation."""
    return negotiation_template.cast


@pytest.fixture
def seed(client: TestClient, cast: Cast, negotiation_template: Template) -> dict[str, Any]:
    """The imported seed (by the secretariat, as Rev.0): the document tree."""
    response = client.get(f"/api/v1/documents/{negotiation_template.document_id}", headers=cast.observer.headers)
    assert response.status_code == 200, response.text
    document: dict[str, Any] = response.json()
    return document


def bracket_sets(document: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every top-level live bracket set of a document tree with its paragraph, in order."""
    found = []
    for paragraph in document["paragraphs"]:
        for run in paragraph["content"]:
            if run["type"] == "bracket_set":
                found.append((paragraph, run))
    return found


def paragraph_containing(document: dict[str, Any], words: str) -> dict[str, Any]:
    """The paragraph whose text contains these words."""
    for paragraph in document["paragraphs"]:
        if words in paragraph["text"]:
            result: dict[str, Any] = paragraph
            return result
    raise AssertionError(f"no paragraph contains {words!r}")
