"""Shared fixtures for the domain tests: the real drafts of ../shared/corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
CORPUS_TEXTS = (
    "itu-council-wsis-draft-resolution.fr.txt",
    "unfccc-art6-2-draft-decision-2024-11-14.txt",
    "unfccc-geneva-negotiating-text-2015-02-12.txt",
    "paris-draft-agreement-2015-12-09.md",
)


def read_corpus(name: str) -> bytes:
    """The bytes of a corpus file; fails the test (never skips) when the corpus is missing."""
    path = CORPUS / name
    if not path.is_file():
        pytest.fail(f"corpus file {path} is missing: the tests need ../shared/corpus next to the project")
    return path.read_bytes()


@pytest.fixture
def corpus() -> Callable[[str], bytes]:
    """Read a corpus file by name."""
    return read_corpus
