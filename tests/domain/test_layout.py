"""Paragraph layout: one paragraph per line, or wrapped text; and brackets matched inside paragraphs first."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.domain import decode_utf8, parse
from app.domain.layout import detect_layout, paragraph_end, paragraph_start

GENEVA = "unfccc-geneva-negotiating-text-2015-02-12.txt"


@pytest.mark.parametrize(
    ("name", "syntax", "layout"),
    [
        ("itu-council-wsis-draft-resolution.fr.txt", "plain", "lines"),
        ("unfccc-art6-2-draft-decision-2024-11-14.txt", "plain", "lines"),
        (GENEVA, "plain", "wrapped"),
        ("paris-draft-agreement-2015-12-09.md", "markdown", "wrapped"),
    ],
)
def test_the_layout_of_each_corpus_draft(corpus: Callable[[str], bytes], name: str, syntax: str, layout: str) -> None:
    assert detect_layout(decode_utf8(corpus(name)), "markdown" if syntax == "markdown" else "plain") == layout


WRAPPED = (
    "1. Decides that the Parties shall\nreport every year,\n2. Requests the secretariat;\n\nTitle line\nA. Section\n"
)


def test_a_wrapped_paragraph_runs_until_a_label_a_blank_line_or_a_clause_end() -> None:
    assert paragraph_end(WRAPPED, 0, "wrapped") == WRAPPED.index(",\n2.") + 1
    second = WRAPPED.index("2.")
    assert paragraph_end(WRAPPED, second, "wrapped") == WRAPPED.index(";\n") + 1
    assert paragraph_start(WRAPPED, WRAPPED.index("report"), 0, "wrapped") == 0
    assert paragraph_end(WRAPPED, 0, "lines") == WRAPPED.index("\n")


def test_markdown_paragraphs_end_at_blank_lines_only() -> None:
    text = "Decides that the Parties shall report.\nThe secretariat [shall\nreport] too.\n\nNext.\n"
    assert paragraph_end(text, 0, "wrapped", "markdown") == text.index("\n\n")
    assert paragraph_end(text, 0, "wrapped", "plain") == text.index("\n")


def test_an_unclosed_bracket_is_reported_where_it_is_with_its_nearest_partner() -> None:
    doc = parse("Recalling [that A,\n\nAcknowledging [B],\n\nDecides C.]\n")
    assert len(doc.paragraphs) == 3
    unclosed, stray = doc.warnings
    assert (unclosed.line, unclosed.column, stray.line, stray.column) == (1, 11, 5, 11)
    assert unclosed.message.endswith(
        "no ']' closes it in its paragraph; the nearest unmatched ']' is at line 5, column 11"
    )
    assert stray.message.endswith("no '[' opens it in its paragraph; the nearest unclosed '[' is at line 1, column 11")


def test_a_bracket_inside_a_wrapped_paragraph_pairs_across_its_lines() -> None:
    doc = parse(
        "1. Decides [that the Parties\nshall report] every year;\n2. Requests the secretariat.\n", layout="wrapped"
    )
    assert doc.warnings == ()


def test_a_word_footnote_body_runs_over_several_lines() -> None:
    doc = parse("Text[footnoteRef:1] more; [1: first line\nsecond line] \n")
    assert doc.warnings == ()


def test_brackets_that_do_not_negotiate_are_text_and_bare_numbers_are_listed() -> None:
    from app.domain import statistics, uncertain_brackets

    text = "Action renforcée[1], Parties[ 11], notes[^2], [SEN-1] [Suggested for Closure] [9] and [in [all[^3]]]\n"
    doc = parse(text)
    assert statistics(doc).bracket_sets == 3  # `[9]`, `[in …]` and `[all[^3]]`
    assert [(u.offset, u.text) for u in uncertain_brackets(text)] == [(text.index("[9]"), "[9]")]


def test_geneva_has_a_paragraph_for_every_block_outside_block_brackets(corpus: Callable[[str], bytes]) -> None:
    import bisect
    import re

    from app.domain.render import render_paragraph

    text = decode_utf8(corpus(GENEVA))
    doc = parse(text)
    spans, position = [], len(doc.bom) + len(doc.leading)
    for paragraph in doc.paragraphs:
        rendered = render_paragraph(paragraph)
        spans.append((position, position + len(rendered) - len(paragraph.trailing)))
        position += len(rendered)
    starts = [start for start, _ in spans]
    blocks = [m.end() for m in re.finditer(r"(?:^|\n[^\S\n]*\n)(?:[^\S\n]*\n)*", text) if m.end() < len(text)]
    # A block starting inside a paragraph is inside a block bracket (a section `E. [[…]]` until they are sets).
    inside = sum(
        1
        for b in blocks
        if spans[bisect.bisect_right(starts, b) - 1][0] < b < spans[bisect.bisect_right(starts, b) - 1][1]
    )
    assert len(doc.paragraphs) >= len(blocks) - inside
    assert doc.layout == "wrapped" and any("\n" in render_paragraph(p).rstrip() for p in doc.paragraphs[:20])
