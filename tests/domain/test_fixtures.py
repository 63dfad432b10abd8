"""Fixture files: each input under tests/fixtures/parser has its expected tree in `*.expected.json`.

Inputs ending in `.md` are parsed with Markdown syntax, the others as plain text. To rewrite the expected files
after an intended change, run with CROCHETS_UPDATE_FIXTURES=1 and review the diff before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.domain import parse, render, to_data

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "parser"
INPUTS = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md"))


def test_fixture_folder_is_populated() -> None:
    assert len(INPUTS) >= 20
    expected = {p.name.removesuffix(".expected.json") for p in FIXTURES.glob("*.expected.json")}
    assert expected == {p.stem for p in INPUTS}, "every input needs exactly one expected tree"


@pytest.mark.parametrize("source", INPUTS, ids=[p.name for p in INPUTS])
def test_fixture(source: Path) -> None:
    text = source.read_bytes().decode("utf-8")
    doc = parse(text, syntax="markdown" if source.suffix == ".md" else "plain")
    assert render(doc) == text
    data = to_data(doc)
    expected_path = source.with_name(source.stem + ".expected.json")
    if os.environ.get("CROCHETS_UPDATE_FIXTURES") == "1":
        expected_path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert data == json.loads(expected_path.read_text(encoding="utf-8"))
