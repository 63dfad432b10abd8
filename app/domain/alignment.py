"""Aligning the paragraphs of two versions of a text by their content (not position, not label).

Labels are renumbered between versions and whole articles move, so paragraphs are matched by what they say:
identical texts first (white space aside), then whole runs of consecutive paragraphs that one paragraph of the
other version contains (a split: one old → several new; a merge: several old → one new), then similar texts —
by the share of word pairs (shingles) they have in common, found through an inverted index, never by diffing
every pair: the best-scoring pairs first (anchors), then unmatched neighbours of matched pairs with a lower
threshold. Matched pairs whose old order is not kept are moves: the longest increasing run of old positions
stays in place, the rest moved. What is left is deleted (old) or added (new).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, pairwise
from typing import Literal

from app.domain.moves import longest_increasing

OpKind = Literal["unchanged", "edited", "split", "merged", "added", "deleted"]

SIMILAR = 0.5  # share of word pairs in common for two paragraphs to be the same paragraph, edited
NEIGHBOUR = 0.3  # the same, between unmatched neighbours of a matched pair
CONTAINED = 0.55  # share of a part's word pairs found in the whole, for a split or merge
COVERED = 0.5  # share of the whole's word pairs that the parts together cover
_WORD = re.compile(r"\w+")  # words only: brackets added or resolved do not make two paragraphs differ
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Op:
    """One step of the alignment: old and new paragraph indices, the kind, and whether it moved."""

    kind: OpKind
    old: tuple[int, ...]
    new: tuple[int, ...]
    moved: bool = False
    similarity: float = 1.0


@dataclass(frozen=True, slots=True)
class Alignment:
    """Every old and every new paragraph in exactly one op; ops in the new text's order, deletions in place."""

    ops: tuple[Op, ...]

    def count(self, kind: OpKind) -> int:
        """How many ops of a kind."""
        return sum(1 for op in self.ops if op.kind == kind)

    @property
    def moved(self) -> int:
        """How many ops moved."""
        return sum(1 for op in self.ops if op.moved)


def normalized(text: str) -> str:
    """A paragraph's text with runs of white space as one space, trimmed: what counts as the same text."""
    return _SPACE.sub(" ", text).strip()


def shingles(text: str) -> frozenset[int]:
    """The hashes of the words and word pairs of a text."""
    words = _WORD.findall(text.lower())
    # Single words too: a short paragraph whose brackets were resolved keeps its words, not its word pairs.
    return frozenset(map(hash, pairwise(words))) | frozenset(hash((word,)) for word in words)


def align(old: Sequence[str], new: Sequence[str]) -> Alignment:
    """Align the old paragraphs' texts with the new ones'."""
    state = _State(old, new)
    state.exact()
    state.forget_taken()
    state.splits_and_merges()
    state.similar()
    state.neighbours()
    return state.result()


class _State:
    def __init__(self, old: Sequence[str], new: Sequence[str]) -> None:
        self.old, self.new = list(old), list(new)
        self.old_norm = [normalized(t) for t in old]
        self.new_norm = [normalized(t) for t in new]
        self.old_sh = [shingles(t) for t in self.old_norm]
        self.new_sh = [shingles(t) for t in self.new_norm]
        self.old_taken: dict[int, int] = {}  # old index → group number
        self.new_taken: dict[int, int] = {}
        self.groups: list[tuple[OpKind, tuple[int, ...], tuple[int, ...], float]] = []
        self.index: dict[int, list[int]] = defaultdict(list)  # shingle → old indices
        # new index → the (old index, shared count) pairs of `shared` when splits and merges looked that have
        # enough in common to be similar, in count order (all the counts of a Geneva revision: 45 MB)
        self.free_shared: dict[int, list[tuple[int, int]]] = {}
        for i, found in enumerate(self.old_sh):
            for shingle in found:
                self.index[shingle].append(i)

    def take(self, kind: OpKind, old: tuple[int, ...], new: tuple[int, ...], score: float = 1.0) -> None:
        number = len(self.groups)
        self.groups.append((kind, old, new, score))
        for i in old:
            self.old_taken[i] = number
        for j in new:
            self.new_taken[j] = number

    def exact(self) -> None:
        by_text: dict[str, list[int]] = defaultdict(list)
        for i, text in enumerate(self.old_norm):
            by_text[text].append(i)
        repeated: list[int] = []
        in_new = Counter(self.new_norm)
        for j, text in enumerate(self.new_norm):
            waiting = by_text.get(text)
            if waiting and len(waiting) == 1 and in_new[text] == 1:
                self.take("unchanged" if self.old[waiting[0]] == self.new[j] else "edited", (waiting[0],), (j,))
            elif waiting:
                repeated.append(j)
        # a text found several times: each new one takes the free old one nearest where its neighbours put it
        for j in repeated:
            free = [i for i in by_text[self.new_norm[j]] if i not in self.old_taken]
            if free:
                expected = self._expected(j)
                i = min(free, key=lambda i: (abs(i - expected), i))
                self.take("unchanged" if self.old[i] == self.new[j] else "edited", (i,), (j,))

    def _expected(self, j: int) -> int:
        """Where new paragraph j would be in the old text, judging by the nearest matched paragraph before it."""
        for k in range(j - 1, -1, -1):
            if k in self.new_taken:
                return max(self.groups[self.new_taken[k]][1]) + (j - k)
        return j

    def shared(self, j: int) -> dict[int, int]:
        """For new paragraph j, how many shingles each old paragraph still in the index shares with it (after
        `forget_taken`, the free ones)."""
        # Counted in C: a common word's shingle lists hundreds of paragraphs (issue 15: 2 s of a Geneva revision).
        return Counter(chain.from_iterable(self.index.get(shingle, ()) for shingle in self.new_sh[j]))

    def forget_taken(self) -> None:
        """Leave the paragraphs already matched out of the index: only free ones are ever counted."""
        for shingle, found in list(self.index.items()):
            free = [i for i in found if i not in self.old_taken]
            if free:
                self.index[shingle] = free
            else:
                del self.index[shingle]

    def splits_and_merges(self) -> None:
        # Each free new paragraph's counts are read once, before any split is taken; only what can make a split,
        # a merge or (`similar`) an edit is kept.
        best_old: dict[int, int] = {}
        contained: dict[int, list[tuple[int, int]]] = {}  # new j → (old i, shared) mostly found in j, in count order
        for j in range(len(self.new)):
            if j in self.new_taken:
                continue
            counts = self.shared(j)
            size = len(self.new_sh[j])
            fits = [(n / size, i) for i, n in counts.items() if size and n / size >= CONTAINED]
            if fits:
                best_old[j] = max(fits, key=lambda pair: (pair[0], -pair[1]))[1]
            contained[j] = [
                (i, n) for i, n in counts.items() if self.old_sh[i] and n / len(self.old_sh[i]) >= CONTAINED
            ]
            # 2n / (size_i + size_j) ≥ SIMILAR needs n ≥ SIMILAR · size_j / 2: most pairs share a common word only.
            least = SIMILAR * size / 2
            self.free_shared[j] = [(i, n) for i, n in counts.items() if n >= least]
        # a split: consecutive new paragraphs, each mostly found in the same old one
        for run, i in _runs(sorted(best_old), best_old):
            covered = set().union(*(self.new_sh[j] for j in run)) & self.old_sh[i]
            if len(run) > 1 and i not in self.old_taken and len(covered) >= COVERED * len(self.old_sh[i]):
                if not _substantial([self.new_sh[j] & self.old_sh[i] for j in run], len(self.old_sh[i])):
                    continue
                self.take("split", (i,), tuple(run), len(covered) / max(1, len(self.old_sh[i])))
        # a merge: consecutive old paragraphs, each mostly found in the same new one
        best_new: dict[int, int] = {}
        for j, found in contained.items():
            if j in self.new_taken:
                continue
            for i, n in found:
                if i not in best_new or n / len(self.old_sh[i]) > self._containment(i, best_new[i]):
                    best_new[i] = j
        for run, j in _runs(sorted(best_new), best_new):
            covered = set().union(*(self.old_sh[i] for i in run)) & self.new_sh[j]
            if len(run) > 1 and j not in self.new_taken and len(covered) >= COVERED * len(self.new_sh[j]):
                parts = [self.old_sh[i] & self.new_sh[j] for i in run]
                if _substantial(parts, len(self.new_sh[j])) and not any(i in self.old_taken for i in run):
                    self.take("merged", tuple(run), (j,), len(covered) / max(1, len(self.new_sh[j])))

    def _containment(self, i: int, j: int) -> float:
        size = len(self.old_sh[i])
        return len(self.old_sh[i] & self.new_sh[j]) / size if size else 0.0

    def score(self, i: int, j: int, shared: int) -> float:
        total = len(self.old_sh[i]) + len(self.new_sh[j])
        return 2 * shared / total if total else 1.0

    def similar(self) -> None:
        pairs: list[tuple[float, int, int]] = []
        for j in range(len(self.new)):
            if j in self.new_taken:
                continue
            for i, n in self.free_shared[j]:  # counted once, for splits and merges, with n ≥ SIMILAR · size_j / 2
                if i in self.old_taken:
                    continue
                score = self.score(i, j, n)
                if score >= SIMILAR:
                    pairs.append((score, i, j))
        for score, i, j in sorted(pairs, key=lambda p: (-p[0], p[2], p[1])):
            if i not in self.old_taken and j not in self.new_taken:
                self.take("edited", (i,), (j,), score)

    def neighbours(self) -> None:
        changed = True
        while changed:
            changed = False
            for j in range(len(self.new)):
                if j in self.new_taken:
                    continue
                for i in self._neighbour_candidates(j):
                    if i not in self.old_taken:
                        score = self.score(i, j, len(self.old_sh[i] & self.new_sh[j]))
                        if score >= NEIGHBOUR:
                            self.take("edited", (i,), (j,), score)
                            changed = True
                            break

    def _neighbour_candidates(self, j: int) -> list[int]:
        found = []
        if j > 0 and j - 1 in self.new_taken:
            found.append(max(self.groups[self.new_taken[j - 1]][1]) + 1)
        if j + 1 < len(self.new) and j + 1 in self.new_taken:
            found.append(min(self.groups[self.new_taken[j + 1]][1]) - 1)
        return [i for i in found if 0 <= i < len(self.old)]

    def result(self) -> Alignment:
        order = sorted(range(len(self.groups)), key=lambda g: min(self.groups[g][2]))
        staying = _increasing(order, [min(self.groups[g][1]) for g in order])
        ops: list[Op] = []
        placed_old: set[int] = set()
        deleted = [i for i in range(len(self.old)) if i not in self.old_taken]
        for g in order:
            kind, old, new, score = self.groups[g]
            before = [i for i in deleted if i < min(old) and i not in placed_old]
            if g in staying:
                for i in before:
                    ops.append(Op("deleted", (i,), (), similarity=0.0))
                    placed_old.add(i)
            ops.append(Op(kind, old, new, moved=g not in staying, similarity=round(score, 3)))
        for i in deleted:
            if i not in placed_old:
                ops.append(Op("deleted", (i,), (), similarity=0.0))
        added = [j for j in range(len(self.new)) if j not in self.new_taken]
        return Alignment(tuple(_with_added(ops, added)))


def _with_added(ops: list[Op], added: list[int]) -> list[Op]:
    """Put each added paragraph before the first op whose new paragraphs come after it."""
    result: list[Op] = []
    pending = list(added)
    for op in ops:
        while pending and op.new and pending[0] < min(op.new):
            result.append(Op("added", (), (pending.pop(0),), similarity=0.0))
        result.append(op)
    result.extend(Op("added", (), (j,), similarity=0.0) for j in pending)
    return result


def _substantial(parts: list[frozenset[int]], whole: int) -> bool:
    """Each part brings a real share of the whole (a short heading inside a long paragraph is no split of it)."""
    return all(len(part) >= max(6, 0.05 * whole) for part in parts)


def _runs(keys: list[int], target: dict[int, int]) -> list[tuple[list[int], int]]:
    """Runs of consecutive keys that map to the same target."""
    runs: list[tuple[list[int], int]] = []
    for key in keys:
        if runs and runs[-1][0][-1] == key - 1 and runs[-1][1] == target[key]:
            runs[-1][0].append(key)
        else:
            runs.append(([key], target[key]))
    return runs


def _increasing(items: list[int], values: list[int]) -> set[int]:
    """The items on a longest strictly increasing subsequence of their values."""
    return {items[k] for k in longest_increasing(values)}
