"""Alembic alone defines the schema: it upgrades an empty database, goes back to base, and matches the models."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import inspect

import app.models
from app import migrate
from app.db import build_engine
from tests.conftest import CROCHETS


def test_upgrade_empty_database_to_head_and_back_to_base(tmp_path: Path) -> None:
    engine = build_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        assert migrate.current_revisions(engine) == ()
        migrate.upgrade(engine)
        assert migrate.current_revisions(engine) == migrate.head_revisions(engine)
        tables = set(inspect(engine).get_table_names())
        assert set(app.models.SQLModel.metadata.tables) <= tables
        assert migrate.drift(engine) is None
        migrate.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        assert migrate.current_revisions(engine) == ()
    finally:
        engine.dispose()


@pytest.mark.sqlite_only
def test_sqlite_connections_use_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = build_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    finally:
        engine.dispose()


def test_db_check_finds_no_drift(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(CROCHETS), "db", "check"], capture_output=True, text=True, cwd=tmp_path, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "agree" in result.stdout


def test_drift_is_reported_when_a_table_is_missing(tmp_path: Path) -> None:
    engine = build_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        migrate.upgrade(engine)
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE paragraph")
        difference = migrate.drift(engine)
        assert difference is not None and "paragraph" in difference
    finally:
        engine.dispose()
