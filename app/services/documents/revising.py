"""Importing the next version of a document, written outside the tool, as its next revision (Rev.N+1).

`preview` tells how the new text's paragraphs align with the live ones (unchanged, edited, moved, split,
merged, added, deleted) and what becomes of every open bracket set (kept, dropped, resolved); nothing stored.
`confirm` stores it: matched paragraphs keep their rows and take the new content, carried sets keep their rows
(sponsors, supporters and objectors with them), ended sets are dropped or resolved by Rev.N+1, split parts are
inserted as derived from their paragraph, merged and deleted paragraphs retire; then the revision's snapshot,
which must be the imported text byte for byte, or nothing is stored.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from app import domain
from app.models import Paragraph, Revision
from app.services import permissions
from app.services.accounts.auth import Actor
from app.services.documents import catalog as documents
from app.services.documents import revision_store
from app.services.documents.importing import Draft
from app.services.documents.revision_plan import Plan, Step, plan
from app.services.errors import Conflict, Invalid
from app.services.negotiation import audit, change, revisions
from app.services.negotiation.audit import Subject
from app.services.negotiation.change import Change
from app.services.negotiation.content import Contents
from app.services.negotiation.editing import lock_document
from app.services.reading.revise_models import AlignedParagraph, RevisionCounts, RevisionPreview, SetFateView

EXCERPT = 160


def next_number(*, session: Session, document_id: int) -> int:
    """The number the next revision of a document takes."""
    latest = session.exec(select(func.max(Revision.number)).where(Revision.document_id == document_id)).one()
    return (latest if latest is not None else -1) + 1


def from_textarea(*, session: Session, document_id: int, text: str) -> str:
    """A pasted next version as a browser's textarea sent it (CRLF line breaks), with the document's own breaks."""
    if "\r\n" not in text or "\r" in documents.bracketed_source(session=session, document_id=document_id):
        return text
    return text.replace("\r\n", "\n")


def preview(*, session: Session, actor: Actor | None, document_id: int, draft: Draft) -> RevisionPreview:
    """What importing this next version would do, stored nowhere."""
    if actor is not None:
        permissions.require_revision_issuer(actor)
    document = documents.get(session=session, document_id=document_id)
    found = plan(session=session, document=document, text=draft.text)
    return _preview(found, draft, next_number(session=session, document_id=document_id))


def confirm(
    *, session: Session, actor: Actor | None, document_id: int, draft: Draft, note: str, expected: int | None = None
) -> Change:
    """Issue the next version as Rev.N+1 (`expected`: the number its preview showed); all of it stored, or nothing."""
    if actor is not None:
        permissions.require_revision_issuer(actor)
    if len(note) > revisions.MAX_NOTE_LENGTH:
        raise Invalid(f"note: {len(note)} characters; at most {revisions.MAX_NOTE_LENGTH} are allowed")
    document = lock_document(session=session, document_id=document_id)
    number = next_number(session=session, document_id=document_id)
    if expected is not None and expected != number:
        raise Conflict(
            f"Rev.{number - 1} was issued after this preview (for Rev.{expected}); preview the next version again"
        )
    found = plan(session=session, document=document, text=draft.text)
    stored = revision_store.store(session=session, plan=found, actor=actor, number=number)
    _check(session, document_id, stored.paragraphs, draft.text)
    revisions.snapshot(session=session, document=document, number=number, note=note.strip(), actor=actor)
    counts = _counts(found)
    summary = (  # ends with "issued Rev.N", as every revision's summary does (live updates read the number there)
        f"next version imported ({counts.edited} edited, {counts.moved} moved, {counts.split} split, "
        f"{counts.merged} merged, {counts.added} added, {counts.deleted} deleted; {counts.sets_dropped} bracket "
        f"sets dropped, {counts.sets_resolved} resolved): issued Rev.{number}"
    )
    event = audit.record(session=session, subject=Subject(document_id), actor=actor, action="revision", summary=summary)
    return change.commit(
        session=session,
        kind="revision",
        document_id=document_id,
        events=[*stored.events, event],
        paragraphs=stored.paragraphs,
        bracket_set_ids=stored.ended,
        revision=number,
    )


def _check(session: Session, document_id: int, touched: list[Paragraph], text: str) -> None:
    """The stored rows give the imported text back (a bug otherwise: nothing is committed)."""
    session.flush()
    touched = [p for p in touched if p.retired_at is None]  # a retired paragraph keeps its text as it left
    contents = Contents(session, document_id, [p.id for p in touched if p.id is not None])
    wrong = [p.id for p in touched if domain.render_inlines(contents.tree(p.content)) != p.text]
    if wrong or documents.bracketed_source(session=session, document_id=document_id) != text:
        session.rollback()
        raise RuntimeError(f"document {document_id}: the stored next version does not render as imported {wrong}")


def _preview(found: Plan, draft: Draft, number: int) -> RevisionPreview:
    fates = found.fates()
    paragraphs = [_aligned(step, found, fates) for step in found.steps]
    return RevisionPreview(
        document_id=found.document.id or 0,
        number=number,
        format=draft.format,
        paragraphs_before=len(found.live),
        paragraphs_after=len(found.tree.paragraphs),
        counts=_counts(found),
        paragraphs=paragraphs,
        sets=_set_fates(found, fates),
        unmatched_brackets=len(found.tree.warnings),
    )


def _aligned(step: Step, found: Plan, fates: dict[int, str]) -> AlignedParagraph:
    open_sets = step.open_sets(found.trees)
    if step.carried is not None:
        new_sets = sum(1 for c in step.carried.contents for s in domain.bracket_sets_in(c) if s.key is None)
    else:
        new_sets = 0 if step.old else sum(len(domain.bracket_sets_in(node.content)) for node in step.new)
    source = domain.render_inlines(step.new[0].content) if step.new else step.old[0].text
    return AlignedParagraph(
        kind=step.op.kind,
        moved=step.op.moved,
        old_ids=[p.id or 0 for p in step.old],
        old_labels=[p.label for p in step.old],
        new_positions=list(step.op.new),
        new_labels=[node.label for node in step.new],
        excerpt=_excerpt(source),
        similarity=step.op.similarity,
        sets_kept=sum(1 for key in open_sets if fates.get(key) == "kept"),
        sets_dropped=sum(1 for key in open_sets if fates.get(key) == "dropped"),
        sets_resolved=sum(1 for key in open_sets if fates.get(key) == "resolved"),
        sets_new=new_sets,
    )


def _counts(found: Plan) -> RevisionCounts:
    fates = list(found.fates().values())
    alignment = found.alignment
    added_sets = sum(len(domain.bracket_sets_in(node.content)) for node in found.tree.paragraphs)
    return RevisionCounts(
        unchanged=alignment.count("unchanged"),
        edited=alignment.count("edited"),
        moved=alignment.moved,
        split=alignment.count("split"),
        merged=alignment.count("merged"),
        added=alignment.count("added"),
        deleted=alignment.count("deleted"),
        sets_kept=fates.count("kept"),
        sets_dropped=fates.count("dropped"),
        sets_resolved=fates.count("resolved"),
        sets_new=max(0, added_sets - fates.count("kept")),
        block_sets_kept=len(found.blocks_kept),
        block_sets_dropped=len(found.blocks_dropped),
        block_sets_new=len(found.blocks_new),
    )


def _set_fates(found: Plan, fates: dict[int, str]) -> list[SetFateView]:
    result = []
    for step in found.steps:
        for paragraph in step.old:
            for node in domain.bracket_sets_in(found.trees[paragraph.id or 0]):
                if node.key is None:
                    continue
                standing = step.carried.resolved.get(node.key) if step.carried else None
                result.append(
                    SetFateView(
                        bracket_set_id=node.key,
                        paragraph_id=paragraph.id or 0,
                        paragraph_label=paragraph.label,
                        fate=fates.get(node.key, "kept"),
                        alternatives=[_excerpt(domain.render_inlines(a.content), 80) for a in node.alternatives],
                        standing=_standing(node, standing),
                    )
                )
    return result


def _standing(node: domain.BracketSet, key: int | None) -> str | None:
    chosen = next((a for a in node.alternatives if key is not None and a.key == key), None)
    return _excerpt(domain.render_inlines(chosen.content), 80) if chosen else None


def _excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
