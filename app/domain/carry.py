"""Carrying bracket sets across versions: which sets of the old paragraphs live on in the new ones.

A next version of a text, written outside the tool, comes without identities: its bracket sets are just brackets.
`carry` gives the new paragraphs' sets, alternatives and placeholders the keys of the old ones they continue, so
that sponsors, supporters and objectors stay with them: a set whose alternatives are the same keeps its key, then
a set that shares at least one (non-empty) alternative's words; within a kept set each alternative keeps its key
when its words are the same (or, for an alternative holding nested sets, when its words are mostly the same).
An old set that is carried nowhere ended: it was resolved when exactly one of its alternatives' words stand in
the new text, unbracketed, where the set stood; otherwise it was dropped.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from app.domain.alignment import normalized, shingles
from app.domain.render import render_inlines
from app.domain.tree import Alternative, BracketSet, Footnote, Inline, Placeholder
from app.domain.walk import iter_inline_events, placeholders_in

CONTEXT = 20  # characters (white space aside) either side of a set that place its words in the new text
LONG = 12  # an alternative this long (white space aside) is found by its words alone
_SPACE = re.compile(r"\s+")
_BRACKET = re.compile(r"[\[\]]")
_MARK = "\x00"  # stands for a bracket set in a text searched for unbracketed words


@dataclass(frozen=True, slots=True)
class _OldSet:
    node: BracketSet
    texts: tuple[str, ...]  # each alternative's words, normalized
    before: str  # the squashed words just before the set in its old paragraph
    after: str


@dataclass(slots=True)
class Carried:
    """The new paragraphs' content with the old keys they keep, and what became of the old sets left behind."""

    contents: list[tuple[Inline, ...]]
    kept: set[int] = field(default_factory=set)  # the keys of the sets carried into the new content
    resolved: dict[int, int] = field(default_factory=dict)  # old set key → key of the alternative that stands
    dropped: list[int] = field(default_factory=list)  # old set keys


def carry(old: Sequence[Sequence[Inline]], new: Sequence[Sequence[Inline]]) -> Carried:
    """Key the new paragraphs' content (one aligned group) from the old paragraphs' keyed content."""
    sets = [found for content in old for found in _sets_with_context(content)]
    placeholders: dict[str, list[int]] = {}
    for content in old:
        for node in placeholders_in(content):
            if node.key is not None:
                placeholders.setdefault(node.text, []).append(node.key)
    new_sets = [s for content in new for s in _new_sets(content)]
    texts = {id(node): tuple(normalized(render_inlines(a.content)) for a in node.alternatives) for node in new_sets}
    chosen = _choose(sets, new_sets, texts)
    contents = [_keyed(content, chosen, placeholders, texts) for content in new]
    kept = {key for content in contents for key in _keys(content)}
    result = Carried(contents, kept)
    plain = _squash("".join(_unbracketed(content) for content in new))
    for old_set in sets:
        key = old_set.node.key
        if key is None or key in kept:
            continue
        standing = _standing(old_set, plain)
        if standing is not None:
            result.resolved[key] = standing
        else:
            result.dropped.append(key)
    return result


def _choose(old: list[_OldSet], new: list[BracketSet], texts: dict[int, tuple[str, ...]]) -> dict[int, _OldSet]:
    """For each new set (by id of the node), the old set it continues: same alternatives first, then shared."""
    chosen: dict[int, _OldSet] = {}
    used: set[int] = set()
    by_signature: dict[tuple[str, ...], deque[int]] = {}
    by_text: dict[str, list[int]] = {}
    nesting = [k for k, c in enumerate(old) if any(_nests(a) for a in c.node.alternatives)]
    for k, candidate in enumerate(old):
        by_signature.setdefault(candidate.texts, deque()).append(k)
        for text in set(candidate.texts) - {""}:
            by_text.setdefault(text, []).append(k)
    for node in new:
        waiting = by_signature.get(texts[id(node)])
        if waiting:
            k = waiting.popleft()
            chosen[id(node)] = old[k]
            used.add(k)
    for node in new:
        if id(node) in chosen:
            continue
        signature = texts[id(node)]
        shared: Counter[int] = Counter()
        for text in set(signature) - {""}:
            shared.update(k for k in by_text.get(text, ()) if k not in used)
        if not shared and any(_nests(a) for a in node.alternatives):  # no words in common: nested edits?
            for k in nesting:
                if k not in used:
                    shared[k] += _nested_similar(node, signature, old[k])
        best = max(shared.items(), key=lambda item: (item[1], -item[0]), default=None)
        if best is not None and best[1] > 0:
            chosen[id(node)] = old[best[0]]
            used.add(best[0])
    return chosen


def _nested_similar(node: BracketSet, signature: tuple[str, ...], old: _OldSet) -> int:
    """How many of a new set's alternatives holding nested sets continue one of an old set's, their words changed."""
    count = 0
    for alternative, text in zip(node.alternatives, signature, strict=True):
        if text not in old.texts and _nests(alternative):
            pairs = zip(old.node.alternatives, old.texts, strict=True)
            count += any(_nests(a) and _similar(t, text) for a, t in pairs)
    return count


def _keyed(
    content: Sequence[Inline],
    chosen: dict[int, _OldSet],
    placeholders: dict[str, list[int]],
    texts: dict[int, tuple[str, ...]],
) -> tuple[Inline, ...]:
    result: list[Inline] = []
    for node in content:
        if isinstance(node, BracketSet):
            result.append(_keyed_set(node, chosen, placeholders, texts))
        elif isinstance(node, Footnote):
            result.append(replace(node, content=_keyed(node.content, chosen, placeholders, texts)))
        elif isinstance(node, Placeholder) and placeholders.get(node.text):
            result.append(replace(node, key=placeholders[node.text].pop(0)))
        else:
            result.append(node)
    return tuple(result)


def _keyed_set(
    node: BracketSet,
    chosen: dict[int, _OldSet],
    placeholders: dict[str, list[int]],
    texts: dict[int, tuple[str, ...]],
) -> BracketSet:
    inner = [_keyed(a.content, chosen, placeholders, texts) for a in node.alternatives]
    old = chosen.get(id(node))
    if old is None:
        return BracketSet(tuple(Alternative(c) for c in inner), node.separators)
    free = list(zip(old.texts, old.node.alternatives, strict=True))
    alternatives: list[Alternative | None] = []
    for text in texts[id(node)]:
        match = next((pair for pair in free if pair[0] == text), None)
        if match is not None:
            free.remove(match)
        alternatives.append(match[1] if match else None)
    for k, alternative in enumerate(node.alternatives):  # an alternative whose nested sets changed
        if alternatives[k] is None and _nests(alternative):
            match = next((p for p in free if _nests(p[1]) and _similar(p[0], texts[id(node)][k])), None)
            if match is not None:
                free.remove(match)
                alternatives[k] = match[1]
    keyed = tuple(
        Alternative(content, key=old_alt.key, original=old_alt.original) if old_alt else Alternative(content)
        for content, old_alt in zip(inner, alternatives, strict=True)
    )
    return BracketSet(keyed, node.separators, key=old.node.key)


def _nests(alternative: Alternative) -> bool:
    return any(isinstance(node, BracketSet) for node in alternative.content)


@lru_cache(maxsize=256)
def _shingles_of(text: str) -> frozenset[int]:
    return shingles(normalized(text))


def _similar(a: str, b: str) -> bool:
    first, second = _shingles_of(a), _shingles_of(b)
    total = len(first) + len(second)
    return bool(total) and 2 * len(first & second) / total >= 0.5


def _standing(old: _OldSet, plain: str) -> int | None:
    """The key of the one alternative whose words stand unbracketed where the set stood, if exactly one does."""
    hits = []
    for text, alternative in zip(old.texts, old.node.alternatives, strict=True):
        words = _squash(text)
        if not words:
            continue
        placed = (old.before and old.before + words in plain) or (old.after and words + old.after in plain)
        if placed or (len(words) >= LONG and words in plain):
            hits.append(alternative.key)
    return hits[0] if len(hits) == 1 else None


def _sets_with_context(content: Sequence[Inline]) -> list[_OldSet]:
    """Every keyed set of a paragraph (nested ones included), with the words around it: one walk, no re-rendering."""
    parts: list[str] = []
    offset = 0
    starts: dict[int, int] = {}
    found: list[tuple[BracketSet, int, int]] = []
    for event in iter_inline_events(content):
        if event.kind == "set":
            starts[id(event.node)] = offset
        elif event.kind == "end_set" and isinstance(event.node, BracketSet):
            found.append((event.node, starts[id(event.node)], offset))
        parts.append(event.text)
        offset += len(event.text)
    rendered = "".join(parts)
    result = []
    for node, begin, end in found:
        if node.key is None:
            continue
        before = _squash(_BRACKET.split(rendered[max(0, begin - 10 * CONTEXT) : begin])[-1])[-CONTEXT:]
        after = _squash(_BRACKET.split(rendered[end : end + 10 * CONTEXT])[0])[:CONTEXT]
        alternatives = tuple(normalized(render_inlines(a.content)) for a in node.alternatives)
        result.append(_OldSet(node, alternatives, before, after))
    return result


def _all_sets(content: Sequence[Inline]) -> list[BracketSet]:
    found: list[BracketSet] = []
    stack = list(reversed(content))
    while stack:
        node = stack.pop()
        if isinstance(node, BracketSet):
            found.append(node)
            for alternative in reversed(node.alternatives):
                stack.extend(reversed(alternative.content))
        elif isinstance(node, Footnote):
            stack.extend(reversed(node.content))
    return found


def _new_sets(content: Sequence[Inline]) -> list[BracketSet]:
    return _all_sets(content)


def _keys(content: Sequence[Inline]) -> set[int]:
    return {node.key for node in _all_sets(content) if node.key is not None}


def _unbracketed(content: Sequence[Inline]) -> str:
    """The text outside every bracket set (each set a mark), where a resolved set's words would stand."""
    return "".join(
        _MARK if isinstance(node, BracketSet) else render_inlines((node,)) if not isinstance(node, Footnote) else ""
        for node in content
    )


def _squash(text: str) -> str:
    return _SPACE.sub("", text)
