"""The secretariat's page for a next version: paste or upload it, see how it aligns and what becomes of every set,
confirm, and land on the redline of the new revision."""

from __future__ import annotations

import base64

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from app.services import permissions
from app.services.documents import catalog as documents
from app.services.documents import importing, revising
from app.web.deps import SessionDep, UnitDep
from app.web.security import ActorDep
from app.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False)
TEXT_LIMIT = documents.MAX_DOCUMENT_CHARACTERS + 1
PAGE = "pages/documents/revise.html"


@router.get("/documents/{document_id}/revise")
def revise_form(document_id: int, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """The form for the next version."""
    permissions.require_revision_issuer(actor)
    context = _context(session, actor, document_id)
    return render(request, PAGE, PAGE, context)


@router.post("/documents/{document_id}/revise/preview")
def preview_revision(
    document_id: int,
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    note: str = Form("", max_length=2000),
    text: str = Form("", max_length=TEXT_LIMIT),
    format: str = Form("", max_length=20),
    file: UploadFile | None = File(None),
) -> Response:
    """Align the pasted text or the uploaded file with the live text and show the plan; nothing stored."""
    permissions.require_revision_issuer(actor)
    text = revising.from_textarea(session=session, document_id=document_id, text=text)
    draft = importing.pasted(text, format=format or None)
    if file is not None and file.filename:
        # A plain `def` route: the file is read and parsed in a worker thread, never on the event loop.
        data = file.file.read(importing.MAX_UPLOAD_BYTES + 1)
        draft = importing.read_draft(data, file.filename, format=format or None)
    found = revising.preview(session=session, actor=actor, document_id=document_id, draft=draft)
    payload = base64.b64encode(draft.text.encode("utf-8")).decode("ascii")
    extra = {"preview": found, "payload": payload, "note": note, "format": draft.format}
    context = _context(session, actor, document_id) | extra
    return render(request, PAGE, "partials/revise_preview.html", context)


@router.post("/documents/{document_id}/revise")
async def confirm_revision(
    document_id: int,
    request: Request,
    unit: UnitDep,
    actor: ActorDep,
    payload: str = Form(..., max_length=2 * importing.MAX_UPLOAD_BYTES),
    note: str = Form("", max_length=2000),
    format: str = Form("text", max_length=20),
    number: int | None = Form(None, ge=0),
) -> Response:
    """Issue the previewed text, exactly as previewed, as the next revision and open its redline."""
    draft = importing.pasted(importing.decode_payload(payload), format=format)
    change = await unit.write(
        lambda session: revising.confirm(
            session=session, actor=actor, document_id=document_id, draft=draft, note=note, expected=number
        )
    )
    number = change.revision or 0
    target = f"/documents/{document_id}/redline?from={max(0, number - 1)}&to={number}"
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _context(session: SessionDep, actor: ActorDep, document_id: int) -> dict[str, object]:
    document = documents.get(session=session, document_id=document_id)
    caps = permissions.capabilities(session=session, actor=actor)
    number = revising.next_number(session=session, document_id=document_id)
    return {"nav_caps": caps, "document": document, "number": number}
