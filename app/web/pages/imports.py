"""The secretariat's import page: paste or upload a draft, see what was detected, confirm."""

from __future__ import annotations

import base64

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from app.services import permissions
from app.services.documents import catalog as documents
from app.services.documents import importing
from app.web.deps import SessionDep, UnitDep
from app.web.security import ActorDep
from app.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False)
TEXT_LIMIT = documents.MAX_DOCUMENT_CHARACTERS + 1


@router.get("/import")
def import_form(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """The import form."""
    permissions.require_secretariat(actor, "import documents")
    caps = permissions.capabilities(session=session, actor=actor)
    return render(request, "pages/import/form.html", "pages/import/form.html", {"nav_caps": caps, "form": {}})


@router.post("/import/preview")
def preview_import(
    request: Request,
    actor: ActorDep,
    title: str = Form("", max_length=2000),
    symbol: str = Form("", max_length=100),
    language: str = Form("fr", max_length=16),
    text: str = Form("", max_length=TEXT_LIMIT),
    format: str = Form("", max_length=20),
    layout: str = Form("", max_length=20),
    bare_numbers: str = Form("", max_length=20),
    file: UploadFile | None = File(None),
) -> Response:
    """Parse the pasted text or the uploaded file and show what was found; nothing is stored, nothing locked."""
    permissions.require_secretariat(actor, "import documents")
    draft = importing.pasted(text, format=format or None, layout=layout, bare_numbers=bare_numbers)
    if file is not None and file.filename:
        # A plain `def` route: the file is read and parsed in a worker thread, never on the event loop.
        data = file.file.read(importing.MAX_UPLOAD_BYTES + 1)
        draft = importing.read_draft(
            data, file.filename, format=format or None, layout=layout, bare_numbers=bare_numbers
        )
    text = draft.text
    found = importing.preview(draft)
    name = file.filename.rsplit(".", 1)[0] if file is not None and file.filename else ""
    form = {
        "title": title or name,
        "symbol": symbol,
        "language": language,
        "format": format,
        "layout": layout,
        "bare_numbers": bare_numbers,
    }
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    comments = importing.encode_comments(draft.comments)
    context = {"preview": found, "form": form, "text": text, "payload": payload, "comments_payload": comments}
    return render(request, "pages/import/form.html", "partials/import_preview.html", context)


@router.post("/import")
async def confirm_import(
    request: Request,
    unit: UnitDep,
    actor: ActorDep,
    title: str = Form(..., max_length=2000),
    symbol: str = Form("", max_length=100),
    language: str = Form("fr", max_length=16),
    payload: str = Form(..., max_length=2 * importing.MAX_UPLOAD_BYTES),
    format: str = Form("text", max_length=20),
    layout: str = Form("", max_length=20),
    bare_numbers: str = Form("", max_length=20),
    comments: str = Form("", max_length=4 * importing.MAX_UPLOAD_BYTES),
) -> Response:
    """Store the previewed draft, exactly as previewed, as a new document (Rev.0) and open it."""
    # A Word file's text arrives here as text: it is parsed as plain text, like the preview did; its comments
    # arrive beside it, to be kept on the words they anchor.
    draft = importing.pasted(importing.decode_payload(payload), format=format, layout=layout, bare_numbers=bare_numbers)
    draft = importing.with_comments(draft, comments)
    change = await unit.write(
        lambda session: importing.confirm(
            session=session, actor=actor, draft=draft, title=title, language=language, symbol=symbol
        )
    )
    target = f"/documents/{change.document_id}"
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)
