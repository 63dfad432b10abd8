"""Paragraph alignment between two versions: each kind of change on small fixtures, and the Geneva text's size."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app import domain
from app.domain.alignment import Op, align

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

A = "The Parties shall communicate their nationally determined contributions every five years."
B = "Developed country Parties shall continue to take the lead by undertaking economy-wide targets."
C = "Support shall be provided to developing country Parties for the implementation of this Article."
D = "The CMA shall decide on common timeframes for contributions at its first session."
E = "Each Party shall account for its contributions in accordance with guidance adopted by the CMA."


def kinds(ops: tuple[Op, ...]) -> list[tuple[str, tuple[int, ...], tuple[int, ...], bool]]:
    return [(op.kind, op.old, op.new, op.moved) for op in ops]


def test_identical_texts_are_unchanged_whatever_their_labels() -> None:
    result = align([A, B, C], [A, B, C])
    assert kinds(result.ops) == [("unchanged", (i,), (i,), False) for i in range(3)]


def test_an_edited_paragraph_is_matched_by_its_words() -> None:
    edited = B.replace("shall continue", "[shall][should] continue")
    result = align([A, B, C], [A, edited, C])
    assert kinds(result.ops)[1] == ("edited", (1,), (1,), False)
    assert 0.5 <= result.ops[1].similarity < 1


def test_white_space_alone_is_an_edit_of_the_same_paragraph() -> None:
    result = align([A], ["  " + A.replace(" ", "  ")])
    assert kinds(result.ops) == [("edited", (0,), (0,), False)]


def test_a_moved_paragraph_is_one_move_not_a_deletion_and_an_addition() -> None:
    result = align([A, B, C, D, E], [A, C, D, B, E])
    assert kinds(result.ops) == [
        ("unchanged", (0,), (0,), False),
        ("unchanged", (2,), (1,), False),
        ("unchanged", (3,), (2,), False),
        ("unchanged", (1,), (3,), True),
        ("unchanged", (4,), (4,), False),
    ]
    assert result.moved == 1


def test_a_moved_and_edited_paragraph() -> None:
    result = align([A, B, C, D], [D.replace("first", "second"), A, B, C])
    assert kinds(result.ops)[0] == ("edited", (3,), (0,), True)
    assert result.moved == 1


def test_a_split_paragraph() -> None:
    result = align([A, B + " " + C, D], [A, B, C, D])
    assert kinds(result.ops) == [
        ("unchanged", (0,), (0,), False),
        ("split", (1,), (1, 2), False),
        ("unchanged", (2,), (3,), False),
    ]


def test_merged_paragraphs() -> None:
    result = align([A, B, C, D], [A, B + " " + C, D])
    assert kinds(result.ops) == [
        ("unchanged", (0,), (0,), False),
        ("merged", (1, 2), (1,), False),
        ("unchanged", (3,), (2,), False),
    ]


def test_added_and_deleted_paragraphs_keep_their_places() -> None:
    result = align([A, B, C], [A, C, D])
    assert kinds(result.ops) == [
        ("unchanged", (0,), (0,), False),
        ("deleted", (1,), (), False),
        ("unchanged", (2,), (1,), False),
        ("added", (), (2,), False),
    ]


def test_a_short_paragraph_contained_in_a_long_one_is_no_split() -> None:
    heading = "Article 4"
    result = align([A + " Article 4 applies.", B], [A + " Article 4 applies here.", heading, B])
    assert ("added", (), (1,), False) in kinds(result.ops)
    assert result.count("split") == 0


def test_repeated_paragraphs_pair_in_order() -> None:
    result = align(["Option 1:", A, "Option 1:", B], ["Option 1:", B, "Option 1:", A])
    assert sorted(op.old for op in result.ops) == [(0,), (1,), (2,), (3,)]
    assert result.count("unchanged") == 4


def test_the_geneva_text_with_sections_moved() -> None:
    text = (CORPUS / "unfccc-geneva-negotiating-text-2015-02-12.txt").read_text(encoding="utf-8")
    old = [domain.render_inlines(p.content) for p in domain.parse(text).paragraphs]
    assert len(old) > 140
    new = old[:20] + old[40:90] + old[20:40] + old[90:]
    result = align(old, new)
    assert result.count("unchanged") == len(old)
    moved = sorted(op.old[0] for op in result.ops if op.moved)
    assert moved == list(range(20, 40)), moved


SENTENCES = [A, B, C, D, E, "Option 1:", "Option 1:", "", "Article 4", A + " " + B, "Parties [shall][should] act."]


@settings(max_examples=200, deadline=None)
@given(
    old=st.lists(st.sampled_from(SENTENCES), max_size=12),
    new=st.lists(st.sampled_from(SENTENCES) | st.text(max_size=30), max_size=12),
)
def test_every_paragraph_is_in_exactly_one_step_and_the_steps_follow_the_new_order(
    old: list[str], new: list[str]
) -> None:
    result = align(old, new)
    assert sorted(i for op in result.ops for i in op.old) == list(range(len(old)))
    assert sorted(j for op in result.ops for j in op.new) == list(range(len(new)))
    placed = [j for op in result.ops for j in op.new]
    assert placed == sorted(placed)
    for op in result.ops:
        assert (op.kind == "deleted") == (not op.new) and (op.kind == "added") == (not op.old)
        assert op.kind != "unchanged" or [old[i] for i in op.old] == [new[j] for j in op.new]


@given(order=st.permutations(list(range(5))))
def test_a_permutation_moves_the_fewest_paragraphs(order: list[int]) -> None:
    old = [A, B, C, D, E]
    result = align(old, [old[k] for k in order])
    assert result.count("unchanged") == 5
    longest = max(_increasing_length(order[k:]) for k in range(len(order)))
    assert result.moved == 5 - longest


def _increasing_length(values: list[int]) -> int:
    best = [1] * len(values)
    for k in range(len(values)):
        for m in range(k):
            if values[m] < values[k]:
                best[k] = max(best[k], best[m] + 1)
    return max(best, default=0)
