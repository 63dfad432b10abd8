"""The JSON API under /api/v1: documents, amendments, positions, the chair's decisions, history, exports."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.services.documents import catalog as documents
from app.services.documents import importing
from app.services.formats import downloads
from app.services.negotiation import audit, chair, comments, positions, proposals, revisions
from app.services.negotiation.change import Change
from app.services.reading import views
from app.services.reading.models import (
    BracketSetHistory,
    BracketSetView,
    DocumentSummary,
    DocumentView,
    ParagraphView,
    PhaseView,
    PlaceholderValue,
    ProposalView,
    RevisionView,
    SetAndParagraph,
)
from app.web.deps import ExportRequestDep, SessionDep, UnitDep
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
    format: Literal["text", "markdown"] = Field(
        default="text", description="How to read the text: `markdown` keeps links and `[^N]` references literal."
    )
    layout: Literal["lines", "wrapped"] | None = Field(
        default=None, description="One paragraph per line, or paragraphs wrapped over lines; detected when absent."
    )
    bare_numbers: Literal["negotiable", "literal"] = Field(
        default="negotiable",
        description="How a bare number in brackets (`[9]`) reads: a negotiable number, or a reference number (text).",
    )


class AmendmentIn(BaseModel):
    """A paragraph's text as the delegation wants it, and the version it was written against."""

    text: str = Field(max_length=TEXT_LIMIT)
    base_version: int = Field(ge=1)
    on_behalf_of: str | None = Field(default=None, max_length=16)
    accept_typography: bool = Field(
        default=False, description="Propose it even if it differs from existing wording only in typography."
    )
    reason: str | None = Field(
        default=None,
        max_length=4 * comments.MAX_COMMENT_CHARACTERS,
        description="Why the delegation proposes it: kept with the proposal, shown in the set panel and history.",
    )


class AlternativeIn(BaseModel):
    """A competing wording for a bracket set."""

    text: str = Field(max_length=TEXT_LIMIT)
    on_behalf_of: str | None = Field(default=None, max_length=16)
    accept_typography: bool = Field(
        default=False, description="Propose it even if it differs from existing wording only in typography."
    )
    reason: str | None = Field(
        default=None,
        max_length=4 * comments.MAX_COMMENT_CHARACTERS,
        description="Why the delegation proposes it: kept with the proposal, shown in the set panel and history.",
    )


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


@router.get("/documents")
def list_documents(session: SessionDep, _actor: ActorDep) -> list[DocumentSummary]:
    """Every document with its counts."""
    return documents.list_summaries(session=session)


@router.post("/documents", status_code=201)
async def create_document(body: DocumentIn, unit: UnitDep, actor: ActorDep) -> DocumentView:
    """Import a text as a new document (secretariat); Rev.0 is the text as imported."""
    draft = importing.Draft(body.text, format=body.format, layout=body.layout, bare_numbers=body.bare_numbers)
    change = await unit.write(
        lambda session: importing.confirm(
            session=session, actor=actor, draft=draft, title=body.title, language=body.language, symbol=body.symbol
        )
    )
    return await unit.read(lambda session: views.document_view(session=session, document_id=change.document_id))


@router.get("/documents/{document_id}")
def get_document(document_id: int, session: SessionDep, _actor: ActorDep) -> DocumentView:
    """The document tree: paragraphs with ids, labels, status, version and content."""
    return views.document_view(session=session, document_id=document_id)


@router.post("/paragraphs/{paragraph_id}/amendments", status_code=201)
async def propose_amendment(paragraph_id: int, body: AmendmentIn, unit: UnitDep, actor: ActorDep) -> ProposalView:
    """Propose wording by sending the paragraph as the delegation wants it."""
    return await unit.write_and_read(
        lambda session: proposals.propose_amendment(
            session=session,
            actor=actor,
            paragraph_id=paragraph_id,
            text=body.text,
            base_version=body.base_version,
            on_behalf_of=body.on_behalf_of,
            accept_typography=body.accept_typography,
            reason=body.reason,
        ),
        _proposal,
    )


@router.post("/bracket-sets/{bracket_set_id}/alternatives", status_code=201)
async def add_alternative(bracket_set_id: int, body: AlternativeIn, unit: UnitDep, actor: ActorDep) -> ProposalView:
    """Add a competing wording to a bracket set."""
    return await unit.write_and_read(
        lambda session: proposals.add_alternative(
            session=session,
            actor=actor,
            bracket_set_id=bracket_set_id,
            text=body.text,
            on_behalf_of=body.on_behalf_of,
            accept_typography=body.accept_typography,
            reason=body.reason,
        ),
        _proposal,
    )


@router.put("/alternatives/{alternative_id}/position")
async def take_position(alternative_id: int, body: PositionIn, unit: UnitDep, actor: ActorDep) -> BracketSetView:
    """Support or object to an alternative."""
    return await unit.write_and_read(
        lambda session: positions.take_position(
            session=session,
            actor=actor,
            alternative_id=alternative_id,
            stance=body.stance,
            on_behalf_of=body.on_behalf_of,
        ),
        _bracket_set,
    )


@router.delete("/alternatives/{alternative_id}/position")
async def withdraw_position(
    alternative_id: int,
    unit: UnitDep,
    actor: ActorDep,
    on_behalf_of: Annotated[str | None, Query(max_length=16)] = None,
) -> BracketSetView:
    """Withdraw the delegation's position; the last sponsor withdrawing takes the alternative out of the text."""
    return await unit.write_and_read(
        lambda session: positions.withdraw(
            session=session, actor=actor, alternative_id=alternative_id, on_behalf_of=on_behalf_of
        ),
        _bracket_set,
    )


@router.post("/bracket-sets/{bracket_set_id}/resolution")
async def resolve(bracket_set_id: int, body: ResolutionIn, unit: UnitDep, actor: ActorDep) -> SetAndParagraph:
    """The chair resolves a bracket set with an alternative or a compromise text."""
    return await unit.write_and_read(
        lambda session: chair.resolve(
            session=session,
            actor=actor,
            bracket_set_id=bracket_set_id,
            alternative_id=body.alternative_id,
            text=body.text,
        ),
        _set_and_paragraph,
    )


@router.delete("/bracket-sets/{bracket_set_id}/resolution")
async def undo_resolution(bracket_set_id: int, unit: UnitDep, actor: ActorDep) -> SetAndParagraph:
    """The chair undoes a resolution."""
    return await unit.write_and_read(
        lambda session: chair.undo_resolution(session=session, actor=actor, bracket_set_id=bracket_set_id),
        _set_and_paragraph,
    )


@router.post("/placeholders/{placeholder_id}/value")
async def fill_placeholder(placeholder_id: int, body: ValueIn, unit: UnitDep, actor: ActorDep) -> PlaceholderValue:
    """The chair fills a placeholder."""
    await unit.write(
        lambda session: chair.fill_placeholder(
            session=session, actor=actor, placeholder_id=placeholder_id, text=body.text
        )
    )
    return PlaceholderValue(placeholder_id=placeholder_id, value=body.text)


@router.put("/paragraphs/{paragraph_id}/status")
async def set_status(paragraph_id: int, body: StatusIn, unit: UnitDep, actor: ActorDep) -> ParagraphView:
    """The chair sets a paragraph's status."""
    await unit.write(
        lambda session: chair.set_status(session=session, actor=actor, paragraph_id=paragraph_id, status=body.status)
    )
    return await unit.read(lambda session: views.paragraph_view(session=session, paragraph_id=paragraph_id))


@router.put("/paragraphs/{paragraph_id}/text")
async def chair_text(paragraph_id: int, body: ChairTextIn, unit: UnitDep, actor: ActorDep) -> ParagraphView:
    """The chair edits a paragraph directly (chair's text)."""
    await unit.write(
        lambda session: chair.edit_text(
            session=session, actor=actor, paragraph_id=paragraph_id, text=body.text, base_version=body.base_version
        )
    )
    return await unit.read(lambda session: views.paragraph_view(session=session, paragraph_id=paragraph_id))


@router.put("/documents/{document_id}/phase")
async def set_phase(document_id: int, body: PhaseIn, unit: UnitDep, actor: ActorDep) -> PhaseView:
    """The chair opens or closes the proposal phase."""
    await unit.write(
        lambda session: chair.set_phase(
            session=session, actor=actor, document_id=document_id, proposals_open=body.proposals_open
        )
    )
    return PhaseView(id=document_id, proposals_open=body.proposals_open)


@router.get("/documents/{document_id}/revisions")
def list_revisions(document_id: int, session: SessionDep, _actor: ActorDep) -> list[RevisionView]:
    """Every revision of a document."""
    documents.get(session=session, document_id=document_id)
    return revisions.views(session=session, document_id=document_id)


@router.get("/bracket-sets/{bracket_set_id}/history")
def set_history(bracket_set_id: int, session: SessionDep, _actor: ActorDep) -> BracketSetHistory:
    """A bracket set as it stands, and every change to it."""
    record = views.set_view(session=session, bracket_set_id=bracket_set_id)
    document_id = views.set_document(session=session, bracket_set_id=bracket_set_id)
    entries = audit.history(session=session, document_id=document_id, bracket_set_id=bracket_set_id)
    return BracketSetHistory(**dict(record), history=entries)


@router.get(
    "/documents/{document_id}/export",
    response_class=Response,
    responses={200: {"description": "The file, as a download.", "content": {m: {} for m in downloads.MEDIA_TYPES}}},
)
def export_document(document_id: int, session: SessionDep, _actor: ActorDep, request: ExportRequestDep) -> Response:
    """The document as clean or bracketed text, Word, JSON backup or Akoma Ntoso (see downloads); a download."""
    file = downloads.export_file(session=session, document_id=document_id, request=request)
    return Response(
        file.content, media_type=file.media_type, headers={"Content-Disposition": file.content_disposition()}
    )


def _proposal(session: Session, change: Change) -> ProposalView:
    paragraph_id = change.paragraph_id
    assert paragraph_id is not None
    assert change.written is not None  # a proposal's change holds the paragraph as it stored it
    reader = views.written_reader(session=session, document_id=change.document_id, written=change.written)
    return ProposalView(
        paragraph=reader.paragraph(reader.row(paragraph_id), tree=change.written.tree),
        rebased=change.rebased,
        bracket_sets=[reader.set_view(set_id) for set_id in change.bracket_set_ids],
        new_alternatives=list(change.alternative_ids),
    )


def _bracket_set(session: Session, change: Change) -> BracketSetView:
    set_id = change.bracket_set_id
    assert set_id is not None
    return views.set_view(session=session, bracket_set_id=set_id)


def _set_and_paragraph(session: Session, change: Change) -> SetAndParagraph:
    set_id = change.bracket_set_id
    assert set_id is not None
    return views.set_and_paragraph(session=session, bracket_set_id=set_id, paragraph_ids=change.paragraph_ids)
