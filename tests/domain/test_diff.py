"""Word-level diffs through diff-match-patch: tokens, scripts without spaces, patches."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.diff import DiffOp, apply_patch, diff_words, make_patch, tokenize


def test_tokens_are_words_spaces_and_punctuation() -> None:
    assert tokenize("d'autres réunions, [shall]  l’UIT‑D") == [
        "d'autres",
        " ",
        "réunions",
        ",",
        " ",
        "[",
        "shall",
        "]",
        "  ",
        "l’UIT‑D",
    ]


def test_scripts_without_spaces_diff_by_character() -> None:
    assert tokenize("会议很好") == ["会", "议", "很", "好"]
    assert diff_words("我们的会议很好", "我们的讨论很好") == [
        DiffOp("equal", "我们的"),
        DiffOp("delete", "会议"),
        DiffOp("insert", "讨论"),
        DiffOp("equal", "很好"),
    ]


def test_word_diff_replaces_whole_words() -> None:
    assert diff_words("organiser d'autres réunions ouvertes", "organiser des consultations ouvertes") == [
        DiffOp("equal", "organiser "),
        DiffOp("delete", "d'autres réunions"),
        DiffOp("insert", "des consultations"),
        DiffOp("equal", " ouvertes"),
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab [] \n,é中", max_size=60), st.text(alphabet="ab [] \n,é中", max_size=60))
def test_diff_rebuilds_both_texts(before: str, after: str) -> None:
    ops = diff_words(before, after)
    assert "".join(op.text for op in ops if op.kind != "insert") == before
    assert "".join(op.text for op in ops if op.kind != "delete") == after


def test_patch_reapplies_a_change_to_a_text_that_moved_on() -> None:
    base = "the Parties shall report every year on progress made"
    mine = "the Parties shall report every two years on progress made"
    theirs = "All the Parties shall report every year on progress made"
    assert (
        apply_patch(make_patch(base, mine), theirs) == "All the Parties shall report every two years on progress made"
    )


def test_patch_that_does_not_apply_exactly_is_refused() -> None:
    base = "the Parties shall report every year"
    mine = "the Parties shall report every two years"
    theirs = "the Parties may decide"
    assert apply_patch(make_patch(base, mine), theirs) is None
