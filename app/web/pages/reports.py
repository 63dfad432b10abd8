"""HTML pages of the reports: redline, a delegation's proposals, statistics and the compilation table."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from app.services import permissions
from app.services.accounts.auth import Actor
from app.services.reading import report_pages as report_views
from app.services.reading.report_view_models import Header
from app.web.deps import SessionDep
from app.web.security import ActorDep
from app.web.templating import render

router = APIRouter(include_in_schema=False)

FromQuery = Annotated[str | None, Query(alias="from", max_length=16)]
ToQuery = Annotated[str | None, Query(alias="to", max_length=16)]


def _context(session: SessionDep, actor: Actor, head: Header, current: str, **extra: object) -> dict[str, object]:
    """What every report page needs: the document, the navigation between reports, the person's capabilities."""
    caps = permissions.capabilities(session=session, actor=actor)
    return {"head": head, "current": current, "my_code": actor.delegation_code, "nav_caps": caps} | extra


@router.get("/documents/{document_id}/redline")
def show_redline(
    document_id: int,
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    start: FromQuery = None,
    end: ToQuery = None,
) -> Response:
    """The redline between two versions; htmx (the version pickers) gets the redline region only."""
    head = report_views.header(session=session, document_id=document_id, start=start, end=end)
    redline = report_views.redline_page(session=session, head=head)
    ctx = _context(session, actor, head, "redline", redline=redline)
    return render(request, "pages/reports/redline.html", "partials/redline.html", ctx)


@router.get("/documents/{document_id}/delegations/{code}/report")
def show_delegation_report(
    document_id: int,
    code: str,
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    start: FromQuery = None,
    end: ToQuery = None,
) -> Response:
    """What happened to a delegation's proposals and positions between two versions."""
    head = report_views.header(session=session, document_id=document_id, start=start, end=end)
    report = report_views.report_page(session=session, head=head, code=code)
    choices = report_views.delegation_choices(session=session)
    ctx = _context(session, actor, head, "report", report=report, delegations=choices)
    return render(request, "pages/reports/delegation.html", "partials/delegation_report.html", ctx)


@router.get("/documents/{document_id}/report")
def choose_delegation_report(
    document_id: int,
    actor: ActorDep,
    delegation: Annotated[str, Query(max_length=16)] = "",
    start: FromQuery = None,
    end: ToQuery = None,
) -> Response:
    """The report picker's target: a redirect to the chosen delegation's report."""
    code = (delegation.strip() or actor.delegation_code).upper()
    query = urlencode({k: v for k, v in (("from", start), ("to", end)) if v})
    url = f"/documents/{document_id}/delegations/{code}/report" + (f"?{query}" if query else "")
    # htmx follows the redirect with its headers, and pushes the address it ends at (the canonical one).
    return RedirectResponse(url, status_code=303)


@router.get("/documents/{document_id}/statistics")
def show_statistics(document_id: int, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """Open bracket sets per revision (a chart), the most contested paragraphs, each delegation's activity."""
    head = report_views.header(session=session, document_id=document_id, start=None, end=None)
    stats = report_views.statistics_page(session=session, document_id=document_id)
    ctx = _context(session, actor, head, "statistics", stats=stats)
    return render(request, "pages/reports/statistics.html", "partials/statistics.html", ctx)


@router.get("/documents/{document_id}/compilation")
def show_compilation(
    document_id: int, request: Request, session: SessionDep, actor: ActorDep, contested: str = ""
) -> Response:
    """The compilation table: alternatives in columns with sponsors, supporters and objectors."""
    head = report_views.header(session=session, document_id=document_id, start=None, end=None)
    table = report_views.compilation_page(session=session, document_id=document_id, contested_only=bool(contested))
    ctx = _context(session, actor, head, "compilation", table=table, contested=bool(contested))
    return render(request, "pages/reports/compilation.html", "partials/compilation.html", ctx)
