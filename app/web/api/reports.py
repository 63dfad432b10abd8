"""The JSON API of redlines, delegation reports, statistics, the compilation table, Word import and restore."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, File, Form, Query, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from app.services import permissions
from app.services.documents import docx_import, importing
from app.services.errors import Invalid
from app.services.formats import restore
from app.services.formats.backup_schema import BackupObject
from app.services.reading import compilation, redlines, statistics, versions, views
from app.services.reading import fates as reports
from app.services.reading.import_models import WordPreview
from app.services.reading.models import DocumentView
from app.services.reading.redline_models import RedlineData
from app.services.reading.report_models import Compilation, DelegationReport, DocumentStatistics
from app.web.deps import SessionDep, UnitDep, WriteSessionDep
from app.web.security import ActorDep

router = APIRouter(prefix="/api/v1", tags=["reports"])

FromQuery = Annotated[str, Query(alias="from", max_length=16, description="A revision number or 'live'.")]
ToQuery = Annotated[str, Query(alias="to", max_length=16, description="A revision number or 'live'.")]


@router.get("/documents/{document_id}/redline")
def get_redline(
    document_id: int, session: SessionDep, _actor: ActorDep, start: FromQuery = "0", end: ToQuery = "live"
) -> RedlineData:
    """Per paragraph, the word-level changes between two versions, who made them, and the bracket changes."""
    result = redlines.compute(
        session=session,
        document_id=document_id,
        start=versions.parse_ref(start, field="from"),
        end=versions.parse_ref(end, field="to"),
    )
    return redlines.to_data(result)


@router.get("/documents/{document_id}/delegations/{code}/report")
def delegation_report(
    document_id: int, code: str, session: SessionDep, _actor: ActorDep, start: FromQuery = "0", end: ToQuery = "live"
) -> DelegationReport:
    """What happened to a delegation's proposals and positions between two versions."""
    return reports.delegation_report(
        session=session,
        document_id=document_id,
        code=code,
        start=versions.parse_ref(start, field="from"),
        end=versions.parse_ref(end, field="to"),
    )


@router.get("/documents/{document_id}/statistics")
def document_statistics(document_id: int, session: SessionDep, _actor: ActorDep) -> DocumentStatistics:
    """Open bracket sets per revision, contested paragraphs, delegations' activity."""
    return statistics.document_statistics(session=session, document_id=document_id)


@router.get("/documents/{document_id}/compilation")
def document_compilation(
    document_id: int, session: SessionDep, _actor: ActorDep, contested: Annotated[bool, Query()] = False
) -> Compilation:
    """Per paragraph, the alternatives of each open bracket set with sponsors, supporters and objectors."""
    return compilation.compilation(session=session, document_id=document_id, contested_only=contested)


@router.post("/documents/import-docx", status_code=201)
async def import_docx(
    unit: UnitDep,
    response: Response,
    actor: ActorDep,
    file: Annotated[UploadFile, File(description="A Word .docx file.")],
    title: Annotated[str, Form(max_length=2000)] = "",
    language: Annotated[str, Form(max_length=16)] = "fr",
    preview: Annotated[bool, Query()] = False,
) -> DocumentView | WordPreview:
    """Preview (`preview=true`) or import a Word file as a new document (secretariat)."""
    permissions.require_secretariat(actor, "import documents")
    data = await file.read(docx_import.MAX_DOCX_BYTES + 1)
    title = title.strip() or (file.filename or "").rsplit(".", 1)[0]
    # Read and checked in a worker thread, before the write lock: a hostile file delays no one's write.
    draft = await run_in_threadpool(importing.read_draft, data, file.filename or "", format="docx")
    if preview:
        response.status_code = 200
        word = draft.word
        assert word is not None
        return await run_in_threadpool(lambda: docx_import.preview(word=word, title=title))
    if not title:
        raise Invalid("title: the document needs a title")
    change = await unit.write(
        lambda session: importing.confirm(session=session, actor=actor, draft=draft, title=title, language=language)
    )
    return await unit.read(lambda session: views.document_view(session=session, document_id=change.document_id))


@router.post("/documents/restore", status_code=201)
def restore_backup(session: WriteSessionDep, actor: ActorDep, backup: Annotated[BackupObject, Body()]) -> DocumentView:
    """Bring a JSON backup back as a new document (secretariat)."""
    document = restore.restore(session=session, actor=actor, data=backup)
    assert document.id is not None
    return views.document_view(session=session, document_id=document.id)
