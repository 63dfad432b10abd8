"""Page tests through HTTP: the cast and the imported seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import Settings
from tests.cast import Cast, Template
from tests.conftest import settings_on_copy


@pytest.fixture
def settings(tmp_path: Path, negotiation_template: Template) -> Settings:
    return settings_on_copy(negotiation_template.url, tmp_path)


@pytest.fixture
def cast(negotiation_template: Template) -> Cast:
    return negotiation_template.cast


@pytest.fixture
def document_id(negotiation_template: Template) -> int:
    assert negotiation_template.document_id is not None
    return negotiation_template.document_id
