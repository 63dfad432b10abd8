"""Adversarial sizes: deep nesting and floods of unmatched brackets, without recursion errors."""

from __future__ import annotations

from app.domain import clean_text, iter_bracket_sets, parse, render, statistics, to_data


def test_ten_thousand_deep_nesting() -> None:
    depth = 10_000
    text = "[" * depth + "core" + "]" * depth + "\n"
    doc = parse(text)
    assert render(doc) == text
    stats = statistics(doc)
    assert (stats.bracket_sets, stats.alternatives, stats.max_depth) == (depth, depth, depth)
    assert doc.warnings == ()
    choices: dict[int, int | str] = {ordinal: 0 for ordinal, _, _ in iter_bracket_sets(doc)}
    assert clean_text(doc, choices=choices, values={}) == "core\n"
    data = to_data(doc)
    assert len(data["paragraphs"]) == 1  # type: ignore[arg-type]


def test_ten_thousand_deep_unclosed_nesting() -> None:
    text = "[a" * 10_000
    doc = parse(text)
    assert render(doc) == text
    assert len(doc.warnings) == 10_000
    assert {w.kind for w in doc.warnings} == {"unclosed"}


def test_hundred_thousand_stray_closing_brackets() -> None:
    text = "]" * 100_000
    doc = parse(text)
    assert render(doc) == text
    assert len(doc.warnings) == 100_000
    assert doc.warnings[-1].column == 100_000


def test_many_alternatives_in_one_set() -> None:
    text = "[a]" * 20_000
    doc = parse(text)
    assert render(doc) == text
    [(_, bracket_set, _)] = list(iter_bracket_sets(doc))
    assert len(bracket_set.alternatives) == 20_000


def test_many_lines_of_unmatched_brackets() -> None:
    text = "x]\n" * 20_000 + "[y\n" * 20_000
    doc = parse(text)
    assert render(doc) == text
    assert len(doc.warnings) == 40_000
    assert doc.warnings[-1].line == 40_000
