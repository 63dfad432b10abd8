"""What the report pages show: redlines, a delegation's report, statistics and the compilation, labelled for people.

The numbers come from the report services; this module only shapes them for the templates (labels, titles,
choices of versions and delegations), so that the templates decide nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from app.models import BracketSetRow, Paragraph
from app.services import references
from app.services.accounts import delegations
from app.services.documents import catalog as documents
from app.services.lookup import get_or_404
from app.services.reading import compilation, redlines, statistics, versions
from app.services.reading import fates as reports
from app.services.reading import page as reading
from app.services.reading.charts import SeriesPoint, open_sets_chart
from app.services.reading.redline_models import BracketChange
from app.services.reading.redline_structure import Place
from app.services.reading.redlines import ParagraphRedline
from app.services.reading.report_models import CompiledSet, ReportItem
from app.services.reading.report_view_models import (
    ChangeNote,
    ColumnSet,
    CompilationPage,
    CompilationRow,
    ContestedParagraph,
    FateCount,
    Header,
    KindCount,
    ParagraphChange,
    Piece,
    RedlinePage,
    ReportLine,
    ReportPage,
    StatisticsPage,
    VersionChoice,
)

FATE_LABELS = {
    "open": "still open",
    "accepted": "accepted",
    "other_alternative_chosen": "another alternative chosen",
    "replaced_by_compromise": "replaced by a compromise",
    "withdrawn": "withdrawn",
    "dropped": "dropped",
}
STANCE_LABELS = {"proposes": "proposed", "supports": "supported", "objects": "objected to"}
CHANGE_LABELS = {  # (one, several)
    "set_added": ("new bracket set", "new bracket sets"),
    "alternative_added": ("alternative added", "alternatives added"),
    "alternative_withdrawn": ("alternative withdrawn", "alternatives withdrawn"),
    "set_resolved": ("set resolved", "sets resolved"),
    "resolution_undone": ("resolution undone", "resolutions undone"),
    "placeholder_filled": ("placeholder filled", "placeholders filled"),
    "chair_text": ("chair's edit", "chair's edits"),
}
PREVAILED_LABELS = {True: "prevailed", False: "did not prevail", None: ""}
STRUCTURE_LABELS = {  # (one, several), as the summary counts them
    "moved": ("paragraph moved", "paragraphs moved"),
    "split": ("paragraph split off", "paragraphs split off"),
    "merged": ("paragraph merged", "paragraphs merged"),
    "added": ("paragraph added", "paragraphs added"),
    "deleted": ("paragraph deleted", "paragraphs deleted"),
}
EXCERPT = 240


def when(at: datetime | None) -> str:
    """A moment as the room says it: 29 Nov 02:47."""
    return at.strftime("%d %b %H:%M") if at is not None else ""


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The start of a text, cut at a word when there are words (not in Chinese or Japanese)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + " …"


def paragraph_names(*, session: Session, document_id: int) -> dict[int, str]:
    """What to call each paragraph: its label, or ¶ and its place in the document when it has none."""
    return {id_: name for id_, (name, _text) in _paragraphs(session, document_id).items()}


def _paragraphs(session: Session, document_id: int) -> dict[int, tuple[str, str]]:
    rows = documents.paragraphs(session=session, document_id=document_id)
    return {row.id or 0: (row.label or f"¶ {index}", row.text) for index, row in enumerate(rows, start=1)}


def header(*, session: Session, document_id: int, start: str | None, end: str | None) -> Header:
    """The document, its versions, and the range asked for (defaults: the last revision to the live text)."""
    document = documents.get(session=session, document_id=document_id)
    times = versions.revision_times(session=session, document_id=document_id)
    notes = versions.revision_notes(session=session, document_id=document_id)
    choices = [VersionChoice(ref=str(number), name=_revision_name(number, at, notes)) for number, at in times]
    choices.append(VersionChoice(ref=versions.LIVE, name="Live text (now)"))
    default_start = str(times[-1][0]) if times else versions.LIVE
    return Header(
        id=document.id or 0,
        title=document.title,
        symbol=document.symbol,
        language=document.language,
        versions=choices,
        start=versions.parse_ref(start if start else default_start, field="from"),
        end=versions.parse_ref(end if end else versions.LIVE, field="to"),
    )


def _revision_name(number: int, at: datetime, notes: dict[int, str]) -> str:
    note = notes.get(number, "")
    return f"Rev.{number} — {when(at)}" + (f" — {references.quote(note, 50)}" if note else "")


def _noted(ref: str, notes: dict[int, str]) -> bool:
    return ref != versions.LIVE and bool(notes.get(int(ref)))


def version_name(ref: str) -> str:
    """Rev.2, or the live text."""
    return "the live text" if ref == versions.LIVE else f"Rev.{ref}"


def redline_page(*, session: Session, head: Header) -> RedlinePage:
    """The redline between the header's two versions: summary lines, changed paragraphs, unchanged count."""
    result = redlines.compute(session=session, document_id=head.id, start=head.start, end=head.end)
    summary = result.summary()
    shown = _folded([_paragraph(p) for p in result.paragraphs])
    changed = [p for p in shown if p.changed]
    kinds = [
        KindCount(label=CHANGE_LABELS.get(kind, (kind, kind))[count != 1], count=count)
        for kind, count in summary.bracket_changes.items()
    ]
    structure = summary.structure.model_dump()
    structure_kinds = [
        KindCount(label=labels[structure[kind] != 1], count=structure[kind])
        for kind, labels in STRUCTURE_LABELS.items()
        if structure[kind]
    ]
    notes = versions.revision_notes(session=session, document_id=head.id)
    return RedlinePage(
        from_name=version_name(head.start),
        to_name=version_name(head.end),
        notes=[f"{version_name(ref)}: {notes[int(ref)]}" for ref in (head.start, head.end) if _noted(ref, notes)],
        summary=summary,
        bracket_kinds=kinds,
        structure_kinds=structure_kinds,
        paragraphs=shown,
        changed_count=len(changed),
        unchanged_count=len(shown) - len(changed),
    )


def _folded(paragraphs: list[ParagraphChange]) -> list[ParagraphChange]:
    """The paragraphs with each run of unchanged ones counted on its first (the page folds the run)."""
    result = list(paragraphs)
    first: int | None = None  # where the current run of unchanged paragraphs starts
    for index, paragraph in enumerate(paragraphs):
        if paragraph.changed:
            first = None
            continue
        first = index if first is None else first
        result[first] = result[first].model_copy(update={"folded": index - first + 1})
    return result


def structure_label(paragraph: ParagraphRedline) -> str:
    """What happened to a paragraph's place, as the redline says it ("" when it kept its place)."""
    before, after, related = paragraph.before, paragraph.after, paragraph.related
    if paragraph.structure == "moved" and before and after:
        if before.name == after.name:
            return f"moved from place {before.position} to place {after.position}"
        return f"moved from {_placed(before)} to {_placed(after)}"
    if paragraph.structure == "split":
        return f"split from {related.name}" if related else "split from another paragraph"
    if paragraph.structure == "merged":
        return f"merged into {related.name}" if related else "merged into another paragraph"
    return {"added": "new paragraph", "deleted": "paragraph deleted"}.get(paragraph.structure, "")


def _placed(place: Place) -> str:
    """A paragraph's name in one version, with its place unless the name says it (¶ 4)."""
    return place.name if place.name.startswith("¶") else f"{place.name} (place {place.position})"


def _notes(paragraph: ParagraphRedline) -> list[str]:
    notes = [f"{r.name} was split off it" for r in paragraph.split_into]
    before, after = paragraph.before, paragraph.after
    if before and after and before.label != after.label:
        notes.append(f"relabelled: {before.label or 'no label'} → {after.label or 'no label'}")
    notes += [f"{r.name} was merged into it: its words show here as inserted" for r in paragraph.merged_from]
    return notes


def _paragraph(paragraph: ParagraphRedline) -> ParagraphChange:
    inline: list[Piece] = []
    for op in paragraph.ops:
        author = paragraph.author_of(op)
        title = f"by {author.label}, {when(author.at)}" if author and op.kind != "equal" else ""
        inline.append(Piece(kind=op.kind, text=op.text, title=title))
    changes = [_note(change) for change in paragraph.bracket_changes]
    place = paragraph.after or paragraph.before
    return ParagraphChange(
        id=paragraph.id,
        label=paragraph.label or (place.name if place else "¶"),
        status_label=reading.STATUS_LABELS.get(paragraph.status, paragraph.status),
        structure=paragraph.structure,
        structure_label=structure_label(paragraph),
        notes=_notes(paragraph),
        changed=paragraph.changed or bool(changes),
        inline=inline,
        before=[p for p in inline if p.kind != "insert"],
        after=[p for p in inline if p.kind != "delete"],
        bracket_changes=changes,
    )


def _note(change: BracketChange) -> ChangeNote:
    return ChangeNote(kind=change.kind, summary=change.summary, at=change.at, when=when(change.at))


def delegation_choices(*, session: Session) -> list[tuple[str, str]]:
    """Every delegation as (code, name), by code."""
    return [(d.code, d.name) for d in delegations.list_all(session=session)]


def report_page(*, session: Session, head: Header, code: str) -> ReportPage:
    """A delegation's report with human labels for stances and fates."""
    data = reports.delegation_report(session=session, document_id=head.id, code=code, start=head.start, end=head.end)
    names = paragraph_names(session=session, document_id=head.id)
    counts = data.summary.model_dump()
    return ReportPage(
        delegation=data.delegation,
        from_name=version_name(data.start),
        to_name=version_name(data.end),
        fates=[FateCount(fate=fate, label=FATE_LABELS[fate], count=counts[fate]) for fate in reports.FATES],
        items=[_line(item, names.get(item.paragraph_id, "¶"), _set_name(session, item)) for item in data.items],
    )


def _set_name(session: Session, item: ReportItem) -> str:
    row = session.get(BracketSetRow, item.bracket_set_id)
    if row is None:
        return ""
    if row.scope != "inline":
        return "options" if row.scope == "options" else "bracketed paragraphs"
    return references.set_number(session=session, bracket_set=row)


def _line(item: ReportItem, name: str, set_name: str = "") -> ReportLine:
    earlier = item.fate_at_from
    replaced = item.fate in ("other_alternative_chosen", "replaced_by_compromise")
    return ReportLine(
        **dict(item),
        paragraph_name=name,
        set_name=set_name,
        stance_label=STANCE_LABELS.get(item.stance, item.stance),
        fate_label=FATE_LABELS.get(item.fate, item.fate),
        earlier_label=FATE_LABELS.get(earlier, earlier) if earlier and earlier != item.fate else "",
        prevailed_label=PREVAILED_LABELS[item.prevailed],
        taken=when(item.taken_at),
        replaced_by=item.outcome_text if replaced else None,
    )


def statistics_page(*, session: Session, document_id: int) -> StatisticsPage:
    """The statistics with the chart of open bracket sets per revision, and names of delegations."""
    data = statistics.document_statistics(session=session, document_id=document_id)
    series = [SeriesPoint(p.label, p.open_bracket_sets, p.placeholders, p.number) for p in data.revisions]
    known = _paragraphs(session, document_id)
    contested = []
    for paragraph in data.paragraphs:
        if not (paragraph.open_bracket_sets or paragraph.positions):
            continue
        name, text = known.get(paragraph.id, ("¶", ""))
        status_label = reading.STATUS_LABELS.get(paragraph.status, paragraph.status)
        contested.append(
            ContestedParagraph(**dict(paragraph), name=name, excerpt=excerpt(text, 110), status_label=status_label)
        )
    return StatisticsPage(
        chart=open_sets_chart(series),
        revisions=data.revisions,
        contested=contested,
        quiet_count=len(data.paragraphs) - len(contested),
        delegations=data.delegations,
        names=dict(delegation_choices(session=session)),
    )


def compilation_page(*, session: Session, document_id: int, contested_only: bool) -> CompilationPage:
    """The compilation table: per paragraph an excerpt, per open set its alternatives in columns."""
    data = compilation.compilation(session=session, document_id=document_id, contested_only=contested_only)
    sets = [s for p in data.paragraphs for s in p.bracket_sets]
    # A set of one alternative is an optional bracket: keep the words or delete them (a column of its own).
    span = max([len(s.alternatives) + (len(s.alternatives) == 1) for s in sets] + [1])
    names = paragraph_names(session=session, document_id=document_id)
    rows = [
        CompilationRow(
            id=paragraph.id,
            name=names.get(paragraph.id, "¶"),
            status=paragraph.status,
            status_label=reading.STATUS_LABELS.get(paragraph.status, paragraph.status),
            text=paragraph.text,
            excerpt=excerpt(paragraph.text),
            bracket_sets=[_columns(s, span) for s in paragraph.bracket_sets],
            comments=[c for c in paragraph.comments if c.state == "live"],
        )
        for paragraph in data.paragraphs
    ]
    return CompilationPage(
        paragraphs=rows, span=span, set_count=len(sets), names=dict(delegation_choices(session=session))
    )


def _columns(bracket_set: CompiledSet, span: int) -> ColumnSet:
    optional = len(bracket_set.alternatives) == 1
    padding = span - len(bracket_set.alternatives) - optional
    live = [c for c in bracket_set.comments if c.state == "live"]
    return ColumnSet(
        id=bracket_set.id,
        alternatives=bracket_set.alternatives,
        optional=optional,
        padding=padding,
        comments=live,
        reference=bracket_set.reference,
    )


def paragraph_redline(*, session: Session, paragraph_id: int) -> tuple[Header, RedlinePage, ParagraphChange | None]:
    """One paragraph's redline from the last revision to the live text (the projection shows it on demand)."""
    document_id = get_or_404(session, Paragraph, paragraph_id).document_id
    head = header(session=session, document_id=document_id, start=None, end=None)
    page = redline_page(session=session, head=head)
    return head, page, next((p for p in page.paragraphs if p.id == paragraph_id), None)
