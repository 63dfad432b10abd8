"""Which items of a reordered sequence moved: those outside one longest increasing run of their old places.

Two versions of a document list the paragraphs they share in their own orders. Reading the new order's old
positions, the paragraphs that kept their relative order are a longest increasing subsequence; every other one
is shown as moved. That is the fewest moves that explain the new order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence


def longest_increasing(values: Sequence[int]) -> set[int]:
    """Indices (into `values`) of one longest strictly increasing subsequence; deterministic (O(n log n))."""
    tails: list[int] = []  # tails[k]: the smallest value ending an increasing run of length k + 1
    ends: list[int] = []  # ends[k]: the index of that value
    previous: list[int] = [-1] * len(values)
    for index, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            ends.append(index)
        else:
            tails[k] = value
            ends[k] = index
        previous[index] = ends[k - 1] if k else -1
    kept: set[int] = set()
    index = ends[-1] if ends else -1
    while index >= 0:
        kept.add(index)
        index = previous[index]
    return kept


def moved(old_positions: Sequence[int]) -> set[int]:
    """Indices of the items that moved, given each item's old position in its new order."""
    kept = longest_increasing(old_positions)
    return {index for index in range(len(old_positions)) if index not in kept}
