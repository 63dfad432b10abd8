"""Property-based tests: any text, however unbalanced, parses without error and renders back exactly."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import (
    clean_text,
    iter_bracket_sets,
    iter_placeholders,
    parse,
    render,
    statistics,
)
from app.domain.tree import Syntax

PIECES = st.sampled_from(
    [
        "[", "]", "[", "]", " ", "  ", "\n", "\r\n", "\r", "\t", "\u00a0", "\u2011", "\f", "\ufeff",
        "[footnoteRef:1]", "footnoteRef:1", "1: ", "[1: ", "...", "…", "X", "20XX", "a", "b", "shall",
        "(", ")", ":", "[x]: http://e.org", "](http://e.org)", "][x]", "\\[", "a) ", "1.\t", "2 bis. ",
        "Pp1 ", "#", "*", "é", "\u2028",
    ]
)  # fmt: skip
TEXTS = st.lists(PIECES | st.text(max_size=3), max_size=60).map("".join)
SYNTAXES = st.sampled_from(["plain", "markdown"])


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, syntax=SYNTAXES)
def test_render_parse_round_trip(text: str, syntax: Syntax) -> None:
    doc = parse(text, syntax=syntax)
    assert render(doc) == text
    assert statistics(doc).paragraphs == len(doc.paragraphs)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_plain_warnings_of_one_paragraph_agree_with_a_naive_matcher(text: str) -> None:
    # Within one paragraph (no line break), footnote markers are atoms and every other bracket takes part in
    # ordinary stack matching; across paragraphs only block brackets pair (fixtures and test_layout show it).
    text = text.replace("\n", " ")
    unmatched: list[int] = []
    stack: list[int] = []
    for index, char in enumerate(re.sub(r"\[footnoteRef:\d+\]", lambda m: "_" * len(m[0]), text)):
        if char == "[":
            stack.append(index)
        elif char == "]":
            if stack:
                stack.pop()
            else:
                unmatched.append(index)
    assert sorted(unmatched + stack) == [w.offset for w in parse(text).warnings]


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, syntax=SYNTAXES)
def test_every_warning_points_at_its_bracket(text: str, syntax: Syntax) -> None:
    for warning in parse(text, syntax=syntax).warnings:
        assert text[warning.offset] == ("]" if warning.kind == "stray" else "[")


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80), syntax=SYNTAXES)
def test_round_trip_on_any_unicode(text: str, syntax: Syntax) -> None:
    assert render(parse(text, syntax=syntax)) == text


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, syntax=SYNTAXES)
def test_warnings_point_at_the_unmatched_brackets(text: str, syntax: Syntax) -> None:
    doc = parse(text, syntax=syntax)
    for warning in doc.warnings:
        assert text[warning.offset] == ("]" if warning.kind == "stray" else "[")
        line_start = text.rfind("\n", 0, warning.offset) + 1
        bom = 1 if line_start == 0 and text.startswith("\ufeff") else 0
        assert warning.column == warning.offset - line_start - bom + 1
        assert warning.line == text.count("\n", 0, warning.offset) + 1


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, syntax=SYNTAXES)
def test_clean_text_with_first_alternatives_adds_nothing(text: str, syntax: Syntax) -> None:
    doc = parse(text, syntax=syntax)
    choices: dict[int, int | str] = {ordinal: 0 for ordinal, _, _ in iter_bracket_sets(doc)}
    values = {ordinal: "" for ordinal, _, _ in iter_placeholders(doc)}
    clean = clean_text(doc, choices=choices, values=values)
    assert set(clean) <= set(text) | set("⁰¹²³⁴⁵⁶⁷⁸⁹. \n")  # Word footnotes: numbers, and notes at the end
    assert len(clean) <= len(text)
    without_sets = clean_text(doc, choices=dict.fromkeys(choices, ""), values=values)
    assert len(without_sets) <= len(clean)
