"""Inputs and storage tests: the cast's database copied per test; each test imports the text it needs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import Settings
from tests.cast import Cast, Template
from tests.conftest import corpus_file, settings_on_copy

GENEVA = "unfccc-geneva-negotiating-text-2015-02-12.txt"


@pytest.fixture
def settings(tmp_path: Path, cast_template: Template) -> Settings:
    """Settings on a fresh data directory holding a copy of the cast's database."""
    return settings_on_copy(cast_template.url, tmp_path)


@pytest.fixture
def cast(cast_template: Template) -> Cast:
    """One account per role: the secretariat, the chair, delegations (ZAF in AFR), an observer."""
    return cast_template.cast


def geneva_words(characters: int) -> str:
    """Running text of the Geneva draft without brackets or line breaks, cut at a word, about this long."""
    raw = corpus_file(GENEVA).read_bytes().decode("utf-8")
    flat = re.sub(r"[\[\]\s]+", " ", raw).strip()
    while len(flat) < characters:
        flat += " " + flat
    return flat[:characters].rsplit(" ", 1)[0]


def import_document(client: TestClient | httpx.Client, cast: Cast, text: str, title: str = "Draft") -> dict[str, Any]:
    """Import a text as the secretariat (through the app or a real server); the document tree."""
    response = client.post("/api/v1/documents", json={"title": title, "text": text}, headers=cast.secretariat.headers)
    assert response.status_code == 201, response.text
    document: dict[str, Any] = response.json()
    return document


def database_bytes(app: FastAPI) -> int:
    """The size of the database file, its write-ahead log folded in first."""
    with app.state.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return Path(app.state.settings.resolved_database_url().removeprefix("sqlite:///")).stat().st_size


def used_bytes(app: FastAPI) -> int:
    """The bytes of the database's pages that hold data (free pages left by rewritten rows not counted)."""
    with app.state.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()
        free = connection.exec_driver_sql("PRAGMA freelist_count").scalar_one()
        size = connection.exec_driver_sql("PRAGMA page_size").scalar_one()
    return int((pages - free) * size)
