"""Amending by editing: turn a delegation's edited paragraph text into bracket sets.

A delegate sends a paragraph's text as its delegation wants it. The current content and the edited text are
both flattened into tokens — words, white space, punctuation, each `[` and `]` of a bracket set, and each
placeholder, footnote marker or footnote as one token — and diffed word by word (`app.domain.diff`). Working on
the flat text keeps the existing sets exactly as they are, even where two independent sets stand side by side
and would read as one when re-parsed. Each changed region then becomes, wherever it stands — in the paragraph's
own text or inside an alternative, at any depth:

- a new bracket set at that spot, covering only the words that changed: the original wording (marked
  `original`) and the proposed wording side by side; an insertion is optional wording `[new]`, a deletion
  `[old][]`. A change inside an alternative thus nests a small set in that alternative; the alternative keeps
  its key and its other sets, and is never copied;
- bracketed wording typed right beside (or between the alternatives of) an existing set: more alternatives of
  that set, appended after the existing ones;
- a change that deletes a bracket, separator, placeholder or footnote of the current text, or puts wording
  between two alternatives of a set, is refused (`RestructureError`): removing, merging or splitting bracket
  sets is the chair's prerogative.

`chair_edit` applies the chair's text directly, keeping the sets whose text is unchanged. New nodes carry
`key=None`; existing ones keep their keys, so the caller can tell which rows to create.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from app.domain.diff import diff_keys, tokenize
from app.domain.edit_regions import (
    AmendmentError,
    Piece,
    Region,
    RestructureError,
    balanced,
    changed_regions,
    check_region,
    flatten,
)
from app.domain.layout import starts_paragraph
from app.domain.parser import parse
from app.domain.rebuild import join_text, rebuild
from app.domain.render import render_inlines, render_paragraph
from app.domain.tree import PLAIN, Alternative, BracketSet, Document, Inline, Placeholder, Reading, Text

_HORIZONTAL_SPACE = " \t\u00a0\u202f"

__all__ = ["AmendmentError", "RestructureError", "amend", "chair_edit", "join_text", "parse_body"]


def parse_body(
    text: str, *, paragraph: bool = True, strict: bool = True, wrapped: bool = False, reading: Reading = PLAIN
) -> tuple[Inline, ...]:
    """Parse a paragraph's edited body (or, with `paragraph=False`, an alternative's wording, where line breaks
    stand inside the brackets); refuses line breaks outside brackets in a paragraph, and unbalanced brackets
    unless `strict=False` (real drafts carry stray brackets; amend() refuses only new ones)."""
    # A paragraph's text is one paragraph: its brackets pair across its lines, as they did in the whole draft.
    return _body(text, _parse(text, reading), paragraph=paragraph, strict=strict, wrapped=wrapped)


def _body(text: str, doc: Document, *, paragraph: bool, strict: bool, wrapped: bool) -> tuple[Inline, ...]:
    """`parse_body` of `text` already parsed as `doc`."""
    if strict and doc.warnings:
        where = "; ".join(f"{w.kind} bracket at line {w.line}, column {w.column}" for w in doc.warnings[:5])
        raise AmendmentError(f"the text has unbalanced brackets: {where}")
    if paragraph and (_breaks_paragraph(text, doc) if wrapped else len(doc.paragraphs) > 1):
        raise AmendmentError("a paragraph's text may not contain a line break outside brackets")
    items: list[Inline] = [Text(doc.bom + doc.leading)]
    for part in doc.paragraphs:
        items += [Text(part.prefix), *part.content, Text(part.trailing)]
    return join_text(items)


def _breaks_paragraph(text: str, doc: Document) -> bool:
    """Whether a line break outside brackets starts a new paragraph (a hard line break of wrapped text does not)."""
    position = len(doc.bom) + len(doc.leading)
    for part in doc.paragraphs[:-1]:
        position += len(render_paragraph(part))
        if starts_paragraph(text, position):
            return True
    return False


def _parse(text: str, reading: Reading) -> Document:
    """A paragraph's text read as its document is read (Markdown links stay links, `[9]` as chosen)."""
    return parse(text, layout="paragraph", syntax=reading.syntax, bare_numbers=reading.bare_numbers)


def _is_wrapped(current: tuple[Inline, ...], reading: Reading = PLAIN) -> bool:
    """Whether a paragraph already holds hard line breaks outside brackets (wrapped text): its edits may too."""
    return len(_parse(render_inlines(current), reading).paragraphs) > 1


def amend(current: tuple[Inline, ...], edited: str, reading: Reading = PLAIN) -> tuple[Inline, ...]:
    """The content after a delegation's edit: each changed region a new bracket set where it stands."""
    old = flatten(current)
    # The current text and the edit are each read once: for stray brackets, hard line breaks and the new tree.
    before, after = _parse(render_inlines(current), reading), _parse(edited, reading)
    _refuse_new_strays(before, after)
    wrapped = len(before.paragraphs) > 1
    new = flatten(_body(edited, after, paragraph=True, strict=False, wrapped=wrapped))
    additions: dict[int, list[Alternative]] = {}
    regions = []
    for region in balanced(changed_regions(old, new), old):
        if not _adds_alternatives(region, old, additions, reading):
            check_region(region, old)
            regions.append(region)
    return rebuild(old, regions, additions, partial(_new_set, reading=reading))


def _refuse_new_strays(before: Document, after: Document) -> None:
    """Stray brackets the draft already had may stay; an edit may not add any (`before`, `after`: the paragraph's
    text and the edit, parsed)."""
    if len(after.warnings) > len(before.warnings):
        where = "; ".join(f"{w.kind} bracket at line {w.line}, column {w.column}" for w in after.warnings[:5])
        raise AmendmentError(f"the text has unbalanced brackets: {where}")


def chair_edit(current: tuple[Inline, ...], edited: str, reading: Reading = PLAIN) -> tuple[Inline, ...]:
    """The content after the chair's edit: wording replaced as typed; sets kept where their text is unchanged."""
    new = parse_body(edited, strict=False, wrapped=_is_wrapped(current, reading), reading=reading)
    old_items, new_items = _atoms(current), _atoms(new)
    result: list[Inline] = []
    i = j = 0
    for kind, keys in diff_keys([key for key, _ in old_items], [key for key, _ in new_items]):
        if kind == "equal":
            result += [node for _, node in old_items[i : i + len(keys)]]
        elif kind == "insert":
            result += [node for _, node in new_items[j : j + len(keys)]]
        i += len(keys) if kind != "insert" else 0
        j += len(keys) if kind != "delete" else 0
    return join_text(result)


def _adds_alternatives(
    region: Region, old: list[Piece], additions: dict[int, list[Alternative]], reading: Reading = PLAIN
) -> bool:
    """Bracketed wording typed right beside an existing set is, by bracket notation, more of its alternatives."""
    if region.deleted or not region.inserted:
        return False
    before = old[region.start - 1] if region.start else None
    after = old[region.start] if region.start < len(old) else None
    text = region.new_text
    if before is not None and before.role in ("close", "sep"):
        neighbour, typed_text = before.node, text.lstrip(_HORIZONTAL_SPACE)
        if after is not None and after.role in ("open", "sep") and after.node is neighbour:
            typed_text = typed_text.rstrip(_HORIZONTAL_SPACE)  # typed between its alternatives: the set's own
    elif after is not None and after.role in ("open", "sep"):
        neighbour, typed_text = after.node, text.rstrip(_HORIZONTAL_SPACE)
    else:
        return False
    if not (typed_text.startswith("[") and typed_text.endswith("]")):
        return False
    typed = parse_body(typed_text, paragraph=False, reading=reading)
    if len(typed) != 1 or not isinstance(typed[0], BracketSet) or neighbour is None:
        return False
    fresh = _fresh_content(typed)[0]
    assert isinstance(fresh, BracketSet)
    additions.setdefault(id(neighbour), []).extend(fresh.alternatives)
    return True


def _new_set(old_text: str, new_text: str, *, reading: Reading = PLAIN) -> list[Inline]:
    lead, old_core, new_core, trail = _split_outer_space(old_text, new_text)
    if "[" in old_core or "]" in old_core:
        # Wording with a stray bracket of the draft cannot stand inside new brackets: it would read differently.
        raise AmendmentError(
            f"the change touches a stray bracket of the draft ({old_core[:60]!r}); the chair edits those"
        )
    proposed = _fresh_content(parse_body(new_core, paragraph=False, reading=reading)) if new_core else ()
    if len(proposed) == 1 and isinstance(proposed[0], BracketSet):
        core = _typed_set(proposed[0], old_core)
    elif not old_core:
        core = BracketSet((Alternative(proposed),), ())
    elif not new_core:
        core = BracketSet((Alternative((Text(old_core),), original=True), Alternative(())), ("",))
    else:
        core = BracketSet((Alternative((Text(old_core),), original=True), Alternative(proposed)), (" ",))
    return [Text(lead), core, Text(trail)]


def _typed_set(typed: BracketSet, old_text: str) -> BracketSet:
    """A set typed in place of some wording: the alternative equal to that wording is the original one."""
    alternatives = list(typed.alternatives)
    for index, alternative in enumerate(alternatives):
        if old_text and render_inlines(alternative.content) == old_text:
            alternatives[index] = replace(alternative, original=True)
            return BracketSet(tuple(alternatives), typed.separators)
    if not old_text:
        return typed
    original = Alternative((Text(old_text),), original=True)
    return BracketSet((original, *alternatives), (" ", *typed.separators))


def _split_outer_space(old: str, new: str) -> tuple[str, str, str, str]:
    """White space at the edges of a change stays outside the brackets: all of it for a pure insertion or
    deletion, else what both sides share."""
    if not old or not new:
        changed = old or new
        core = changed.strip()
        if not core:
            return changed, "", "", ""
        lead = changed[: len(changed) - len(changed.lstrip())]
        trail = changed[len(changed.rstrip()) :]
        return lead, old.strip(), new.strip(), trail
    lead = _common_prefix(_space(old, leading=True), _space(new, leading=True))
    old, new = old[len(lead) :], new[len(lead) :]
    trail = _common_prefix(_space(old, leading=False)[::-1], _space(new, leading=False)[::-1])[::-1]
    return lead, old[: len(old) - len(trail)], new[: len(new) - len(trail)], trail


def _space(text: str, *, leading: bool) -> str:
    kept = text.lstrip() if leading else text.rstrip()
    return text[: len(text) - len(kept)] if leading else text[len(kept) :]


def _common_prefix(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


def _fresh_content(content: Sequence[Inline]) -> tuple[Inline, ...]:
    """Typed content as new rows: no keys anywhere inside."""
    result: list[Inline] = []
    for item in content:
        if isinstance(item, BracketSet):
            alternatives = tuple(Alternative(_fresh_content(a.content)) for a in item.alternatives)
            item = BracketSet(alternatives, item.separators)
        elif isinstance(item, Placeholder):
            item = Placeholder(item.text)
        result.append(item)
    return join_text(result)


def _atoms(content: Sequence[Inline]) -> list[tuple[tuple[str, str], Inline]]:
    items: list[tuple[tuple[str, str], Inline]] = []
    for item in content:
        if isinstance(item, Text):
            items += [(("w", token), Text(token)) for token in tokenize(item.text)]
        else:
            items.append((("a", render_inlines((item,))), item))
    return items
