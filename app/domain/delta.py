"""Compact differences between two versions of a text, so a text's history is kept without whole copies.

A delta lists the pieces of the new text in order: a copy of a stretch of the old text (`[start, length]`) or
new characters (a string). Pieces are found as rsync finds them: the old text is indexed by fixed-size blocks,
the new text is scanned for those blocks, and every match is grown in both directions; what matches nothing is
kept as new characters. A delta is always exact, small when the two texts share long stretches, and made in time
proportional to the texts plus the unmatched characters.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from app.domain.errors import DomainError

BLOCK = 32  # a copy costs about ten bytes, so shorter shared stretches are not worth looking for
_FIRST_STEP = 64

Piece = list[int] | str
Delta = list[Piece]


class DeltaError(DomainError):
    """A stored delta that does not fit the text it is applied to, or is not a delta at all."""


def make_delta(old: str, new: str) -> Delta:
    """The pieces that build `new` from `old`."""
    head = _forward(old, 0, new, 0, min(len(old), len(new)))
    tail = _backward(old, len(old), new, len(new), min(len(old), len(new)) - head)
    pieces: Delta = [[0, head]] if head else []
    pieces += _middle(old, new, head, len(new) - tail, len(old) - tail)
    if tail:
        pieces.append([len(old) - tail, tail])
    return _merged(pieces)


def apply_delta(old: str, delta: Delta) -> str:
    """The text a delta builds from `old`; DeltaError when a copy reaches outside `old`."""
    out: list[str] = []
    for piece in delta:
        if isinstance(piece, str):
            out.append(piece)
            continue
        start, length = piece
        if start < 0 or length < 0 or start + length > len(old):
            raise DeltaError(f"a copy of {length} characters at {start} reaches outside a text of {len(old)}")
        out.append(old[start : start + length])
    return "".join(out)


def encode(delta: Delta) -> str:
    """A delta as compact JSON."""
    return json.dumps(delta, ensure_ascii=False, separators=(",", ":"))


def decode(stored: str) -> Delta:
    """A delta back from its JSON; DeltaError when the JSON is not a list of copies and strings."""
    try:
        data: Any = json.loads(stored)
    except ValueError as error:
        raise DeltaError(f"not a delta ({error})") from None
    if not isinstance(data, list) or not all(_is_piece(piece) for piece in data):
        raise DeltaError("not a delta: expected a list of [start, length] copies and strings")
    return data


def fingerprint(text: str) -> str:
    """A short digest of a text, to check a rebuilt version against the one that was stored."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _is_piece(piece: Any) -> bool:
    if isinstance(piece, str):
        return True
    return (
        isinstance(piece, list)
        and len(piece) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in piece)
    )


def _middle(old: str, new: str, start: int, end: int, old_end: int) -> Delta:
    """Pieces for new[start:end], copying from old[start:old_end] where blocks of it reappear."""
    index: dict[str, int] = {}
    for at in range(start, old_end - BLOCK + 1, BLOCK):
        index.setdefault(old[at : at + BLOCK], at)
    pieces: Delta = []
    literal = i = start
    while i + BLOCK <= end and index:
        found = index.get(new[i : i + BLOCK])
        if found is None:
            i += 1
            continue
        back = _backward(old, found, new, i, min(found, i - literal))
        ahead = _forward(old, found, new, i, min(len(old) - found, end - i))
        if i - back > literal:
            pieces.append(new[literal : i - back])
        pieces.append([found - back, back + ahead])
        i = literal = i + ahead
    if end > literal:
        pieces.append(new[literal:end])
    return pieces


def _forward(a: str, i: int, b: str, j: int, limit: int) -> int:
    """How many characters a[i:] and b[j:] share from their start (at most `limit`), in growing steps."""
    done, step = 0, _FIRST_STEP
    while done < limit:
        size = min(step, limit - done)
        if a[i + done : i + done + size] == b[j + done : j + done + size]:
            done, step = done + size, step * 2
        elif size == 1:
            break
        else:
            step = max(1, size // 2)
    return done


def _backward(a: str, i: int, b: str, j: int, limit: int) -> int:
    """How many characters a[:i] and b[:j] share at their end (at most `limit`)."""
    done, step = 0, _FIRST_STEP
    while done < limit:
        size = min(step, limit - done)
        if a[i - done - size : i - done] == b[j - done - size : j - done]:
            done, step = done + size, step * 2
        elif size == 1:
            break
        else:
            step = max(1, size // 2)
    return done


def _merged(pieces: Delta) -> Delta:
    """Adjacent copies of adjacent stretches become one copy."""
    merged: Delta = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if isinstance(piece, list) and isinstance(last, list) and last[0] + last[1] == piece[0]:
            merged[-1] = [last[0], last[1] + piece[1]]
        elif isinstance(piece, str) and isinstance(last, str):
            merged[-1] = last + piece
        elif piece:
            merged.append(piece)
    return merged
