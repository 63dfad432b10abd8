"""Reports tests: a cast of accounts built once into a template database; each test imports what it needs."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.db import build_engine
from tests.conftest import AuthAccount, corpus_file, create_account

SEED = "itu-council-wsis-draft-resolution.fr.txt"
ART62 = "unfccc-art6-2-draft-decision-2024-11-14.txt"


@dataclass(frozen=True)
class Players:
    """One account per role: the secretariat, the chair, delegations (ZAF in AFR), an observer."""

    secretariat: AuthAccount
    chair: AuthAccount
    zaf: AuthAccount
    che: AuthAccount
    usa: AuthAccount
    bra: AuthAccount
    observer: AuthAccount


@dataclass(frozen=True)
class PlayersTemplate:
    """A migrated database holding the players' accounts."""

    path: Path
    players: Players


@pytest.fixture(scope="session")
def players_template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> PlayersTemplate:
    """Accounts are slow to make (argon2), so they are made once and the file copied per test."""
    path = tmp_path_factory.mktemp("reports") / "players.sqlite3"
    shutil.copyfile(migrated_template, path)
    engine = build_engine(f"sqlite:///{path}")
    create_account(engine, "afr-coordinator", delegation="AFR", delegation_name="African Group", kind="group")
    players = Players(
        secretariat=create_account(engine, "sec", role="secretariat", delegation="SEC", kind="secretariat"),
        chair=create_account(engine, "chair", role="chair", delegation="CHAIR", kind="secretariat"),
        zaf=create_account(engine, "zaf", delegation="ZAF", delegation_name="South Africa", groups=("AFR",)),
        che=create_account(engine, "che", delegation="CHE", delegation_name="Switzerland"),
        usa=create_account(engine, "usa", delegation="USA", delegation_name="United States"),
        bra=create_account(engine, "bra", delegation="BRA", delegation_name="Brazil"),
        observer=create_account(engine, "isoc", role="observer", delegation="ISOC", kind="observer"),
    )
    engine.dispose()
    return PlayersTemplate(path, players)


@pytest.fixture
def settings(tmp_path: Path, players_template: PlayersTemplate) -> Settings:
    """Settings on a fresh data directory holding a copy of the players' database."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    database = data_dir / "crochets.sqlite3"
    shutil.copyfile(players_template.path, database)
    return Settings(data_dir=data_dir, database_url=f"sqlite:///{database}")


@pytest.fixture
def players(players_template: PlayersTemplate) -> Players:
    """The accounts."""
    return players_template.players


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
