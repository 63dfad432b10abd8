"""Redlines between two versions of a document: per paragraph, word by word, with who made each change.

Paragraphs are matched by id (revision snapshots carry ids) and told as kept, moved, split, merged, added or
deleted (`redline_structure`). Each paragraph's bracketed text is diffed word by word (`app.domain.redline`);
the audit events between the two versions attribute each insertion and deletion to the delegation or the chair
whose action made it, and are told as bracket changes (`changes`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session

from app import domain
from app.domain.redline import RedlineOp, Step, changed, redline, word_count
from app.services.documents import catalog as documents
from app.services.negotiation.audit import STRUCTURE_ACTIONS, Recorded
from app.services.reading import versions
from app.services.reading.bracket_changes import TEXT_ACTIONS, Author, Describer
from app.services.reading.redline_models import (
    BracketChange,
    ChangedRun,
    EqualRun,
    ParagraphRedlineData,
    ParagraphRef,
    PlaceData,
    Presence,
    RedlineData,
    RedlineRun,
    RedlineSummary,
    StructureCounts,
    VersionPair,
)
from app.services.reading.redline_structure import Aligned, Place, Related, Structure, align, lineage_of
from app.services.reading.versions import Version

# Paragraphs that came or went whole: their words are inserted or deleted by whoever added or removed them.
WHOLE = frozenset({"added", "split", "merged", "deleted"})


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
    structure: Structure = "kept"
    old_prefix: str = ""  # the label prefix in the earlier version (a relabelled paragraph's differs)
    structure_author: Author | None = None  # who last changed its place or shape (the chair), when recorded
    before: Place | None = None  # where it stood in the earlier version
    after: Place | None = None  # and in the later one
    related: Related | None = None  # the paragraph it was split from, or merged into
    split_into: list[Related] = field(default_factory=list)
    merged_from: list[Related] = field(default_factory=list)

    @property
    def text_changed(self) -> bool:
        """True when the paragraph's text differs between the two versions."""
        return changed(self.ops)

    @property
    def relabelled(self) -> bool:
        """True when the paragraph is in both versions with another label prefix."""
        return self.presence == "both" and self.old_prefix != self.prefix

    @property
    def changed(self) -> bool:
        """True unless the paragraph kept its place, its label and its text."""
        return self.structure != "kept" or self.text_changed or self.relabelled

    def author_of(self, op: RedlineOp) -> Author | None:
        """Who made this insertion or deletion, when known (a whole paragraph's: who added or removed it)."""
        if op.step is not None:
            return self.authors[op.step]
        return self.structure_author if self.structure in WHOLE and op.kind != "equal" else None


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
        structure = Counter(p.structure for p in self.paragraphs)
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
            structure=StructureCounts(
                moved=structure["moved"],
                split=structure["split"],
                merged=structure["merged"],
                added=structure["added"],
                deleted=structure["deleted"],
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
    aligned = align(before, after, lineage_of(session=session, document_id=document_id))
    split_into: dict[int, list[Related]] = defaultdict(list)
    merged_from: dict[int, list[Related]] = defaultdict(list)
    for item in aligned:
        if item.structure == "split" and item.related is not None and item.after is not None:
            split_into[item.related.id].append(Related(item.id, item.after.name))
        if item.structure == "merged" and item.related is not None and item.before is not None:
            merged_from[item.related.id].append(Related(item.id, item.before.name))
    paragraphs = [
        _paragraph(item, per_paragraph, describer, split_into[item.id], merged_from[item.id]) for item in aligned
    ]
    syntax, layout = documents.syntax_of(document), documents.layout_of(document)
    reading = documents.bare_numbers_of(document)
    return Redline(document_id, document.title, before, after, paragraphs, syntax, layout, reading)


def _paragraph(
    item: Aligned,
    per_paragraph: dict[int, list[Recorded]],
    describer: Describer,
    split_into: list[Related],
    merged_from: list[Related],
) -> ParagraphRedline:
    events = per_paragraph.get(item.id, [])
    old, new = item.old, item.new
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
        structure=item.structure,
        old_prefix=old.prefix if old else "",
        structure_author=_structure_author(item, per_paragraph, describer),
        before=item.before,
        after=item.after,
        related=item.related,
        split_into=split_into,
        merged_from=merged_from,
    )


def _structure_author(item: Aligned, per_paragraph: dict[int, list[Recorded]], describer: Describer) -> Author | None:
    """Who last changed the paragraph's place or shape; for one split off or merged away, who split or merged."""
    own = [e for e in per_paragraph.get(item.id, []) if e.action in STRUCTURE_ACTIONS]
    if not own and item.related is not None and item.structure in ("split", "merged"):
        action = "paragraph_split" if item.structure == "split" else "paragraph_merged"
        own = [e for e in per_paragraph.get(item.related.id, []) if e.action == action]
    return describer.author(own[-1]) if own else None


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
        structure=paragraph.structure,
        changed=paragraph.changed,
        before=_place(paragraph.before),
        after=_place(paragraph.after),
        split_from=_ref(paragraph.related) if paragraph.related and paragraph.structure == "split" else None,
        merged_into=_ref(paragraph.related) if paragraph.related and paragraph.structure == "merged" else None,
        split_into=[_ref(r) for r in paragraph.split_into],
        merged_from=[_ref(r) for r in paragraph.merged_from],
        ops=[_op(paragraph, op) for op in paragraph.ops],
        bracket_changes=paragraph.bracket_changes,
    )


def _place(place: Place | None) -> PlaceData | None:
    return PlaceData(position=place.position, label=place.label, name=place.name) if place else None


def _ref(related: Related) -> ParagraphRef:
    return ParagraphRef(id=related.id, name=related.name)


def _op(paragraph: ParagraphRedline, op: RedlineOp) -> RedlineRun:
    if op.kind == "equal":
        return EqualRun(kind=op.kind, text=op.text)
    author = paragraph.author_of(op)
    return ChangedRun(kind=op.kind, text=op.text, by=author.label if author else None, at=author.at if author else None)
