"""Which paragraphs moved: those outside one longest increasing run of their old places."""

from __future__ import annotations

import itertools
import random

from app.domain.moves import longest_increasing, moved


def _is_increasing(values: list[int], indices: set[int]) -> bool:
    chosen = [values[i] for i in sorted(indices)]
    return all(a < b for a, b in itertools.pairwise(chosen))


def _longest_by_brute_force(values: list[int]) -> int:
    for size in range(len(values), 0, -1):
        if any(_is_increasing(values, set(c)) for c in itertools.combinations(range(len(values)), size)):
            return size
    return 0


def test_one_paragraph_moved_to_the_end_or_the_start_is_the_only_move() -> None:
    assert moved([1, 2, 3, 4, 0]) == {4}
    assert moved([4, 0, 1, 2, 3]) == {0}
    assert moved([0, 1, 2, 3]) == set()
    assert moved([]) == set()


def test_a_swap_moves_one_of_the_two_and_a_reversal_all_but_one() -> None:
    assert len(moved([1, 0])) == 1
    assert len(moved([0, 2, 1, 3])) == 1
    assert len(moved([4, 3, 2, 1, 0])) == 4


def test_the_run_kept_is_increasing_and_as_long_as_any() -> None:
    chance = random.Random(11)
    for _ in range(200):
        values = chance.sample(range(20), chance.randint(0, 9))
        kept = longest_increasing(values)
        assert _is_increasing(values, kept)
        assert len(kept) == _longest_by_brute_force(values)
        assert longest_increasing(values) == kept  # deterministic
