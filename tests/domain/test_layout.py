"""Paragraph layout: one paragraph per line, or wrapped text; and brackets matched inside paragraphs first."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest

from app.domain import decode_utf8, parse
from app.domain import layout as rules
from app.domain.labels import has_label
from app.domain.layout import detect_layout, paragraph_end, paragraph_start
from tests.domain.conftest import CORPUS_TEXTS

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


def _starts_paragraph_by_expressions(body: str, start: int, syntax: str) -> bool:
    """The rule as written before it was read by hand (issue 15): every test an expression on sliced lines."""
    if start >= len(body) or start == 0:
        return True
    previous_start = body.rfind("\n", 0, start - 1) + 1
    if rules._BLANK_LINE.match(body, start) or rules._BLANK_LINE.match(body, previous_start):
        return True
    if has_label(body, start) or rules._PARAGRAPH_HEAD.match(body, start):
        return True
    if syntax == "markdown" or not rules._NEW_CLAUSE.match(body, start):
        return False
    return re.search(r"[.;:,!?][\]\d\s*_]*\Z", body[previous_start : start - 1]) is not None


def test_where_paragraphs_start_is_read_as_the_expressions_say(corpus: Callable[[str], bytes]) -> None:
    texts = [decode_utf8(corpus(name)) for name in CORPUS_TEXTS]
    pieces = [*list('ab A B.;:,!?]*_[ 1٣\t\n\u2003\r\x0c{"“'), "Option 1", "3.", "(a)", "# ", "\n\n"]
    generator = random.Random(15)
    texts += ["".join(generator.choice(pieces) for _ in range(generator.randint(0, 60))) for _ in range(2000)]
    compared = 0
    for text in texts:
        starts = range(len(text) + 1) if len(text) < 100 else [0, *(m.end() for m in re.finditer("\n", text))]
        for start in starts:
            for syntax in ("plain", "markdown"):
                expected = _starts_paragraph_by_expressions(text, start, syntax)
                assert rules.starts_paragraph(text, start, syntax) == expected, (text[start - 40 : start + 20], syntax)
                compared += 1
    assert compared > 100_000


def test_the_paragraph_breaks_of_a_text_are_the_lines_that_start_paragraphs(corpus: Callable[[str], bytes]) -> None:
    # `paragraph_breaks` reads the whole text with one expression (a first test of each line's start, then the
    # label and head expressions only where they can match): the same lines as `starts_paragraph`, line by line.
    texts = [decode_utf8(corpus(name)) for name in CORPUS_TEXTS]
    pieces = [
        *list('ab A B.;:,!?]*_[ 1٣\t\n\u2003\r\x0c{"“()'),
        *["Option 1", "Opción 2", "Alt 3", "Alternative", "Variante 2", "3.", "(a)", "iv)", "ab.", "XII. ", "A. "],
        *["pp 1", "op2", "Pp", "OP 3", "the ", "## ", "- ", "> ", "**", "|", "```", "[x]: ", "2 bis. ", "\n\n", " \n"],
    ]
    generator = random.Random(16)
    texts += ["".join(generator.choice(pieces) for _ in range(generator.randint(0, 60))) for _ in range(3000)]
    breaks = 0
    for text in texts:
        for syntax in ("plain", "markdown"):
            expected = [m.start() for m in re.finditer("\n", text) if rules.starts_paragraph(text, m.end(), syntax)]
            assert rules.paragraph_breaks(text, syntax) == expected, (text[:200], syntax)
            breaks += len(expected)
            if len(text) < 100:  # pass 1 finds a paragraph's bounds among the breaks: as these two say
                for position in range(len(text)):
                    after = [b for b in expected if b >= position]
                    end = paragraph_end(text, position, "wrapped", syntax)  # type: ignore[arg-type]
                    assert end == (after[0] if after else len(text))
                    before = [b + 1 for b in expected if b < position]
                    start = paragraph_start(text, position, 0, "wrapped", syntax)  # type: ignore[arg-type]
                    assert start == (before[-1] if before else 0)
    assert breaks > 10_000
