"""References people can read: paragraphs by label and heading, sets numbered in their paragraph, quoted words.

The one place that turns rows into the names a negotiator uses (`décide 2`, `décide 2, set 1`, “ci-dessus”);
page models, histories, reports and error messages all ask here, so a database id never reaches a reader alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.models import BracketSetRow, Paragraph

HEADING_CHARACTERS = 28
QUOTE_CHARACTERS = 60
# A label such as `OP2`, `Pp1` or `PP 3` names itself; a bare `2` or `a)` needs its heading ("décide 2").
_SELF_NAMING = re.compile(r"^[^\W\d_]{2,}", re.UNICODE)
# Private-use characters: Word's font bullets (U+F0B7 in Symbol) and the like, no words of their own.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def quote(text: str, limit: int = QUOTE_CHARACTERS) -> str:
    """Words in typographic quotes, shortened at a word boundary, without Word's font bullets; empty wording
    reads as "no text"."""
    words = " ".join(_PRIVATE_USE.sub("", text).split())
    if not words:
        return "no text"
    if len(words) > limit:
        cut = words[:limit].rsplit(" ", 1)[0] if " " in words[:limit] else words[:limit]
        words = cut.rstrip(",;:") + "…"
    return f"“{words}”"


def paragraph_reference(*, session: Session, paragraph: Paragraph) -> str:
    """`décide 2`, `OP 2`, `rappelant a)`; a paragraph without a label is quoted by its first words."""
    label = (paragraph.label or "").strip()
    needs_heading = bool(label) and not _SELF_NAMING.match(label)
    heading = _heading_before(session, paragraph) if needs_heading else None
    return reference(label=label, text=paragraph.text, heading=heading, position=paragraph.position)


def reference(*, label: str | None, text: str, heading: str | None, position: int) -> str:
    """The reference of a paragraph whose nearest heading before it is known (`heading_words` of its text)."""
    label = (label or "").strip()
    if not label:
        return f"the paragraph {quote(text, 40)}" if text.strip() else f"paragraph {position + 1}"
    if _SELF_NAMING.match(label):
        return label
    return f"{heading} {label}" if heading else f"paragraph {label}"


def heading_words(text: str) -> str | None:
    """A heading's text as references use it: its first words, without a closing colon or comma."""
    if not text.strip():
        return None
    words = " ".join(text.split()).rstrip(":,")
    if len(words) <= HEADING_CHARACTERS:
        return words
    return words[:HEADING_CHARACTERS].rsplit(" ", 1)[0] + "…"


def set_reference(
    *,
    session: Session,
    bracket_set: BracketSetRow,
    paragraph: Paragraph | None = None,
    where: str | None = None,
    siblings: Iterable[BracketSetRow] | None = None,
) -> str:
    """`décide 2, set 1`: the paragraph's reference and the set's number within it. A caller naming several sets
    of one paragraph may pass the paragraph's reference (`where`) and every set row of the paragraph (`siblings`,
    the number is then counted among them) instead of having them read again for each set."""
    if where is None:
        paragraph = paragraph or session.get(Paragraph, bracket_set.paragraph_id)
        assert paragraph is not None
        where = paragraph_reference(session=session, paragraph=paragraph)
    if bracket_set.scope == "options":
        return f"the options from {where} on"
    if bracket_set.scope == "bracket":
        return f"the bracketed paragraphs from {where} on"
    return f"{where}, {set_number(session=session, bracket_set=bracket_set, siblings=siblings)}"


def set_number(*, session: Session, bracket_set: BracketSetRow, siblings: Iterable[BracketSetRow] | None = None) -> str:
    """`set 3`: numbered in the order the paragraph's sets came to be, so a number never changes once read out
    (counted among `siblings`, every set row of the paragraph, when the caller has them)."""
    assert bracket_set.id is not None
    if siblings is not None:
        count = sum(
            1
            for row in siblings
            if row.paragraph_id == bracket_set.paragraph_id
            and row.id is not None
            and row.id <= bracket_set.id
            and row.scope == "inline"  # a set over whole paragraphs anchored here is named otherwise
        )
        return f"set {count}"
    count = session.exec(
        select(func.count())
        .select_from(BracketSetRow)
        .where(
            BracketSetRow.paragraph_id == bracket_set.paragraph_id,
            col(BracketSetRow.id) <= bracket_set.id,
            BracketSetRow.scope == "inline",
        )
    ).one()
    return f"set {count}"


def _heading_before(session: Session, paragraph: Paragraph) -> str | None:
    row = session.exec(
        select(Paragraph.text)
        .where(
            Paragraph.document_id == paragraph.document_id,
            col(Paragraph.position) < paragraph.position,
            Paragraph.kind == "heading",
            col(Paragraph.retired_at).is_(None),
        )
        .order_by(col(Paragraph.position).desc())
        .limit(1)
    ).first()
    return heading_words(row) if row is not None else None
