"""The compilation table: per paragraph, each open bracket set with its alternatives in columns and who backs them."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app.domain import bracket_sets_in
from app.services.reading.document import DocumentReader


def compilation(*, session: Session, document_id: int, contested_only: bool = False) -> dict[str, Any]:
    """Every paragraph with its open bracket sets (nested ones too), alternatives side by side with positions."""
    view = DocumentReader(session, document_id)
    rows: list[dict[str, Any]] = []
    for paragraph in view.paragraphs:
        sets = [
            view.bracket_set(node).model_dump(exclude={"alternatives": {"__all__": {"content", "offset"}}})
            for node in bracket_sets_in(view.contents.tree(paragraph.content))
        ]
        if contested_only and not sets:
            continue
        rows.append(
            {
                "id": paragraph.id,
                "label": paragraph.label,
                "kind": paragraph.kind,
                "status": str(paragraph.status),
                "text": paragraph.text,
                "bracket_sets": sets,
            }
        )
    widest = max((len(s["alternatives"]) for row in rows for s in row["bracket_sets"]), default=0)
    return {
        "document_id": document_id,
        "title": view.document.title,
        "columns": widest,
        "paragraphs": rows,
    }
