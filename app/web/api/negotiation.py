"""The JSON API under /api/v1: documents, amendments, positions, the chair's decisions, history, exports."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from app.services.documents import catalog as documents
from app.services.errors import NotFound
from app.services.formats import downloads
from app.services.negotiation import audit, chair, positions, proposals, revisions
from app.services.reading import document as views
from app.web.deps import SessionDep, WriteSessionDep
from app.web.security import ActorDep

router = APIRouter(prefix="/api/v1", tags=["negotiation"])

# Large enough for any real paragraph or draft; larger bodies are refused by the services with 413.
TEXT_LIMIT = 10_000_000


class DocumentIn(BaseModel):
    """A text to import as a new document."""

    title: str = Field(max_length=2000)
    text: str = Field(max_length=TEXT_LIMIT)
    language: str = Field(default="fr", max_length=16)
    symbol: str = Field(default="", max_length=100)


class AmendmentIn(BaseModel):
    """A paragraph's text as the delegation wants it, and the version it was written against."""

    text: str = Field(max_length=TEXT_LIMIT)
    base_version: int = Field(ge=1)
    on_behalf_of: str | None = Field(default=None, max_length=16)


class AlternativeIn(BaseModel):
    """A competing wording for a bracket set."""

    text: str = Field(max_length=TEXT_LIMIT)
    on_behalf_of: str | None = Field(default=None, max_length=16)


class PositionIn(BaseModel):
    """Support or objection."""

    stance: Literal["supports", "objects"]
    on_behalf_of: str | None = Field(default=None, max_length=16)


class ResolutionIn(BaseModel):
    """An alternative to keep, or a compromise text ("" = no text)."""

    alternative_id: int | None = None
    text: str | None = Field(default=None, max_length=TEXT_LIMIT)


class ValueIn(BaseModel):
    """A placeholder's value."""

    text: str = Field(max_length=10_000)


class StatusIn(BaseModel):
    """A paragraph status."""

    status: Literal["open", "informals", "ad_ref", "adopted"]


class ChairTextIn(BaseModel):
    """The chair's own text for a paragraph."""

    text: str = Field(max_length=TEXT_LIMIT)
    base_version: int = Field(ge=1)


class PhaseIn(BaseModel):
    """Whether delegations may propose."""

    proposals_open: bool


class RevisionIn(BaseModel):
    """A revision note."""

    note: str = Field(default="", max_length=5000)


@router.get("/documents")
def list_documents(session: SessionDep, _actor: ActorDep) -> list[dict[str, Any]]:
    """Every document with its counts."""
    return [asdict(summary) for summary in documents.list_summaries(session=session)]


@router.post("/documents", status_code=201)
def create_document(body: DocumentIn, session: WriteSessionDep, actor: ActorDep) -> dict[str, Any]:
    """Import a text as a new document (secretariat); Rev.0 is the text as imported."""
    document = documents.import_by(
        session=session, actor=actor, title=body.title, text=body.text, language=body.language, symbol=body.symbol
    )
    assert document.id is not None
    return views.document_data(session=session, document_id=document.id)


@router.get("/documents/{document_id}")
def get_document(document_id: int, session: SessionDep, _actor: ActorDep) -> dict[str, Any]:
    """The document tree: paragraphs with ids, labels, status, version and content."""
    return views.document_data(session=session, document_id=document_id)


@router.post("/paragraphs/{paragraph_id}/amendments", status_code=201)
def propose_amendment(
    paragraph_id: int, body: AmendmentIn, session: WriteSessionDep, actor: ActorDep
) -> dict[str, Any]:
    """Propose wording by sending the paragraph as the delegation wants it."""
    result = proposals.propose_amendment(
        session=session,
        actor=actor,
        paragraph_id=paragraph_id,
        text=body.text,
        base_version=body.base_version,
        on_behalf_of=body.on_behalf_of,
    )
    return _proposal(session, result)


@router.post("/bracket-sets/{bracket_set_id}/alternatives", status_code=201)
def add_alternative(
    bracket_set_id: int, body: AlternativeIn, session: WriteSessionDep, actor: ActorDep
) -> dict[str, Any]:
    """Add a competing wording to a bracket set."""
    result = proposals.add_alternative(
        session=session, actor=actor, bracket_set_id=bracket_set_id, text=body.text, on_behalf_of=body.on_behalf_of
    )
    return _proposal(session, result)


@router.put("/alternatives/{alternative_id}/position")
def take_position(alternative_id: int, body: PositionIn, session: WriteSessionDep, actor: ActorDep) -> dict[str, Any]:
    """Support or object to an alternative."""
    position = positions.take_position(
        session=session, actor=actor, alternative_id=alternative_id, stance=body.stance, on_behalf_of=body.on_behalf_of
    )
    return _alternative_set(session, position.alternative_id)


@router.delete("/alternatives/{alternative_id}/position")
def withdraw_position(
    alternative_id: int,
    session: WriteSessionDep,
    actor: ActorDep,
    on_behalf_of: Annotated[str | None, Query(max_length=16)] = None,
) -> dict[str, Any]:
    """Withdraw the delegation's position; the last sponsor withdrawing takes the alternative out of the text."""
    position = positions.withdraw(
        session=session, actor=actor, alternative_id=alternative_id, on_behalf_of=on_behalf_of
    )
    return _alternative_set(session, position.alternative_id)


@router.post("/bracket-sets/{bracket_set_id}/resolution")
def resolve(bracket_set_id: int, body: ResolutionIn, session: WriteSessionDep, actor: ActorDep) -> dict[str, Any]:
    """The chair resolves a bracket set with an alternative or a compromise text."""
    row = chair.resolve(
        session=session, actor=actor, bracket_set_id=bracket_set_id, alternative_id=body.alternative_id, text=body.text
    )
    return _set_and_paragraph(session, bracket_set_id, row.paragraph_id)


@router.delete("/bracket-sets/{bracket_set_id}/resolution")
def undo_resolution(bracket_set_id: int, session: WriteSessionDep, actor: ActorDep) -> dict[str, Any]:
    """The chair undoes a resolution."""
    row = chair.undo_resolution(session=session, actor=actor, bracket_set_id=bracket_set_id)
    return _set_and_paragraph(session, bracket_set_id, row.paragraph_id)


@router.post("/placeholders/{placeholder_id}/value")
def fill_placeholder(placeholder_id: int, body: ValueIn, session: WriteSessionDep, actor: ActorDep) -> dict[str, Any]:
    """The chair fills a placeholder."""
    chair.fill_placeholder(session=session, actor=actor, placeholder_id=placeholder_id, text=body.text)
    return {"placeholder_id": placeholder_id, "value": body.text}


@router.put("/paragraphs/{paragraph_id}/status")
def set_status(paragraph_id: int, body: StatusIn, session: WriteSessionDep, actor: ActorDep) -> dict[str, Any]:
    """The chair sets a paragraph's status."""
    chair.set_status(session=session, actor=actor, paragraph_id=paragraph_id, status=body.status)
    return views.paragraph_data(session=session, paragraph_id=paragraph_id)


@router.put("/paragraphs/{paragraph_id}/text")
def chair_text(paragraph_id: int, body: ChairTextIn, session: WriteSessionDep, actor: ActorDep) -> dict[str, Any]:
    """The chair edits a paragraph directly (chair's text)."""
    chair.edit_text(
        session=session, actor=actor, paragraph_id=paragraph_id, text=body.text, base_version=body.base_version
    )
    return views.paragraph_data(session=session, paragraph_id=paragraph_id)


@router.put("/documents/{document_id}/phase")
def set_phase(document_id: int, body: PhaseIn, session: WriteSessionDep, actor: ActorDep) -> dict[str, Any]:
    """The chair opens or closes the proposal phase."""
    document = chair.set_phase(
        session=session, actor=actor, document_id=document_id, proposals_open=body.proposals_open
    )
    return {"id": document.id, "proposals_open": document.proposals_open}


@router.post("/documents/{document_id}/revisions", status_code=201)
def issue_revision(document_id: int, body: RevisionIn, session: WriteSessionDep, actor: ActorDep) -> dict[str, Any]:
    """Issue the next revision."""
    revision = revisions.issue(session=session, actor=actor, document_id=document_id, note=body.note)
    return {"id": revision.id, "number": revision.number, "note": revision.note, "created_at": revision.created_at}


@router.get("/documents/{document_id}/revisions")
def list_revisions(document_id: int, session: SessionDep, _actor: ActorDep) -> list[dict[str, Any]]:
    """Every revision of a document."""
    documents.get(session=session, document_id=document_id)
    return [
        {"id": r.id, "number": r.number, "note": r.note, "created_at": r.created_at}
        for r in revisions.listing(session=session, document_id=document_id)
    ]


@router.get("/bracket-sets/{bracket_set_id}/history")
def set_history(bracket_set_id: int, session: SessionDep, _actor: ActorDep) -> dict[str, Any]:
    """A bracket set as it stands, and every change to it."""
    record = views.set_data(session=session, bracket_set_id=bracket_set_id)
    document_id = views.set_document(session=session, bracket_set_id=bracket_set_id)
    entries = audit.history(session=session, document_id=document_id, bracket_set_id=bracket_set_id)
    return record | {"history": [asdict(entry) for entry in entries]}


@router.get("/documents/{document_id}/export")
def export_document(
    document_id: int,
    session: SessionDep,
    _actor: ActorDep,
    format: Annotated[str, Query()] = "bracketed",
    revision: Annotated[int | None, Query(ge=0)] = None,
    unresolved: Annotated[Literal["refuse", "keep"], Query()] = "refuse",
    start: Annotated[str | None, Query(alias="from", max_length=16)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=16)] = None,
    footnotes: Annotated[Literal["none", "sponsors"] | None, Query()] = None,
    variant: Annotated[Literal["bracketed", "clean"], Query()] = "bracketed",
) -> Response:
    """The document as clean or bracketed text, Word, JSON backup or Akoma Ntoso (see downloads); a download."""
    request = downloads.Request(format, revision, start, end, footnotes, variant, keep_unresolved=unresolved == "keep")
    file = downloads.export_file(session=session, document_id=document_id, request=request)
    return Response(
        file.content, media_type=file.media_type, headers={"Content-Disposition": file.content_disposition()}
    )


def _proposal(session: SessionDep, result: proposals.Proposal) -> dict[str, Any]:
    view = views.DocumentView(session, views.paragraph_document(session=session, paragraph_id=result.paragraph_id))
    touched = [*result.new_sets, *result.changed_sets]
    return {
        "paragraph": view.paragraph(_paragraph(view, result.paragraph_id)),
        "rebased": result.rebased,
        "bracket_sets": [view.set_record(set_id) for set_id in touched],
        "new_alternatives": result.new_alternatives,
    }


def _paragraph(view: views.DocumentView, paragraph_id: int) -> Any:
    for paragraph in view.paragraphs:
        if paragraph.id == paragraph_id:
            return paragraph
    raise NotFound(f"there is no paragraph {paragraph_id}")


def _alternative_set(session: SessionDep, alternative_id: int) -> dict[str, Any]:
    return views.set_data(
        session=session, bracket_set_id=views.alternative_set(session=session, alternative_id=alternative_id)
    )


def _set_and_paragraph(session: SessionDep, bracket_set_id: int, paragraph_id: int) -> dict[str, Any]:
    return {
        "bracket_set": views.set_data(session=session, bracket_set_id=bracket_set_id),
        "paragraph": views.paragraph_data(session=session, paragraph_id=paragraph_id),
    }
