"""What the report pages show: redlines, a delegation's report, statistics and the compilation, labelled for people.

The numbers come from the report services; this module only shapes them for the templates (labels, titles,
choices of versions and delegations), so that the templates decide nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.services.accounts import delegations
from app.services.documents import catalog as documents
from app.services.reading import compilation, redlines, statistics, versions
from app.services.reading import fates as reports
from app.services.reading import page as reading
from app.services.reading.charts import SeriesPoint, open_sets_chart
from app.services.reading.redlines import ParagraphRedline

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
PRESENCE_LABELS = {"both": "", "added": "new paragraph", "removed": "paragraph removed"}
EXCERPT = 240


@dataclass(frozen=True, slots=True)
class Header:
    """The document the page is about, and the choices its forms offer."""

    id: int
    title: str
    symbol: str
    language: str
    versions: list[tuple[str, str]]  # (ref, name): every revision, then the live text
    start: str
    end: str


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a redline: equal, insert or delete, with who made it."""

    kind: str
    text: str
    title: str = ""


@dataclass(slots=True)
class ParagraphChange:
    """One paragraph of a redline as the page shows it."""

    id: int
    label: str
    status_label: str
    presence_label: str
    changed: bool
    inline: list[Piece]
    before: list[Piece]
    after: list[Piece]
    bracket_changes: list[dict[str, Any]] = field(default_factory=list)


def when(at: datetime | str | None) -> str:
    """A moment as the room says it: 29 Nov 02:47."""
    if at is None:
        return ""
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    return moment.strftime("%d %b %H:%M")


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
    choices = [(str(number), f"Rev.{number} — {when(at)}") for number, at in times]
    choices.append((versions.LIVE, "Live text (now)"))
    default_start = str(times[-1][0]) if times else versions.LIVE
    first = versions.parse_ref(start if start else default_start, field="from")
    last = versions.parse_ref(end if end else versions.LIVE, field="to")
    return Header(document.id or 0, document.title, document.symbol, document.language, choices, first, last)


def version_name(ref: str) -> str:
    """Rev.2, or the live text."""
    return "the live text" if ref == versions.LIVE else f"Rev.{ref}"


def redline_page(*, session: Session, head: Header) -> dict[str, Any]:
    """The redline between the header's two versions: summary lines, changed paragraphs, unchanged count."""
    result = redlines.compute(session=session, document_id=head.id, start=head.start, end=head.end)
    summary = result.summary()
    names = paragraph_names(session=session, document_id=head.id)
    shown = [_paragraph(p, names.get(p.id, "¶")) for p in result.paragraphs]
    changed = [p for p in shown if p.changed]
    kinds = [
        (CHANGE_LABELS.get(kind, (kind, kind))[count != 1], count) for kind, count in summary["bracket_changes"].items()
    ]
    return {
        "from_name": version_name(head.start),
        "to_name": version_name(head.end),
        "summary": summary,
        "bracket_kinds": kinds,
        "paragraphs": shown,
        "changed_count": len(changed),
        "unchanged_count": len(shown) - len(changed),
    }


def _paragraph(paragraph: ParagraphRedline, name: str) -> ParagraphChange:
    inline: list[Piece] = []
    for op in paragraph.ops:
        author = paragraph.author_of(op)
        title = f"by {author.label}, {when(author.at)}" if author and op.kind != "equal" else ""
        inline.append(Piece(op.kind, op.text, title))
    changes = [c | {"when": when(c.get("at"))} for c in paragraph.bracket_changes]
    return ParagraphChange(
        id=paragraph.id,
        label=paragraph.label or name,
        status_label=reading.STATUS_LABELS.get(paragraph.status, paragraph.status),
        presence_label=PRESENCE_LABELS[paragraph.presence],
        changed=paragraph.changed or bool(changes) or paragraph.presence != "both",
        inline=inline,
        before=[p for p in inline if p.kind != "insert"],
        after=[p for p in inline if p.kind != "delete"],
        bracket_changes=changes,
    )


def delegation_choices(*, session: Session) -> list[tuple[str, str]]:
    """Every delegation as (code, name), by code."""
    return [(d.code, d.name) for d in delegations.list_all(session=session)]


def report_page(*, session: Session, head: Header, code: str) -> dict[str, Any]:
    """A delegation's report with human labels for stances and fates."""
    data = reports.delegation_report(session=session, document_id=head.id, code=code, start=head.start, end=head.end)
    names = paragraph_names(session=session, document_id=head.id)
    for item in data["items"]:
        item["paragraph_name"] = names.get(item["paragraph_id"], "¶")
        item["stance_label"] = STANCE_LABELS.get(item["stance"], item["stance"])
        item["fate_label"] = FATE_LABELS.get(item["fate"], item["fate"])
        earlier = item["fate_at_from"]
        item["earlier_label"] = FATE_LABELS.get(earlier, earlier) if earlier and earlier != item["fate"] else ""
        item["prevailed_label"] = PREVAILED_LABELS[item["prevailed"]]
        item["taken"] = when(item["taken_at"])
        replaced = item["fate"] in ("other_alternative_chosen", "replaced_by_compromise")
        item["replaced_by"] = item["outcome_text"] if replaced else None
    data["fates"] = [(fate, FATE_LABELS[fate], data["summary"][fate]) for fate in reports.FATES]
    data["from_name"], data["to_name"] = version_name(data["from"]), version_name(data["to"])
    return data


def statistics_page(*, session: Session, document_id: int) -> dict[str, Any]:
    """The statistics with the chart of open bracket sets per revision, and names of delegations."""
    data = statistics.document_statistics(session=session, document_id=document_id)
    series = [
        SeriesPoint(p["label"], p["open_bracket_sets"], p["placeholders"], p["number"]) for p in data["revisions"]
    ]
    known = _paragraphs(session, document_id)
    for paragraph in data["paragraphs"]:
        name, text = known.get(paragraph["id"], ("¶", ""))
        paragraph["status_label"] = reading.STATUS_LABELS.get(paragraph["status"], paragraph["status"])
        paragraph["name"], paragraph["excerpt"] = name, excerpt(text, 110)
    contested = [p for p in data["paragraphs"] if p["open_bracket_sets"] or p["positions"]]
    return data | {
        "chart": open_sets_chart(series),
        "contested": contested,
        "quiet_count": len(data["paragraphs"]) - len(contested),
        "names": dict(delegation_choices(session=session)),
    }


def compilation_page(*, session: Session, document_id: int, contested_only: bool) -> dict[str, Any]:
    """The compilation table: per paragraph an excerpt, per open set its alternatives in columns."""
    data = compilation.compilation(session=session, document_id=document_id, contested_only=contested_only)
    sets = [s for p in data["paragraphs"] for s in p["bracket_sets"]]
    for bracket_set in sets:
        # A set of one alternative is an optional bracket: keep the words or delete them (a column of its own).
        bracket_set["optional"] = len(bracket_set["alternatives"]) == 1
    span = max([len(s["alternatives"]) + s["optional"] for s in sets] + [1])
    for bracket_set in sets:
        bracket_set["padding"] = span - len(bracket_set["alternatives"]) - bracket_set["optional"]
    names = paragraph_names(session=session, document_id=document_id)
    for paragraph in data["paragraphs"]:
        paragraph["name"] = names.get(paragraph["id"], "¶")
        paragraph["excerpt"] = excerpt(paragraph["text"])
        paragraph["status_label"] = reading.STATUS_LABELS.get(paragraph["status"], paragraph["status"])
    delegation_names = dict(delegation_choices(session=session))
    return data | {"span": span, "set_count": len(sets), "names": delegation_names}
