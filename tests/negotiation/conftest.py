"""The cast of the seed negotiation, and the seed imported through the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import AuthAccount, MakeAccount, corpus_file

SEED = "itu-council-wsis-draft-resolution.fr.txt"


@dataclass(frozen=True)
class Cast:
    """One account per role in the seed negotiation."""

    secretariat: AuthAccount
    chair: AuthAccount
    zaf: AuthAccount
    che: AuthAccount
    usa: AuthAccount
    bra: AuthAccount
    observer: AuthAccount


@pytest.fixture
def cast(make_account: MakeAccount) -> Cast:
    """Secretariat, chair, South Africa (in the African Group), Switzerland, the US, Brazil and an observer."""
    make_account("afr-coordinator", delegation="AFR", delegation_name="African Group", kind="group")
    return Cast(
        secretariat=make_account("sec", role="secretariat", delegation="SEC", kind="secretariat"),
        chair=make_account("chair", role="chair", delegation="CHAIR", kind="secretariat"),
        zaf=make_account("zaf", delegation="ZAF", delegation_name="South Africa", groups=("AFR",)),
        che=make_account("che", delegation="CHE", delegation_name="Switzerland"),
        usa=make_account("usa", delegation="USA", delegation_name="United States"),
        bra=make_account("bra", delegation="BRA", delegation_name="Brazil"),
        observer=make_account("isoc", role="observer", delegation="ISOC", kind="observer"),
    )


def seed_text() -> str:
    """The seed resolution exactly as published (bytes decoded as UTF-8)."""
    return corpus_file(SEED).read_bytes().decode("utf-8")


@pytest.fixture
def seed(client: TestClient, cast: Cast) -> dict[str, Any]:
    """The seed imported by the secretariat through the API; the document tree."""
    response = client.post(
        "/api/v1/documents",
        json={"title": "Rôle de l'UIT dans l'examen du SMSI", "text": seed_text(), "language": "fr"},
        headers=cast.secretariat.headers,
    )
    assert response.status_code == 201, response.text
    document: dict[str, Any] = response.json()
    return document


def bracket_sets(document: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every live bracket set of a document tree with its paragraph, top-level ones first in order."""
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
