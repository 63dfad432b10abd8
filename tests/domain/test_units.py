"""Smaller rules: decoding, paragraph boundaries, labels, the tree's own checks, the collector left as it was."""

from __future__ import annotations

import gc

import pytest

from app.domain import (
    Alternative,
    BracketSet,
    EncodingError,
    Text,
    decode_utf8,
    parse,
    render,
    render_inlines,
    render_paragraph,
    statistics,
)
from app.domain.labels import match_label
from app.domain.tree import BlockAlternative, BlockSet


def test_decode_keeps_the_bom_and_reports_the_first_invalid_byte() -> None:
    assert decode_utf8("\ufeffé".encode()) == "\ufeffé"
    with pytest.raises(EncodingError) as raised:
        decode_utf8(b"abc" + b"\xe9t\xe9")
    assert (raised.value.offset, raised.value.byte) == (3, 0xE9)
    assert str(raised.value) == "invalid byte 0xE9 at byte offset 3"


def test_only_newline_ends_a_line() -> None:
    doc = parse("a\rb\u2028c\fd\u0085e\nf")
    assert [render_inlines(p.content) for p in doc.paragraphs] == ["a\rb\u2028c\fd\u0085e", "f"]


def test_bom_is_kept_apart_and_not_counted_in_columns() -> None:
    doc = parse("\ufeff]")
    assert doc.bom == "\ufeff"
    assert (doc.warnings[0].line, doc.warnings[0].column, doc.warnings[0].offset) == (1, 1, 1)


def test_a_block_bracket_lays_a_block_set_over_whole_paragraphs() -> None:
    doc = parse("1. [a\n2. b];\n[d]\n[e]")
    assert len(doc.paragraphs) == 4
    assert doc.paragraphs[0].content == (Text("[a"),) and doc.paragraphs[1].content == (Text("b];"),)
    assert doc.blocks == (BlockSet("bracket", (BlockAlternative(0, 1),), opening=0, closing=1),)
    assert isinstance(doc.paragraphs[2].content[0], BracketSet)
    assert doc.warnings == ()
    assert statistics(doc).bracket_sets == 3 and statistics(doc).block_sets == 1


def test_labelled_options_are_one_block_set_whatever_their_numbering() -> None:
    text = "Title\n[Option I: keep it;\nOption II: {No text}]\n**Alt 1:** one\n**Alt 2:** two\nOpción (a): uno\n"
    doc = parse(text)
    options = [b for b in doc.blocks if b.kind == "options"]
    assert [[a.label for a in b.alternatives] for b in options] == [["Option I", "Option II"], ["Alt 1", "Alt 2"]]
    assert [(a.first, a.last) for a in options[0].alternatives] == [(1, 1), (2, 2)]
    assert render(doc) == text


def test_an_option_with_its_wording_below_runs_to_the_next_heading() -> None:
    text = (
        "## Article 2\n\n**Option 1:**\n\n1. One;\n\n2. Two.\n\n**Option 2:**\n\n1. Other.\n\n## Article 3\n\nText.\n"
    )
    doc = parse(text, syntax="markdown")
    (options,) = doc.blocks
    assert [(a.first, a.last) for a in options.alternatives] == [(1, 3), (4, 5)]


def test_a_bracket_that_neither_opens_nor_closes_its_paragraph_stays_in_it() -> None:
    # Paragraphs first: `[a` does not open paragraph 1 and `b]` does not close paragraph 2, so neither pairs.
    doc = parse("1. x [a\n2. b] [c]\n")
    assert [(w.line, w.column, w.kind) for w in doc.warnings] == [(1, 6, "unclosed"), (2, 5, "stray")]
    assert len(doc.paragraphs) == 2
    assert "the nearest unmatched ']' is at line 2, column 5" in doc.warnings[0].message
    assert "the nearest unclosed '[' is at line 1, column 6" in doc.warnings[1].message


def test_set_separated_by_carriage_return_is_two_sets() -> None:
    doc = parse("[a]\r[b]")
    assert [type(item) for item in doc.paragraphs[0].content] == [BracketSet, Text, BracketSet]


def test_render_paragraph_includes_prefix_and_trailing() -> None:
    paragraph = parse("x\n2 bis. [a] b\r\n\r\n  \n").paragraphs[1]
    assert (paragraph.prefix, paragraph.label, paragraph.trailing) == ("2 bis. ", "2 bis", "\r\n\r\n  \n")
    assert render_paragraph(paragraph) == "2 bis. [a] b\r\n\r\n  \n"


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("a)\ttext", "a)"),
        ("(iv) text", "(iv)"),
        ("12. text", "12"),
        ("16 quarter. text", "16 quarter"),
        ("OP 3 text", "OP 3"),
        ("1\ttext", "1"),
        ("1 text", None),
        ("1.", None),
        ("2020. text", None),
        ("(see) text", None),
        ("a)text", None),
        ("A.B. text", None),
    ],
)
def test_labels(line: str, label: str | None) -> None:
    found = match_label(line, 0)
    assert (found.label if found else None) == label


def test_bracket_set_shape_is_checked() -> None:
    with pytest.raises(ValueError, match="at least one alternative"):
        BracketSet(alternatives=(), separators=())
    with pytest.raises(ValueError, match="one separator between"):
        BracketSet(alternatives=(Alternative(()),), separators=(" ",))


def test_parsing_leaves_the_cycle_collector_as_it_found_it() -> None:
    assert gc.isenabled()
    parse("a [b [c]] d\n")
    assert gc.isenabled()
    gc.disable()
    try:
        parse("a [b [c]] d\n")
        assert not gc.isenabled()
    finally:
        gc.enable()
