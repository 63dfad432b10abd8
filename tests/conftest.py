"""Shared fixtures: a real SQLite file per test, copied from one migrated template."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import migrate
from app.config import Settings
from app.db import build_engine
from app.main import create_app

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CROCHETS = Path(sys.executable).with_name("crochets")


def corpus_file(name: str) -> Path:
    """A file of the shared corpus; a missing one fails the test loudly."""
    path = CORPUS / name
    if not path.is_file():
        pytest.fail(f"corpus file {path} is missing: tests need ../shared/corpus beside the project")
    return path


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = build_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def settings(tmp_path: Path, migrated_template: Path) -> Settings:
    """Settings on a fresh data directory holding a migrated copy of the template database."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    database = data_dir / "crochets.sqlite3"
    shutil.copyfile(migrated_template, database)
    return Settings(data_dir=data_dir, database_url=f"sqlite:///{database}")


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    """The application on this test's database."""
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """HTTP through the whole application."""
    with TestClient(app) as test_client:
        yield test_client
