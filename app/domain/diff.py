"""Word-level differences: the one module that wraps diff-match-patch.

Texts are cut into tokens (words, runs of white space, single punctuation marks; each character of a script
written without spaces, such as Chinese or Japanese), each distinct token is mapped to one character, the
library diffs those characters with its timeout off and cleans the result up semantically, and the tokens are
mapped back. Any sequence of hashable keys can be diffed the same way (see `diff_keys`).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from diff_match_patch import diff_match_patch

OpKind = Literal["equal", "delete", "insert"]
K = TypeVar("K", bound=Hashable)

_NO_SPACE_SCRIPTS = (
    "\u0e00-\u0e7f"  # Thai
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\uac00-\ud7af"  # Hangul syllables (spaced, but long runs diff better per syllable)
)
_TOKEN = re.compile(
    rf"[{_NO_SPACE_SCRIPTS}]"
    rf"|(?:(?![{_NO_SPACE_SCRIPTS}])\w)+(?:['’\u2011-](?:(?![{_NO_SPACE_SCRIPTS}])\w)+)*"
    r"|\s+"
    r"|.",
    re.DOTALL,
)
_OP_NAMES: dict[int, OpKind] = {0: "equal", -1: "delete", 1: "insert"}
# Tokens are stood for by characters from the private-use area up, which leaves out the surrogates.
_FIRST_CODE = 0xE000


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One run of a difference: text kept, deleted or inserted."""

    kind: OpKind
    text: str


def tokenize(text: str) -> list[str]:
    """Cut a text into words, white-space runs and single other characters; concatenated, they give it back."""
    return _TOKEN.findall(text)


def diff_words(before: str, after: str) -> list[DiffOp]:
    """The word-level difference between two texts, semantically cleaned up, adjacent runs merged."""
    runs = diff_keys(tokenize(before), tokenize(after))
    merged: list[DiffOp] = []
    for kind, tokens in runs:
        text = "".join(tokens)
        if merged and merged[-1].kind == kind:
            merged[-1] = DiffOp(kind, merged[-1].text + text)
        elif text:
            merged.append(DiffOp(kind, text))
    return merged


def diff_keys(before: Sequence[K], after: Sequence[K]) -> list[tuple[OpKind, list[K]]]:
    """Diff two sequences of keys; each run lists the keys of `before` (equal, delete) or `after` (insert)."""
    codes: dict[K, str] = {}
    a = _encode(before, codes)
    b = _encode(after, codes)
    engine = _engine()
    diffs = engine.diff_main(a, b, False)
    engine.diff_cleanupSemantic(diffs)
    runs: list[tuple[OpKind, list[K]]] = []
    i = j = 0
    for op, chars in diffs:
        kind = _OP_NAMES[op]
        if kind == "insert":
            runs.append((kind, list(after[j : j + len(chars)])))
            j += len(chars)
        else:
            runs.append((kind, list(before[i : i + len(chars)])))
            i += len(chars)
            if kind == "equal":
                j += len(chars)
    return runs


def _encode(keys: Sequence[K], codes: dict[K, str]) -> str:
    out = []
    for key in keys:
        code = codes.get(key)
        if code is None:
            code = codes[key] = chr(_FIRST_CODE + len(codes))
        out.append(code)
    return "".join(out)


def _engine() -> diff_match_patch:
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # the default 1 s timeout silently degrades large diffs
    return engine


def make_patch(before: str, after: str) -> list[object]:
    """Patches that turn `before` into `after`, to re-apply a change to a text that moved on since."""
    engine = _engine()
    return list(engine.patch_make(before, after))


def apply_patch(patches: list[object], text: str) -> str | None:
    """Apply patches made by `make_patch` to `text`; None unless every patch applies at an exact match."""
    engine = _engine()
    # Each patch's context must be found exactly, but anywhere: text may have moved by any distance.
    engine.Match_Threshold = 0.001
    engine.Match_Distance = 10**9
    engine.Patch_DeleteThreshold = 0.0
    result, applied = engine.patch_apply(patches, text)
    return str(result) if all(applied) else None
