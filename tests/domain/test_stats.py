"""Statistics per document and per paragraph."""

from __future__ import annotations

import json

from app.domain import parse, statistics

TEXT = "Title [...]\n1. [a [b [c]]] [d]\n(a) x[footnoteRef:1] [1: [e]]\n2. y] z\n"


def test_document_counts() -> None:
    # `[a [b [c]]] [d]` is one set of two alternatives, with two sets nested in the first.
    stats = statistics(parse(TEXT))
    assert (stats.paragraphs, stats.bracket_sets, stats.alternatives) == (4, 4, 5)
    assert (stats.max_depth, stats.placeholders, stats.footnotes, stats.footnote_refs) == (3, 1, 1, 1)
    assert [(w.kind, w.line, w.column) for w in stats.warnings] == [("stray", 4, 5)]


def test_paragraph_counts() -> None:
    details = statistics(parse(TEXT)).paragraph_details
    rows = [(d.index, d.line, d.label, d.kind, d.bracket_sets, d.alternatives, d.max_depth) for d in details]
    assert rows == [
        (0, 1, None, "title", 0, 0, 0),
        (1, 2, "1", "operative", 3, 4, 3),
        (2, 3, "(a)", "preambular", 1, 1, 1),
        (3, 4, "2", "operative", 0, 0, 0),
    ]
    assert [d.placeholders for d in details] == [1, 0, 0, 0]
    assert [d.footnotes for d in details] == [0, 0, 1, 0]
    assert [d.warnings for d in details] == [0, 0, 0, 1]


def test_json_dict_has_the_documented_keys() -> None:
    data = statistics(parse(TEXT)).to_json_dict()
    assert {"paragraphs", "bracket_sets", "alternatives", "max_depth", "placeholders", "footnotes"} <= set(data)
    assert data["warnings"] == [
        {
            "line": 4,
            "column": 5,
            "kind": "stray",
            "message": "unmatched ']' at line 4, column 5 kept as text: no '[' opens it in its paragraph",
        }
    ]
    json.dumps(data)


def test_empty_document() -> None:
    stats = statistics(parse(""))
    assert (stats.paragraphs, stats.bracket_sets, stats.max_depth) == (0, 0, 0)
