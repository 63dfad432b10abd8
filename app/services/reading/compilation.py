"""The compilation table: per paragraph, each open bracket set with its alternatives in columns, who backs them,
and what delegations said about it (comments, reasons given with proposals, kept Word comments)."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session

from app.domain import bracket_sets_in
from app.services.reading import comments as comment_reading
from app.services.reading.document import DocumentReader
from app.services.reading.report_models import Compilation, CompiledParagraph, CompiledSet


def _numbers(view: DocumentReader) -> dict[int, str]:
    """`set 2` for each set: numbered within its paragraph in the order they came to be (as `references` does),
    from the rows already loaded rather than one query a set."""
    by_paragraph: dict[int, list[int]] = defaultdict(list)
    for set_id, row in view.contents.sets.items():
        if row.scope == "inline":
            by_paragraph[row.paragraph_id].append(set_id)
    return {set_id: f"set {n}" for ids in by_paragraph.values() for n, set_id in enumerate(sorted(ids), start=1)}


def compilation(*, session: Session, document_id: int, contested_only: bool = False) -> Compilation:
    """Every paragraph with its open bracket sets (nested ones too), alternatives side by side with positions."""
    view = DocumentReader(session, document_id)
    said = comment_reading.in_document(session=session, document_id=document_id)
    by_set, by_paragraph = comment_reading.grouped(said)
    numbers = _numbers(view)
    rows: list[CompiledParagraph] = []
    for paragraph in view.paragraphs:
        # The document's own bracket set read as a column set: its content tree is left out (wording only).
        sets = [
            CompiledSet.model_validate(view.bracket_set(node), from_attributes=True).model_copy(
                update={"comments": by_set.get(node.key or 0, []), "reference": numbers.get(node.key or 0, "")}
            )
            for node in bracket_sets_in(view.contents.tree(paragraph.content))
        ]
        if contested_only and not sets:
            continue
        rows.append(
            CompiledParagraph(
                id=paragraph.id,
                label=paragraph.label,
                kind=paragraph.kind,
                status=str(paragraph.status),
                text=paragraph.text,
                bracket_sets=sets,
                comments=by_paragraph.get(paragraph.id or 0, []),
            )
        )
    widest = max((len(s.alternatives) for row in rows for s in row.bracket_sets), default=0)
    return Compilation(document_id=document_id, title=view.document.title, columns=widest, paragraphs=rows)
