"""What the chair (and the secretariat) do on the document page: resolve, undo, fill, statuses, phases, revisions.

Destructive steps ask first: an empty compromise deletes the passage, so the page shows what will go and waits
for a second, explicit click (the API, for its part, already requires the empty text to be sent on purpose).
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from app.services.errors import Invalid
from app.services.negotiation import chair, revisions
from app.services.negotiation.editing import MAX_PARAGRAPH_CHARACTERS
from app.services.reading import set_panel as panels
from app.services.reading.revision_summary import revision_summary
from app.web.deps import UnitDep
from app.web.pages.actions import changed, toolbar
from app.web.security import ActorDep
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.post("/bracket-sets/{bracket_set_id}/resolve")
async def resolve(
    bracket_set_id: int,
    request: Request,
    unit: UnitDep,
    actor: ActorDep,
    alternative_id: int | None = Form(None),
    text: str = Form("", max_length=MAX_PARAGRAPH_CHARACTERS + 1),
    compromise: str = Form(""),
    confirm_empty: str = Form("", max_length=5),
) -> Response:
    """The chair resolves a set with one of its alternatives or with compromise text (no text: asked first)."""
    if compromise and not text.strip() and confirm_empty != "yes":
        return await _ask_empty(request, unit, actor, bracket_set_id)
    change = await unit.write(
        lambda session: chair.resolve(
            session=session,
            actor=actor,
            bracket_set_id=bracket_set_id,
            alternative_id=alternative_id,
            text=text if compromise else None,
        )
    )
    return await changed(request, unit, actor, change, panel=bracket_set_id, notice="The set is resolved.")


@router.post("/bracket-sets/{bracket_set_id}/undo")
async def undo(bracket_set_id: int, request: Request, unit: UnitDep, actor: ActorDep) -> Response:
    """The chair undoes a resolution."""
    change = await unit.write(
        lambda session: chair.undo_resolution(session=session, actor=actor, bracket_set_id=bracket_set_id)
    )
    return await changed(request, unit, actor, change, panel=bracket_set_id, notice="The set is open again.")


@router.post("/placeholders/{placeholder_id}/fill")
async def fill(
    placeholder_id: int,
    request: Request,
    unit: UnitDep,
    actor: ActorDep,
    text: str = Form("", max_length=MAX_PARAGRAPH_CHARACTERS + 1),
) -> Response:
    """The chair fills a placeholder."""
    change = await unit.write(
        lambda session: chair.fill_placeholder(session=session, actor=actor, placeholder_id=placeholder_id, text=text)
    )
    return await changed(request, unit, actor, change, main="notice", notice="Placeholder filled.")


@router.post("/paragraphs/{paragraph_id}/status")
async def set_status(
    paragraph_id: int, request: Request, unit: UnitDep, actor: ActorDep, status: str = Form(..., max_length=20)
) -> Response:
    """The chair sets a paragraph's status."""
    change = await unit.write(
        lambda session: chair.set_status(session=session, actor=actor, paragraph_id=paragraph_id, status=status)
    )
    return await changed(request, unit, actor, change, main="paragraph")


@router.post("/documents/{document_id}/phase")
async def set_phase(
    document_id: int, request: Request, unit: UnitDep, actor: ActorDep, proposals_open: str = Form(..., max_length=5)
) -> Response:
    """The chair opens or closes the proposal phase."""
    if proposals_open not in ("true", "false"):
        raise Invalid("proposals_open: say true or false")
    opened = proposals_open == "true"
    change = await unit.write(
        lambda session: chair.set_phase(session=session, actor=actor, document_id=document_id, proposals_open=opened)
    )
    notice = "The proposal phase is now " + ("open." if opened else "closed.")
    return await toolbar(request, unit, actor, change, notice)


@router.post("/documents/{document_id}/revisions")
async def issue_revision(
    document_id: int, request: Request, unit: UnitDep, actor: ActorDep, note: str = Form("", max_length=2000)
) -> Response:
    """Issue the next revision."""
    change = await unit.write(
        lambda session: revisions.issue(session=session, actor=actor, document_id=document_id, note=note)
    )
    number = change.revision
    assert number is not None
    summary = await unit.read(lambda session: revision_summary(session=session, document_id=document_id, number=number))
    return await toolbar(request, unit, actor, change, f"Rev.{number} issued.", {"summary": summary})


async def _ask_empty(request: Request, unit: UnitDep, actor: ActorDep, bracket_set_id: int) -> Response:
    """The panel again, asking whether the passage is really to be deleted."""

    def read(session: Session) -> panels.SetPanel:
        return panels.set_panel(session=session, actor=actor, bracket_set_id=bracket_set_id)

    panel = await unit.read(read)
    context = {"panel": panel, "nav_caps": panel.caps, "confirm_empty": True}
    return render(request, "pages/documents/set.html", "partials/set_panel.html", context)
