"""The history of a document under /api/v1, a page at a time."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.services.documents import catalog as documents
from app.services.negotiation import audit
from app.services.reading.models import EventView
from app.web.deps import SessionDep
from app.web.security import ActorDep

router = APIRouter(prefix="/api/v1", tags=["negotiation"])


@router.get("/documents/{document_id}/history")
def document_history(
    document_id: int,
    request: Request,
    response: Response,
    session: SessionDep,
    _actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=audit.MAX_PAGE)] = audit.DEFAULT_PAGE,
    after: Annotated[int | None, Query(ge=0, le=2**63 - 1, description="The last event id of the page before.")] = None,
) -> list[EventView]:
    """Changes to a document, oldest first, `limit` at a time; the `Link` header (rel="next") and
    `X-Next-After` give the next page while there is one. Text changes name paragraph versions."""
    documents.get(session=session, document_id=document_id)
    page = audit.history_page(session=session, document_id=document_id, after=after, limit=limit)
    if page.next_after is not None:
        following = request.url.include_query_params(after=page.next_after, limit=limit)
        response.headers["Link"] = f'<{following}>; rel="next"'
        response.headers["X-Next-After"] = str(page.next_after)
    return page.entries
