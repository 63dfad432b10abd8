"""HTML pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.services import documents
from app.web.deps import SessionDep
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def list_documents(request: Request, session: SessionDep) -> Response:
    """The documents page: every negotiation text with its state."""
    summaries = documents.list_summaries(session=session)
    return render(request, "pages/documents/list.html", "partials/document_list.html", {"documents": summaries})
