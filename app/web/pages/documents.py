"""HTML pages: the documents list, the document page and its fragments (panel, paragraph, edit box, preview)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app.services import permissions
from app.services.documents import catalog as documents
from app.services.errors import Conflict, NotFound
from app.services.formats import downloads, open_points
from app.services.negotiation import editing, proposals
from app.services.reading import page as reading
from app.services.reading import page_update, views
from app.services.reading import set_panel as panels
from app.web import document_page
from app.web.deps import ExportRequestDep, SessionDep
from app.web.page_cache import PageCache, PageKey, RenderedParagraphs
from app.web.security import ActorDep
from app.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False)

STATUSES = tuple(reading.STATUS_LABELS.items())


def context(page: reading.DocumentPage, **extra: object) -> dict[str, object]:
    """What every document fragment needs besides its own data."""
    ctx = {
        "document_id": page.document.id,
        "caps": page.caps,
        "names": page.names,
        "language": page.document.language,
        "statuses": STATUSES,
        "contested": False,
        "mine": False,
        "query": "",
        "preview": False,
    }
    return {"page": page, "ctx": ctx | extra, "nav_caps": page.caps}


@router.get("/")
def list_documents(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """The documents page: every negotiation text with its state."""
    summaries = documents.list_summaries(session=session)
    caps = permissions.capabilities(session=session, actor=actor)
    return render(
        request,
        "pages/documents/list.html",
        "partials/document_list.html",
        {"documents": summaries, "nav_caps": caps},
    )


@router.get("/documents/{document_id}")
def show_document(
    document_id: int, request: Request, session: SessionDep, actor: ActorDep, contested: str = "", mine: str = ""
) -> Response:
    """The document page; htmx requests (the filters) get the paragraphs only. Its paragraphs come from the page
    cache while the document and what the reader may do are as they were (app.web.page_cache)."""
    state = reading.page_state(session=session, actor=actor, document_id=document_id)
    caps = state.caps
    key = PageKey(
        document_id,
        state.last_event_id,
        state.fingerprint,
        caps.chair,
        caps.propose,
        caps.act_for if mine else (),
        bool(contested),
        bool(mine),
    )
    cache: PageCache = request.app.state.page_cache
    cached = cache.get(key) or _updated(request, session, state, cache, key)
    if cached is None:
        page = reading.document_page(
            session=session,
            actor=actor,
            document_id=document_id,
            contested_only=bool(contested),
            mine_only=bool(mine),
            state=state,
        )
    else:
        page = reading.DocumentPage(
            state.header,
            (),
            state.names,
            caps,
            cached.open_sets,
            state.last_event_id,
            cached.outline,
            cached.total_paragraphs,
        )
    query = (
        "?" + "&".join(f"{k}=1" for k, v in (("contested", contested), ("mine", mine)) if v)
        if contested or mine
        else ""
    )
    ctx = context(page, contested=bool(contested), mine=bool(mine), query=query)
    return document_page.serve(request, ctx, cache=cache, key=key, cached=cached)


def _updated(
    request: Request, session: SessionDep, state: reading.PageState, cache: PageCache, key: PageKey
) -> RenderedParagraphs | None:
    """The page kept for this reader at an earlier event, with the paragraphs changed since rendered anew, when
    nothing else of it can have changed (reading.page_update); kept in its place."""
    kept = cache.kept(key)
    if kept is None or key.filtered or kept[0] >= key.last_event_id:
        return None
    since, page = kept
    if page.layout is None:
        return None
    document_id = key.document_id
    changed = page_update.changed_paragraphs(
        session=session, document_id=document_id, after=since, until=key.last_event_id
    )
    if not changed:
        return None
    update = page_update.read_update(
        session=session, caps=state.caps, document_id=document_id, paragraph_ids=changed, layout=page.layout
    )
    if update is None:
        return None
    fragment = reading.DocumentPage(state.header, update.paragraphs, state.names, state.caps, 0, key.last_event_id)
    entry = document_page.updated(request, context(fragment), page, update)
    cache.put(key, entry)
    return entry


@router.get("/documents/{document_id}/toolbar")
def show_toolbar(document_id: int, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """The document toolbar (counts, filters, chair's controls), refreshed after every change."""
    page = reading.toolbar_page(session=session, actor=actor, document_id=document_id)
    return render(request, "pages/documents/show.html", "partials/document_toolbar.html", context(page))


@router.get("/documents/{document_id}/bracket-sets/{bracket_set_id}")
def show_set(document_id: int, bracket_set_id: int, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """The bracket-set panel."""
    panel = panels.set_panel(session=session, actor=actor, bracket_set_id=bracket_set_id)
    if panel.document_id != document_id:
        raise NotFound(f"document {document_id} has no bracket set {bracket_set_id}")
    return render(
        request, "pages/documents/set.html", "partials/set_panel.html", {"panel": panel, "nav_caps": panel.caps}
    )


@router.get("/paragraphs/{paragraph_id}")
def show_paragraph(paragraph_id: int, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """One paragraph as the document page shows it (nothing, to a page refreshing it, once it left the text)."""
    page = reading.paragraphs_page(session=session, actor=actor, paragraph_ids=[paragraph_id])
    if not page.paragraphs and is_htmx(request):
        return Response("", media_type="text/html")  # it left the text: the page drops it
    page, paragraph = _first(page, paragraph_id)
    return render(
        request, "pages/documents/show.html", "partials/paragraph.html", context(page) | {"paragraph": paragraph}
    )


@router.get("/paragraphs/{paragraph_id}/edit")
def edit_paragraph(
    paragraph_id: int, request: Request, session: SessionDep, actor: ActorDep, chair: str = ""
) -> Response:
    """The edit box: the paragraph's text to change as the delegation (or the chair) wants it."""
    page, paragraph = _paragraph_page(session, actor, paragraph_id)
    data = paragraph.data
    extra = {"paragraph": paragraph, "text": data.text, "base_version": data.version, "chair_mode": bool(chair)}
    return render(request, "pages/documents/show.html", "partials/edit_paragraph.html", context(page) | extra)


@router.post("/paragraphs/{paragraph_id}/preview")
def preview_paragraph(
    paragraph_id: int,
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    text: str = Form(""),
    chair: str = "",
) -> Response:
    """A live preview of the bracket sets the edit would create."""
    text = editing.from_textarea(session=session, paragraph_id=paragraph_id, text=text)
    preview = proposals.preview_amendment(
        session=session, actor=actor, paragraph_id=paragraph_id, text=text, chair=bool(chair)
    )
    reader = views.paragraph_reader(session=session, paragraph_ids=[paragraph_id])
    runs = reader.runs(preview.content)
    page = reading.DocumentPage(
        document=reader.header(), paragraphs=[], names=reader.names, caps=permissions.Capabilities(), open_sets=0
    )
    extra = {
        "preview": {"error": preview.error, "unchanged": preview.unchanged, "summary": preview.summary, "runs": runs}
    }
    return render(request, "partials/preview.html", "partials/preview.html", context(page, preview=True) | extra)


@router.get("/placeholders/{placeholder_id}/fill")
def fill_form(placeholder_id: int, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """The chair's form to fill a placeholder."""
    placeholder = views.placeholder_view(session=session, placeholder_id=placeholder_id)
    return render(
        request, "partials/fill_placeholder.html", "partials/fill_placeholder.html", {"placeholder": placeholder}
    )


@router.get("/documents/{document_id}/download")
def download(
    document_id: int, http: Request, session: SessionDep, actor: ActorDep, request: ExportRequestDep
) -> Response:
    """The document as a file in any export format; a refused clean text is a page listing what is still open."""
    try:
        file = downloads.export_file(session=session, document_id=document_id, request=request)
    except Conflict as refusal:
        if "open_bracket_sets" not in refusal.extra:
            raise
        return _clean_refused(http, session, actor, document_id, refusal)
    headers = {"Content-Disposition": file.content_disposition()}
    return Response(file.content, media_type=file.media_type, headers=headers)


def _clean_refused(
    request: Request, session: SessionDep, actor: ActorDep, document_id: int, refusal: Conflict
) -> Response:
    """The clean export's refusal as a page: what is open, with links, and the exports that are possible now."""
    points = open_points.open_points(session=session, document_id=document_id, refusal=refusal.extra)
    keep = request.url.include_query_params(unresolved="keep")
    context = {
        "document": documents.get(session=session, document_id=document_id),
        "points": points,
        "keep_url": f"{keep.path}?{keep.query}",
        "bracketed_url": f"/documents/{document_id}/download?format=bracketed",
        "nav_caps": permissions.capabilities(session=session, actor=actor),
    }
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(
        request, "pages/documents/clean_refused.html", context, status_code=409
    )
    return response


def _paragraph_page(
    session: SessionDep, actor: ActorDep, paragraph_id: int
) -> tuple[reading.DocumentPage, reading.ParagraphPage]:
    return _first(reading.paragraphs_page(session=session, actor=actor, paragraph_ids=[paragraph_id]), paragraph_id)


def _first(page: reading.DocumentPage, paragraph_id: int) -> tuple[reading.DocumentPage, reading.ParagraphPage]:
    if not page.paragraphs:
        raise NotFound(f"paragraph {paragraph_id} is no longer in the text (deleted, merged or resolved away)")
    return page, page.paragraphs[0]


__all__ = ["context", "is_htmx", "router"]
