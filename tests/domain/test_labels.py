"""The parser's shortcut for the kind of a paragraph of one run of text agrees with the general rule."""

from __future__ import annotations

import random

from app.domain import decode_utf8, parse
from app.domain.labels import LabelMatch, match_label, paragraph_kind, text_kind
from app.domain.tree import Syntax, Text
from tests.domain.conftest import read_corpus

PIECES = ["word", " ", "\t", "\u2003", "\n", ".", ";", "!", ":", ",", "# ", "## ", "[x]: ", "1", "é", "x" * 60, "  "]


def _agree(index: int, label: LabelMatch | None, text: str, syntax: Syntax) -> None:
    content = (Text(text),) if text else ()
    expected = paragraph_kind(index=index, label=label, content=content, syntax=syntax)
    assert text_kind(index, label.kind if label else None, text, syntax) == expected, (index, label, text, syntax)


def test_the_kind_of_a_run_of_text_is_the_kind_of_its_paragraph() -> None:
    generator = random.Random(15)
    labels = [None, match_label("1. x", 0), match_label("(a) x", 0), match_label("A. x", 0)]
    compared = 0
    for _ in range(5000):
        text = "".join(generator.choice(PIECES) for _ in range(generator.randint(0, 12)))
        for syntax in ("plain", "markdown"):
            for index in (0, 1, 7):
                _agree(index, generator.choice(labels), text, syntax)
                compared += 1
    assert compared == 30_000


def test_the_corpus_paragraphs_of_one_run_of_text_keep_their_kinds() -> None:
    for name, syntax in [
        ("unfccc-geneva-negotiating-text-2015-02-12.txt", "plain"),
        ("paris-draft-agreement-2015-12-09.md", "markdown"),
    ]:
        document = parse(decode_utf8(read_corpus(name)), syntax=syntax)  # type: ignore[arg-type]
        runs = 0
        for index, paragraph in enumerate(document.paragraphs):
            if len(paragraph.content) <= 1 and all(isinstance(item, Text) for item in paragraph.content):
                label = match_label(paragraph.prefix + "x", 0) if paragraph.prefix else None
                text = paragraph.content[0].text if paragraph.content else ""  # type: ignore[union-attr]
                _agree(index, label, text, syntax)  # type: ignore[arg-type]
                runs += 1
        assert runs > 100
