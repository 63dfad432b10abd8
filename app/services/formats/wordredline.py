"""The Word redline: a redline as tracked changes that a reader can accept or reject, structure included.

Each paragraph's word diff is `w:ins`/`w:del`, author = the delegation (or "Chair") whose recorded action made
the change, date = when; changes no event explains are by "Crochets". A paragraph added, split off, deleted or
merged away is tracked whole (its paragraph mark too), with a comment naming the paragraph it was split from or
merged into. A moved paragraph is a Word move: at its old place its old text in a move-from range (the words
deleted since as deletions), at its new place its new text in a move-to range (the words inserted since as
insertions), each with a comment "Moved to …" / "Moved from …". Accepting every change gives the later version;
rejecting every change gives the earlier one.
"""

from __future__ import annotations

from docx.oxml.xmlchemy import BaseOxmlElement

from app.domain.redline import RedlineOp
from app.services.formats.wordxml import WordWriter, word_date
from app.services.reading.bracket_changes import FALLBACK_AUTHOR
from app.services.reading.redlines import ParagraphRedline, Redline

COMMENT_AUTHOR = "Crochets"


class _Writer:
    """One redline being written into a Word file."""

    def __init__(self, result: Redline) -> None:
        self.result = result
        self.word = WordWriter(result.title)
        self.default_date = word_date(result.end.at)
        self._moves = 0

    def who(self, paragraph: ParagraphRedline, op: RedlineOp | None) -> tuple[str, str]:
        """The author and date of a change: the op's recorded author, else who changed the paragraph's place."""
        author = paragraph.author_of(op) if op is not None else paragraph.structure_author
        return (author.label, word_date(author.at)) if author else (FALLBACK_AUTHOR, self.default_date)

    def ops(self, element: BaseOxmlElement, paragraph: ParagraphRedline, equal: str = "equal") -> None:
        """The paragraph's runs: `equal` says what shared text is here (plain, inserted, deleted, moved)."""
        for op in paragraph.ops:
            who, when = self.who(paragraph, op)
            kind = op.kind if op.kind != "equal" else equal
            if kind == "equal":
                self.word.text(element, op.text)
            elif kind == "insert":
                self.word.inserted(element, op.text, author=who, date=when)
            elif kind == "delete":
                self.word.deleted(element, op.text, author=who, date=when)

    def paragraph(self, paragraph: ParagraphRedline) -> None:
        """A paragraph that did not move: kept, added, split off, deleted or merged away."""
        element = self.word.paragraph()
        whole = {"added": "insert", "split": "insert", "deleted": "delete", "merged": "delete"}.get(paragraph.structure)
        if whole is not None:
            who, when = self.who(paragraph, None)
            self.word.mark(element, "w:ins" if whole == "insert" else "w:del", author=who, date=when)
        self._prefix(element, paragraph, whole)
        self.ops(element, paragraph, equal=whole or "equal")
        if paragraph.related is not None and paragraph.structure in ("split", "merged"):
            said = "Split from" if paragraph.structure == "split" else "Merged into"
            self.word.comment(element, f"{said} {paragraph.related.name}.", author=COMMENT_AUTHOR)

    def moved_from(self, paragraph: ParagraphRedline) -> None:
        """A moved paragraph at its old place: its old text moved away, words deleted since as deletions."""
        element = self.word.paragraph()
        who, when = self.who(paragraph, None)
        self.word.mark(element, "w:moveFrom", author=who, date=when)
        number = self.word.move_range(element, "From", self._name(paragraph), author=who, date=when)
        self.word.moved_from(element, paragraph.old_prefix, author=who, date=when)
        for op in paragraph.ops:
            if op.kind == "equal":
                self.word.moved_from(element, op.text, author=who, date=when)
            elif op.kind == "delete":
                op_who, op_when = self.who(paragraph, op)
                self.word.deleted(element, op.text, author=op_who, date=op_when)
        self.word.end_move_range(element, "From", number)
        after = paragraph.after.name if paragraph.after else "its new place"
        self.word.comment(element, f"Moved to {after}.", author=COMMENT_AUTHOR)

    def moved_to(self, paragraph: ParagraphRedline) -> None:
        """A moved paragraph at its new place: its new text moved here, words inserted since as insertions."""
        element = self.word.paragraph()
        who, when = self.who(paragraph, None)
        self.word.mark(element, "w:moveTo", author=who, date=when)
        number = self.word.move_range(element, "To", self._name(paragraph), author=who, date=when)
        self.word.moved_to(element, paragraph.prefix, author=who, date=when)
        for op in paragraph.ops:
            if op.kind == "equal":
                self.word.moved_to(element, op.text, author=who, date=when)
            elif op.kind == "insert":
                op_who, op_when = self.who(paragraph, op)
                self.word.inserted(element, op.text, author=op_who, date=op_when)
        self.word.end_move_range(element, "To", number)
        before = paragraph.before.name if paragraph.before else "its old place"
        self.word.comment(element, f"Moved from {before}.", author=COMMENT_AUTHOR)

    def _prefix(self, element: BaseOxmlElement, paragraph: ParagraphRedline, whole: str | None) -> None:
        who, when = self.who(paragraph, None)
        if whole == "insert":
            self.word.inserted(element, paragraph.prefix, author=who, date=when)
        elif whole == "delete":
            self.word.deleted(element, paragraph.old_prefix, author=who, date=when)
        elif paragraph.old_prefix != paragraph.prefix:  # relabelled
            self.word.deleted(element, paragraph.old_prefix, author=who, date=when)
            self.word.inserted(element, paragraph.prefix, author=who, date=when)
        else:
            self.word.text(element, paragraph.prefix)

    def _name(self, paragraph: ParagraphRedline) -> str:
        return f"move{paragraph.id}"


def redline_bytes(result: Redline) -> bytes:
    """The redline as a Word file: moved paragraphs at both places, in the later version's order."""
    writer = _Writer(result)
    sources = sorted(
        (p for p in result.paragraphs if p.structure == "moved" and p.before is not None),
        key=lambda p: p.before.position if p.before else 0,
    )

    def sources_before(position: int | None) -> None:
        while sources and (position is None or (sources[0].before and sources[0].before.position < position)):
            writer.moved_from(sources.pop(0))

    for paragraph in result.paragraphs:
        if paragraph.structure == "moved":
            writer.moved_to(paragraph)
            continue
        if paragraph.before is not None:
            sources_before(paragraph.before.position)
        writer.paragraph(paragraph)
    sources_before(None)
    return writer.word.save()
