"""Reports tests: a cast of accounts built once into a template database; each test imports what it needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from tests.cast import Cast, Template
from tests.conftest import AuthAccount, corpus_file, settings_on_copy

SEED = "itu-council-wsis-draft-resolution.fr.txt"
ART62 = "unfccc-art6-2-draft-decision-2024-11-14.txt"


Players = Cast  # one account per role: the secretariat, the chair, delegations (ZAF in AFR), an observer


@pytest.fixture
def settings(tmp_path: Path, cast_template: Template) -> Settings:
    """Settings on a fresh data directory holding a copy of the cast's database."""
    return settings_on_copy(cast_template.url, tmp_path)


@pytest.fixture
def players(cast_template: Template) -> Players:
    """The accounts."""
    return cast_template.cast


def corpus_text(name: str) -> str:
    """A corpus file's text, exactly as published."""
    return corpus_file(name).read_bytes().decode("utf-8")


def import_text(client: TestClient, players: Players, name: str, title: str) -> dict[str, Any]:
    """Import a corpus text through the API as the secretariat; the document tree."""
    response = client.post(
        "/api/v1/documents", json={"title": title, "text": corpus_text(name)}, headers=players.secretariat.headers
    )
    assert response.status_code == 201, response.text
    document: dict[str, Any] = response.json()
    return document


def top_sets(document: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every top-level live bracket set of a document tree with its paragraph, in order."""
    return [
        (paragraph, run)
        for paragraph in document["paragraphs"]
        for run in paragraph["content"]
        if run["type"] == "bracket_set"
    ]


def alternative(bracket_set: dict[str, Any], text: str) -> dict[str, Any]:
    """The alternative of a set with this wording."""
    return next(a for a in bracket_set["alternatives"] if a["text"] == text)


def call(client: TestClient, method: str, url: str, account: AuthAccount, body: Any = None, status: int = 200) -> Any:
    """One API call that must answer `status`; its JSON."""
    response = client.request(method, url, json=body, headers=account.headers)
    assert response.status_code == status, response.text
    return response.json() if response.content and "json" in response.headers.get("content-type", "") else None
