"""Redlines between two versions of a document: per paragraph, word by word, with who made each change.

Paragraphs are matched by id (revision snapshots carry ids). Each paragraph's bracketed text is diffed word by
word (`app.domain.redline`); the audit events between the two versions attribute each insertion and deletion
to the delegation or the chair whose action made it, and are told as bracket changes (`changes`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session

from app import domain
from app.domain.redline import RedlineOp, Step, changed, redline, word_count
from app.services.documents import catalog as documents
from app.services.negotiation.audit import Recorded
from app.services.reading import versions
from app.services.reading.bracket_changes import TEXT_ACTIONS, Author, Describer
from app.services.reading.redline_models import (
    BracketChange,
    ChangedRun,
    EqualRun,
    ParagraphRedlineData,
    Presence,
    RedlineData,
    RedlineRun,
    RedlineSummary,
    VersionPair,
)
from app.services.reading.versions import Version, VersionParagraph


@dataclass(frozen=True, slots=True)
class ParagraphRedline:
    """One paragraph's redline: its ops, the authors of its steps (by index) and its bracket changes."""

    id: int
    label: str | None
    kind: str
    status: str
    prefix: str
    presence: Presence
    ops: list[RedlineOp]
    authors: list[Author]
    bracket_changes: list[BracketChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when the paragraph's text differs between the two versions."""
        return changed(self.ops)

    def author_of(self, op: RedlineOp) -> Author | None:
        """Who made this insertion or deletion, when known."""
        return self.authors[op.step] if op.step is not None else None


@dataclass(frozen=True, slots=True)
class Redline:
    """A whole document's redline between two versions."""

    document_id: int
    title: str
    start: Version
    end: Version
    paragraphs: list[ParagraphRedline]
    syntax: domain.Syntax = "plain"  # how the document was imported, for counting its sets as the import did
    layout: domain.Layout = "lines"
    bare_numbers: domain.BareNumbers = "negotiable"

    def _open_sets(self, text: str) -> int:
        tree = domain.parse(text, syntax=self.syntax, layout=self.layout, bare_numbers=self.bare_numbers)
        return domain.statistics(tree).bracket_sets

    def summary(self) -> RedlineSummary:
        """Counts: paragraphs changed, words inserted and deleted, bracket changes by kind, open sets."""
        kinds = Counter(c.kind for p in self.paragraphs for c in p.bracket_changes)
        return RedlineSummary(
            start=self.start.ref,
            end=self.end.ref,
            paragraphs=len(self.paragraphs),
            changed_paragraphs=sum(1 for p in self.paragraphs if p.changed),
            words_inserted=sum(word_count(p.ops, "insert") for p in self.paragraphs),
            words_deleted=sum(word_count(p.ops, "delete") for p in self.paragraphs),
            bracket_changes=dict(sorted(kinds.items())),
            open_bracket_sets=VersionPair(
                start=self._open_sets(self.start.text),
                end=self._open_sets(self.end.text),
            ),
        )


def compute(*, session: Session, document_id: int, start: str, end: str) -> Redline:
    """The redline of a document from one version (a revision number or `live`) to another."""
    document = documents.get(session=session, document_id=document_id)
    before, after = versions.pair(session=session, document_id=document_id, start=start, end=end)
    events = versions.events_between(session=session, document_id=document_id, start=before, end=after)
    describer = Describer(session, document_id)
    per_paragraph: dict[int, list[Recorded]] = defaultdict(list)
    for event in events:
        if event.paragraph_id is not None:
            per_paragraph[event.paragraph_id].append(event)
    paragraphs = [
        _paragraph(old, new, per_paragraph.get(_id(old, new), []), describer) for old, new in _matched(before, after)
    ]
    syntax, layout = documents.syntax_of(document), documents.layout_of(document)
    reading = documents.bare_numbers_of(document)
    return Redline(document_id, document.title, before, after, paragraphs, syntax, layout, reading)


Pair = tuple[VersionParagraph | None, VersionParagraph | None]


def _id(old: VersionParagraph | None, new: VersionParagraph | None) -> int:
    shown = new if new is not None else old
    assert shown is not None
    return shown.id


def _matched(before: Version, after: Version) -> list[Pair]:
    """Paragraphs of both versions matched by id, in the new order; a removed one stays where it stood."""
    old_by_id = {p.id: p for p in before.paragraphs}
    new_ids = {p.id for p in after.paragraphs}
    pairs: list[Pair] = []
    pending = [p for p in before.paragraphs if p.id not in new_ids]
    for paragraph in after.paragraphs:
        old = old_by_id.get(paragraph.id)
        while pending and old is not None and pending[0].position < old.position:
            pairs.append((pending.pop(0), None))
        pairs.append((old, paragraph))
    pairs.extend((p, None) for p in pending)
    return pairs


def _paragraph(
    old: VersionParagraph | None, new: VersionParagraph | None, events: list[Recorded], describer: Describer
) -> ParagraphRedline:
    shown = new if new is not None else old
    assert shown is not None
    steps: list[Step] = []
    authors: list[Author] = []
    for event in events:
        if event.action not in TEXT_ACTIONS or event.before is None or event.after is None:
            continue
        if event.before == event.after or (steps and steps[-1] == Step(event.before, event.after)):
            continue  # one amendment records one event per set it made, all with the same texts
        steps.append(Step(event.before, event.after))
        authors.append(describer.author(event))
    ops = redline(old.text if old else "", new.text if new else "", steps)
    presence: Presence = "both" if old and new else ("added" if new else "removed")
    return ParagraphRedline(
        id=shown.id,
        label=shown.label,
        kind=shown.kind,
        status=shown.status,
        prefix=shown.prefix,
        presence=presence,
        ops=ops,
        authors=authors,
        bracket_changes=describer.describe_all(events),
    )


def to_data(result: Redline) -> RedlineData:
    """The redline as the API returns it."""
    return RedlineData(
        document_id=result.document_id,
        title=result.title,
        start=result.start.ref,
        end=result.end.ref,
        summary=result.summary(),
        paragraphs=[_paragraph_data(p) for p in result.paragraphs],
    )


def _paragraph_data(paragraph: ParagraphRedline) -> ParagraphRedlineData:
    return ParagraphRedlineData(
        id=paragraph.id,
        label=paragraph.label,
        kind=paragraph.kind,
        status=paragraph.status,
        presence=paragraph.presence,
        changed=paragraph.changed,
        ops=[_op(paragraph, op) for op in paragraph.ops],
        bracket_changes=paragraph.bracket_changes,
    )


def _op(paragraph: ParagraphRedline, op: RedlineOp) -> RedlineRun:
    if op.kind == "equal":
        return EqualRun(kind=op.kind, text=op.text)
    author = paragraph.author_of(op)
    return ChangedRun(kind=op.kind, text=op.text, by=author.label if author else None, at=author.at if author else None)
