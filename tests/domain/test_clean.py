"""Clean text: decisions replace bracket sets, values replace placeholders, nothing else changes."""

from __future__ import annotations

import pytest

from app.domain import (
    DomainError,
    InvalidChoiceError,
    UndecidedError,
    clean_text,
    iter_bracket_sets,
    iter_placeholders,
    parse,
)

TEXT = "A. Parties [shall][should] report [in [20XX]] [...]\n2\tnote[footnoteRef:1] [1: see [a] [b]] x] [y\n"


def test_numbering_is_depth_first_pre_order() -> None:
    doc = parse(TEXT)
    located = [(ordinal, location.line, location.column, location.depth) for ordinal, _, location in
               iter_bracket_sets(doc)]  # fmt: skip
    assert located == [(0, 1, 12, 1), (1, 1, 35, 1), (2, 2, 31, 1)]
    placeholders = [(o, p.text, loc.depth) for o, p, loc in iter_placeholders(doc)]
    assert placeholders == [(0, "20XX", 1), (1, "...", 0)]


def test_choices_and_values_replace_sets_and_placeholders() -> None:
    doc = parse(TEXT)
    clean = clean_text(doc, choices={0: 1, 1: 0, 2: 1}, values={0: "2030", 1: "Paris"})
    assert clean == "A. Parties should report in 2030 Paris\n2\tnote¹ x] [y\n\n1. see b\n"


def test_compromise_text_and_empty_text() -> None:
    doc = parse(TEXT)
    clean = clean_text(doc, choices={0: "must", 1: "", 2: ""}, values={1: "…"})
    assert clean == "A. Parties must report  …\n2\tnote¹ x] [y\n\n1. see\n"


def test_sets_inside_unchosen_alternatives_need_no_decision() -> None:
    doc = parse("[keep [inner]] [drop [other]]\n")
    assert [o for o, _, _ in iter_bracket_sets(doc)] == [0, 1, 2]
    assert clean_text(doc, choices={0: 1, 2: 0}, values={}) == "drop other\n"
    assert clean_text(doc, choices={0: "x"}, values={}) == "x\n"


def test_undecided_items_are_listed_with_their_position() -> None:
    doc = parse(TEXT)
    with pytest.raises(UndecidedError) as raised:
        clean_text(doc, choices={0: 0}, values={})
    error = raised.value
    assert isinstance(error, DomainError)
    assert [(i.kind, i.ordinal, i.line, i.column) for i in error.items] == [
        ("bracket_set", 1, 1, 35),
        ("placeholder", 1, 1, 47),
        ("bracket_set", 2, 2, 31),
    ]
    assert "bracket set #1 at line 1, column 35" in str(error)
    assert "placeholder #1 at line 1, column 47" in str(error)


def test_choice_out_of_range_is_an_error_with_position() -> None:
    doc = parse("x [a] [b]\n")
    with pytest.raises(InvalidChoiceError, match="line 1, column 3"):
        clean_text(doc, choices={0: 2}, values={})


def test_clean_keeps_bom_crlf_and_labels() -> None:
    doc = parse("\ufeff1.\t[a][b]\r\n\r\nlast")
    assert clean_text(doc, choices={0: 1}, values={}) == "\ufeff1.\tb\r\n\r\nlast"
