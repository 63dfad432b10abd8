"""Wordings that differ only in typography: `ci‑dessus` (U+2011) and `ci-dessus` are one proposal, not two.

Retyping a passage on another keyboard changes hyphens, spaces and quotes without anyone meaning to; the result
would be a bracket set whose alternatives read the same. A new wording that folds to an existing one is refused
unless the delegation says the difference matters.
"""

from __future__ import annotations

import re
import unicodedata

from app.domain import Inline, bracket_sets_in, render_inlines
from app.services import references, text_checks
from app.services.errors import Conflict

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d\u00ad"), "-")
_SINGLE = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u02bc`´"), "'")
_DOUBLE = dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2039\u203a"), '"')
_SPACE = re.compile(r"\s+", re.UNICODE)  # \s covers no-break (U+00A0), thin (U+2009) and narrow (U+202F) spaces
_SPACE_BY_QUOTE = re.compile(r' ?(["\']) ?')  # « mot » and "mot" read alike once the guillemets are folded


def folded(text: str) -> str:
    """The wording without its typography: one kind of hyphen, space and quote, and no capitals."""
    text = unicodedata.normalize("NFC", text).translate(_DASHES).translate(_SINGLE).translate(_DOUBLE)
    text = _SPACE.sub(" ", text).strip()
    return _SPACE_BY_QUOTE.sub(r"\1", text).casefold()


def twins(content: tuple[Inline, ...]) -> list[tuple[str, str]]:
    """(new wording, wording it repeats) for every new alternative that differs from a sibling only in typography."""
    found = []
    for bracket_set in bracket_sets_in(content):
        # The original wording of a set the proposal creates is new to the database but not to the text.
        texts = [(a.key is None and not a.original, render_inlines(a.content)) for a in bracket_set.alternatives]
        for index, (new, text) in enumerate(texts):
            if not new:
                continue
            for other_index, (_, other) in enumerate(texts):
                if other_index != index and other != text and folded(other) == folded(text):
                    found.append((text, other))
                    break
    return found


def check(content: tuple[Inline, ...], *, accept: bool) -> None:
    """Refuse new wordings that repeat a sibling but for typography, unless the delegation accepts the difference."""
    text_checks.nesting(content, field="text")  # bounded depth first, so comparing wordings stays cheap
    found = twins(content)
    if not found or accept:
        return
    new, existing = found[0]
    raise Conflict(
        f"the wording {references.quote(new)} differs from {references.quote(existing)} only in typography "
        "(hyphens, spaces, quotes or capitals); support the existing wording, or confirm that the difference matters",
        typography=[{"proposed": a, "existing": b} for a, b in found],
    )
