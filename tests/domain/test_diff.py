"""Word-level diffs through diff-match-patch: tokens, scripts without spaces, anchors, both engines, patches."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.anchors import unique_anchors
from app.domain.diff import ANCHOR_MIN, DiffOp, accelerated, apply_patch, diff_words, make_patch, tokenize


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


def test_unique_anchors_keep_the_longest_run_in_order() -> None:
    # "c" occurs twice in b and "x" once in a only: neither anchors; "e" moved before "b" and cannot keep both.
    assert unique_anchors("abcdex", "aecbdc") == [(0, 0), (1, 3), (3, 4)]
    assert unique_anchors("", "abc") == []


def _long_text(seed: int, words: int) -> str:
    rng = random.Random(seed)
    vocabulary = [f"w{n}" for n in range(3_000)] + ["the", "of", "and", "[", "]", ",", "."] * 200
    return " ".join(rng.choice(vocabulary) for _ in range(words))


def _revised(text: str, seed: int) -> str:
    rng = random.Random(seed)
    words = text.split(" ")
    for _ in range(len(words) // 20):
        words[rng.randrange(len(words))] = rng.choice(["new", "other", "w9999"])
    start = rng.randrange(len(words) - 50)
    moved = words[start : start + 40]
    del words[start : start + 40]
    position = rng.randrange(len(words))
    return " ".join(words[:position] + moved + words[position:])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_long_texts_are_anchored_and_rebuild_both_sides(seed: int) -> None:
    before = _long_text(seed, 3 * ANCHOR_MIN)
    after = _revised(before, seed)
    ops = diff_words(before, after)
    assert "".join(op.text for op in ops if op.kind != "insert") == before
    assert "".join(op.text for op in ops if op.kind != "delete") == after
    changed = sum(len(op.text.split()) for op in ops if op.kind != "equal")
    assert changed < len(before.split()) // 4  # a word here and there and one moved passage, not a rewrite


@pytest.mark.skipif(not accelerated(), reason="fast-diff-match-patch is not installed")
@pytest.mark.parametrize("seed", [4, 5])
def test_the_c_plus_plus_diff_gives_the_same_results_as_the_pure_library(seed: int) -> None:
    before = _long_text(seed, 3 * ANCHOR_MIN)
    after = _revised(before, seed)
    assert diff_words(before, after) == diff_words(before, after, accelerate=False)


@pytest.mark.skipif(not accelerated(), reason="fast-diff-match-patch is not installed")
@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab [] \n,é中", max_size=80), st.text(alphabet="ab [] \n,é中", max_size=80))
def test_both_engines_agree_on_short_texts(before: str, after: str) -> None:
    assert diff_words(before, after) == diff_words(before, after, accelerate=False)
