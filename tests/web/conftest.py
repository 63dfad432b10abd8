"""Page tests through HTTP: the cast and the imported seed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.config import Settings
from tests.cast import Cast, Template


@pytest.fixture
def settings(tmp_path: Path, negotiation_template: Template) -> Settings:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copyfile(negotiation_template.path, data_dir / "crochets.sqlite3")
    return Settings(data_dir=data_dir, database_url=f"sqlite:///{data_dir / 'crochets.sqlite3'}")


@pytest.fixture
def cast(negotiation_template: Template) -> Cast:
    return negotiation_template.cast


@pytest.fixture
def document_id(negotiation_template: Template) -> int:
    assert negotiation_template.document_id is not None
    return negotiation_template.document_id
