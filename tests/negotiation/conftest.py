"""The cast of the seed negotiation and the seed itself, built once into a template database copied per test."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import Settings
from app.db import build_engine
from app.services import auth, documents
from tests.conftest import AuthAccount, corpus_file, create_account

SEED = "itu-council-wsis-draft-resolution.fr.txt"
SEED_TITLE = "Rôle de l'UIT dans l'examen du SMSI"


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


@dataclass(frozen=True)
class NegotiationTemplate:
    """A migrated database holding the cast and the imported seed."""

    path: Path
    cast: Cast
    document_id: int


def seed_text() -> str:
    """The seed resolution exactly as published (bytes decoded as UTF-8)."""
    return corpus_file(SEED).read_bytes().decode("utf-8")


@pytest.fixture(scope="session")
def negotiation_template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> NegotiationTemplate:
    """Accounts are slow to make (argon2), so the cast and the seed are made once and the file copied."""
    path = tmp_path_factory.mktemp("negotiation") / "negotiation.sqlite3"
    shutil.copyfile(migrated_template, path)
    engine = build_engine(f"sqlite:///{path}")
    create_account(engine, "afr-coordinator", delegation="AFR", delegation_name="African Group", kind="group")
    cast = Cast(
        secretariat=create_account(engine, "sec", role="secretariat", delegation="SEC", kind="secretariat"),
        chair=create_account(engine, "chair", role="chair", delegation="CHAIR", kind="secretariat"),
        zaf=create_account(engine, "zaf", delegation="ZAF", delegation_name="South Africa", groups=("AFR",)),
        che=create_account(engine, "che", delegation="CHE", delegation_name="Switzerland"),
        usa=create_account(engine, "usa", delegation="USA", delegation_name="United States"),
        bra=create_account(engine, "bra", delegation="BRA", delegation_name="Brazil"),
        observer=create_account(engine, "isoc", role="observer", delegation="ISOC", kind="observer"),
    )
    with Session(engine) as session:
        actor = auth.actor_for_account(session=session, account_id=cast.secretariat.account_id)
        document = documents.import_text(session=session, title=SEED_TITLE, text=seed_text(), actor=actor)
        assert document.id is not None
        document_id = document.id
    engine.dispose()
    return NegotiationTemplate(path, cast, document_id)


@pytest.fixture
def settings(tmp_path: Path, negotiation_template: NegotiationTemplate) -> Settings:
    """Settings on a fresh data directory holding a copy of the negotiation template."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    database = data_dir / "crochets.sqlite3"
    shutil.copyfile(negotiation_template.path, database)
    return Settings(data_dir=data_dir, database_url=f"sqlite:///{database}")


@pytest.fixture
def cast(negotiation_template: NegotiationTemplate) -> Cast:
    """The accounts of the seed negotiation."""
    return negotiation_template.cast


@pytest.fixture
def seed(client: TestClient, cast: Cast, negotiation_template: NegotiationTemplate) -> dict[str, Any]:
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
