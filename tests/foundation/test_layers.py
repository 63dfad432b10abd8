"""Imports go one way: web → services → domain. Services never import the web; the web never touches tables."""

from __future__ import annotations

from pathlib import Path

import pytest

import app
from tests.domain.test_purity import _imports

APP = Path(app.__file__).resolve().parent
# The web may hold a Session (the unit of a request) but never queries: no tables, no query builders.
QUERIES = ("sqlmodel.select", "sqlmodel.col", "sqlalchemy.text", "sqlalchemy.select", "sqlalchemy.func")
RULES = {
    "services": ("app.web",),
    "web": ("app.models", *QUERIES),
}


@pytest.mark.parametrize("layer", sorted(RULES))
def test_a_layer_imports_nothing_it_must_not(layer: str) -> None:
    forbidden = RULES[layer]
    problems = [
        f"{path.relative_to(APP)}:{line}: imports {module}"
        for path in sorted((APP / layer).rglob("*.py"))
        for line, module in _imports(path)
        if module.startswith(forbidden)
    ]
    assert problems == []


def test_every_layer_has_modules() -> None:
    for layer in RULES:
        assert len(list((APP / layer).rglob("*.py"))) >= 5
