"""The cast (accounts only): the generated client imports the seed itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import Settings
from tests.cast import Cast, Template
from tests.conftest import settings_on_copy


@pytest.fixture
def settings(tmp_path: Path, cast_template: Template) -> Settings:
    return settings_on_copy(cast_template.path, tmp_path)


@pytest.fixture
def cast(cast_template: Template) -> Cast:
    return cast_template.cast
