"""Redlines: the word-level difference between two texts of one paragraph, each change attributed to a step.

A paragraph goes from its `before` text to its `after` text through recorded steps (each an edit with its own
before and after text, made by someone). The redline is the direct word diff of `before` and `after`
(`app.domain.diff.diff_words`); every inserted character is attributed to the step that inserted it and every
deleted one to the step that deleted it, found by replaying the steps over a map of where each character came
from. Where the recorded steps do not chain (a change that left no step), the gap is bridged by an unattributed
diff, so attribution is best effort and the ops are always exactly the direct diff. Deterministic: the same
inputs give the same ops.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.diff import OpKind, diff_words

# A character's origin: an index >= 0 into `before`, UNKNOWN (inserted by no recorded step), or -(step + 2).
UNKNOWN = -1


@dataclass(frozen=True, slots=True)
class Step:
    """One recorded edit of a paragraph: its text before and after."""

    before: str
    after: str


@dataclass(frozen=True, slots=True)
class RedlineOp:
    """A run of the redline: kept, inserted or deleted text; `step` is the index of the step that made it."""

    kind: OpKind
    text: str
    step: int | None = None


@dataclass(frozen=True, slots=True)
class SideBySide:
    """The two columns of a side-by-side redline: the old text (equal and deleted runs) and the new one."""

    before: tuple[RedlineOp, ...]
    after: tuple[RedlineOp, ...]


@dataclass(slots=True)
class _Replay:
    """Where each character of the current text came from, and which step deleted each character of `before`."""

    text: str
    origins: list[int]
    deleted_by: dict[int, int | None]

    def advance(self, target: str, step: int | None) -> None:
        """Move the current text to `target`, attributing what changes to `step`."""
        if target == self.text:
            return
        origins: list[int] = []
        at = 0
        for op in diff_words(self.text, target):
            size = len(op.text)
            if op.kind == "equal":
                origins.extend(self.origins[at : at + size])
                at += size
            elif op.kind == "delete":
                for origin in self.origins[at : at + size]:
                    if origin >= 0:
                        self.deleted_by[origin] = step
                at += size
            else:
                origins.extend([UNKNOWN if step is None else -(step + 2)] * size)
        self.text, self.origins = target, origins


def redline(before: str, after: str, steps: Sequence[Step] = ()) -> list[RedlineOp]:
    """The word diff of `before` and `after`, each inserted or deleted run split by the step that made it."""
    if before == after:
        return [RedlineOp("equal", before)] if before else []
    if not steps:
        return [RedlineOp(op.kind, op.text) for op in diff_words(before, after)]  # nothing to attribute
    replay = _Replay(before, list(range(len(before))), {})
    for index, step in enumerate(steps):
        replay.advance(step.before, None)
        replay.advance(step.after, index)
    replay.advance(after, None)
    ops: list[RedlineOp] = []
    a = b = 0
    for op in diff_words(before, after):
        size = len(op.text)
        if op.kind == "equal":
            ops.append(RedlineOp("equal", op.text))
            a += size
            b += size
        elif op.kind == "delete":
            ops.extend(_split(op.kind, op.text, [replay.deleted_by.get(i) for i in range(a, a + size)]))
            a += size
        else:
            ops.extend(_split(op.kind, op.text, [_inserting_step(o) for o in replay.origins[b : b + size]]))
            b += size
    return _fill_regions(ops)


def _inserting_step(origin: int) -> int | None:
    return -origin - 2 if origin <= -2 else None


def _fill_regions(ops: list[RedlineOp]) -> list[RedlineOp]:
    """Give unattributed runs the step of their changed region (the run before them, else the one after).

    The direct diff may cut a region differently from the recorded steps (delete and re-insert words a step
    kept), leaving runs no step made by itself; they belong to the edit that changed the region around them.
    """
    filled = list(ops)
    start = 0
    while start < len(filled):
        if filled[start].kind == "equal":
            start += 1
            continue
        end = start
        while end < len(filled) and filled[end].kind != "equal":
            end += 1
        known = [op.step for op in filled[start:end] if op.step is not None]
        if known:
            last = known[0]
            for index in range(start, end):
                op = filled[index]
                if op.step is None:
                    filled[index] = RedlineOp(op.kind, op.text, last)
                else:
                    last = op.step
        start = end
    return _merged(filled)


def _merged(ops: list[RedlineOp]) -> list[RedlineOp]:
    """Adjacent runs of the same kind and step as one."""
    merged: list[RedlineOp] = []
    for op in ops:
        if merged and merged[-1].kind == op.kind and merged[-1].step == op.step:
            merged[-1] = RedlineOp(op.kind, merged[-1].text + op.text, op.step)
        else:
            merged.append(op)
    return merged


def _split(kind: OpKind, text: str, steps: list[int | None]) -> list[RedlineOp]:
    """Runs of `text` of one step each; a run is cut only where its step changes."""
    runs: list[RedlineOp] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or steps[index] != steps[start]:
            runs.append(RedlineOp(kind, text[start:index], steps[start]))
            start = index
    return runs


def side_by_side(ops: Sequence[RedlineOp]) -> SideBySide:
    """Split a redline into the old column (equal and deleted runs) and the new one (equal and inserted runs)."""
    return SideBySide(
        before=tuple(op for op in ops if op.kind != "insert"),
        after=tuple(op for op in ops if op.kind != "delete"),
    )


def changed(ops: Sequence[RedlineOp]) -> bool:
    """True when the redline inserts or deletes anything."""
    return any(op.kind != "equal" for op in ops)


def word_count(ops: Sequence[RedlineOp], kind: OpKind) -> int:
    """How many words the runs of one kind hold (a rough measure for summaries)."""
    return sum(len(op.text.split()) for op in ops if op.kind == kind)
