"""The PostgreSQL path, whatever `--database` says: a fresh, empty database per test on the tests' server."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import migrate
from app.config import Settings
from app.db import build_engine
from tests import databases
from tests.cast import Template, build_cast, build_negotiation


@pytest.fixture
def settings(tmp_path: Path, postgres: str) -> Settings:
    """Settings on a new, empty PostgreSQL database (migrated by the test or the fixture that needs it)."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    return Settings(data_dir=data_dir, database_url=databases.empty(postgres, data_dir / "unused"))


@pytest.fixture(scope="session")
def postgres_negotiation(request: pytest.FixtureRequest, postgres: str) -> Template:
    """The cast and the seed negotiation in a PostgreSQL template database (the suite's own when it runs on
    PostgreSQL)."""
    if request.config.getoption("database") == "postgresql":
        template: Template = request.getfixturevalue("negotiation_template")
        return template
    unused = Path("unused")  # PostgreSQL databases have no file
    migrated = databases.empty(postgres, unused, lasting=True)
    engine = build_engine(migrated)
    migrate.upgrade(engine)
    engine.dispose()
    return build_negotiation(build_cast(migrated, unused), unused)
