"""Revisions through the API: issue the live text, or import a next version (JSON text or a file) as Rev.N+1."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile

from app.services.documents import importing, revising
from app.services.errors import Invalid
from app.services.negotiation import revisions
from app.services.reading.models import RevisionView
from app.services.reading.revise_models import RevisionPreview
from app.web.deps import UnitDep
from app.web.security import ActorDep

router = APIRouter(prefix="/api/v1", tags=["negotiation"])
TEXT_LIMIT = 10_000_000


class RevisionIn(BaseModel):
    """A revision: its note and, to import the next version written elsewhere, that version's whole text."""

    note: str = Field(default="", max_length=5000)
    text: str | None = Field(
        default=None,
        max_length=TEXT_LIMIT,
        description="The next version's whole text; absent: the revision is the live text as it stands.",
    )
    format: Literal["text", "markdown"] | None = Field(default=None, description="How the text came (informative).")


_UPLOAD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "The next version: .docx, .txt or .md."},
        "note": {"type": "string", "maxLength": 5000},
        "format": {"type": "string", "enum": ["text", "markdown", "docx"]},
    },
    "required": ["file"],
}
_BODY: dict[str, Any] = {
    "requestBody": {
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/RevisionIn"}},
            "multipart/form-data": {"schema": _UPLOAD_SCHEMA},
        },
    }
}


@router.post("/documents/{document_id}/revisions", status_code=201, openapi_extra=_BODY)
async def issue_revision(document_id: int, request: Request, unit: UnitDep, actor: ActorDep) -> RevisionView:
    """Issue the next revision: the live text, or the next version given as `text` (JSON) or a file (multipart)."""
    note, draft = await _revision_input(request)
    if draft is None:
        change = await unit.write(
            lambda session: revisions.issue(session=session, actor=actor, document_id=document_id, note=note)
        )
    else:
        change = await unit.write(
            lambda session: revising.confirm(
                session=session, actor=actor, document_id=document_id, draft=draft, note=note
            )
        )
    number = change.revision
    assert number is not None
    return await unit.read(
        lambda session: revisions.revision_view(session=session, document_id=document_id, number=number)
    )


@router.post("/documents/{document_id}/revisions/preview")
async def preview_revision(document_id: int, body: RevisionIn, unit: UnitDep, actor: ActorDep) -> RevisionPreview:
    """What importing `text` as the next revision would do (paragraphs aligned, sets' fates); nothing stored."""
    if body.text is None:
        raise Invalid("text: give the next version's whole text to preview")
    draft = importing.Draft(body.text, format=body.format or "text")
    return await unit.read(
        lambda session: revising.preview(session=session, actor=actor, document_id=document_id, draft=draft)
    )


async def _revision_input(request: Request) -> tuple[str, importing.Draft | None]:
    """The note and the next version (None: issue the live text) from a JSON body or a multipart upload."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        async with request.form() as form:
            file, note, format = form.get("file"), form.get("note", ""), form.get("format", "")
            if not isinstance(file, UploadFile) or not isinstance(note, str) or not isinstance(format, str):
                raise Invalid("file: upload the next version as a file field named `file` (.docx, .txt or .md)")
            if len(note) > 5000:
                raise Invalid(f"note: {len(note)} characters; at most 5000 are allowed")
            data = await file.read(importing.MAX_UPLOAD_BYTES + 1)
            filename = file.filename or ""
        draft = await run_in_threadpool(importing.read_draft, data, filename, format=format or None)
        return note, draft
    raw = await request.body()
    try:
        body = RevisionIn.model_validate_json(raw or b"{}")
    except ValidationError as error:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False)]
        raise RequestValidationError(errors, body=raw) from error
    if body.text is None:
        return body.note, None
    return body.note, importing.Draft(body.text, format=body.format or "text")
