"""The room's screen: the document in large type, following what the chair puts under discussion, live."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.services.negotiation import room
from app.services.reading import page as reading
from app.services.reading import report_pages
from app.web.deps import SessionDep, UnitDep
from app.web.pages.documents import context
from app.web.security import ActorDep
from app.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False)


@router.get("/documents/{document_id}/project")
def project(document_id: int, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """The projection: every paragraph large, the one under discussion centred and marked."""
    page = reading.document_page(session=session, actor=actor, document_id=document_id)
    return render(request, "pages/documents/project.html", "pages/documents/project.html", context(page, preview=True))


@router.get("/documents/{document_id}/project/current")
def current(document_id: int, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """What is under discussion now (the projection follows it)."""
    page = reading.toolbar_page(session=session, actor=actor, document_id=document_id)
    return render(
        request, "partials/projection_current.html", "partials/projection_current.html", context(page, preview=True)
    )


@router.get("/paragraphs/{paragraph_id}/projected")
def projected_paragraph(paragraph_id: int, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """One paragraph as the projection shows it."""
    page = reading.paragraphs_page(session=session, actor=actor, paragraph_ids=[paragraph_id])
    extra = {"paragraph": page.paragraphs[0]}
    return render(
        request,
        "partials/projected_paragraph.html",
        "partials/projected_paragraph.html",
        context(page, preview=True) | extra,
    )


@router.get("/paragraphs/{paragraph_id}/redline-since-revision")
def paragraph_redline(paragraph_id: int, request: Request, session: SessionDep, _actor: ActorDep) -> Response:
    """The paragraph's changes since the last revision, for the room on demand."""
    head, redline, paragraph = report_pages.paragraph_redline(session=session, paragraph_id=paragraph_id)
    fragment = "partials/projection_redline.html"
    return render(request, fragment, fragment, {"head": head, "redline": redline, "p": paragraph})


@router.post("/documents/{document_id}/current")
async def put_under_discussion(
    document_id: int,
    request: Request,
    unit: UnitDep,
    actor: ActorDep,
    paragraph_id: int | None = Form(None),
    bracket_set_id: int | None = Form(None),
) -> Response:
    """The chair puts a paragraph (or one of its sets) on the room's screen."""
    change = await unit.write(
        lambda session: room.put_under_discussion(
            session=session,
            actor=actor,
            document_id=document_id,
            paragraph_id=paragraph_id,
            bracket_set_id=bracket_set_id,
        )
    )
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Trigger": "discussion-changed"})
    return RedirectResponse(f"/documents/{document_id}#p-{change.current_paragraph_id}", status_code=303)
