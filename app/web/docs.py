"""The API documentation page: Swagger UI from pinned URLs with SRI hashes, started by our own script."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def show_api_docs(request: Request) -> Response:
    """Swagger UI on /openapi.json (FastAPI's own page runs an inline script, which the CSP forbids)."""
    return request.app.state.templates.TemplateResponse(request, "pages/api_docs.html", {})  # type: ignore[no-any-return]
