"""What people do on the document page: each form posts here, gets the changed fragments back (htmx) or a 303."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from app.services.accounts.auth import Actor
from app.services.errors import Invalid, StaleVersion
from app.services.negotiation import chair, editing, positions, proposals, revisions
from app.services.negotiation.editing import MAX_PARAGRAPH_CHARACTERS
from app.services.reading import document as views
from app.services.reading import page as reading
from app.web.deps import SessionDep, WriteSessionDep
from app.web.pages.documents import context
from app.web.security import ActorDep
from app.web.templating import is_htmx

router = APIRouter(include_in_schema=False)

Text = Form("", max_length=MAX_PARAGRAPH_CHARACTERS + 1)
OnBehalfOf = Form(None, max_length=16)


@router.post("/paragraphs/{paragraph_id}/amend")
def amend_paragraph(
    paragraph_id: int,
    request: Request,
    session: WriteSessionDep,
    reader: SessionDep,
    actor: ActorDep,
    text: str = Text,
    base_version: int = Form(...),
    on_behalf_of: str | None = OnBehalfOf,
) -> Response:
    """Propose the paragraph as the delegation wants it; a stale version gives the edit box back with both texts."""
    text = editing.from_textarea(session=reader, paragraph_id=paragraph_id, text=text)
    try:
        result = proposals.propose_amendment(
            session=session,
            actor=actor,
            paragraph_id=paragraph_id,
            text=text,
            base_version=base_version,
            on_behalf_of=on_behalf_of,
        )
    except StaleVersion as stale:
        return _edit_again(request, reader, actor, paragraph_id, text, stale)
    return changed(request, reader, actor, paragraph_id, main="paragraph", notice=_proposal_notice(result))


@router.post("/paragraphs/{paragraph_id}/chair-text")
def chair_text(
    paragraph_id: int,
    request: Request,
    session: WriteSessionDep,
    reader: SessionDep,
    actor: ActorDep,
    text: str = Text,
    base_version: int = Form(...),
) -> Response:
    """The chair replaces the paragraph's text; a stale version gives the edit box back with both texts."""
    text = editing.from_textarea(session=reader, paragraph_id=paragraph_id, text=text)
    try:
        chair.edit_text(session=session, actor=actor, paragraph_id=paragraph_id, text=text, base_version=base_version)
    except StaleVersion as stale:
        return _edit_again(request, reader, actor, paragraph_id, text, stale, chair_mode=True)
    return changed(request, reader, actor, paragraph_id, main="paragraph", notice="The chair's text is in place.")


@router.post("/selection-proposals")
def propose_on_selection(
    request: Request,
    session: WriteSessionDep,
    reader: SessionDep,
    actor: ActorDep,
    paragraph_id: int = Form(...),
    start: int = Form(...),
    end: int = Form(...),
    action: str = Form(..., max_length=20),
    base_version: int = Form(...),
    text: str = Text,
    on_behalf_of: str | None = OnBehalfOf,
) -> Response:
    """A proposal on selected words: other wording, deletion, or an insertion after them."""
    result = proposals.propose_selection(
        session=session,
        actor=actor,
        paragraph_id=paragraph_id,
        start=start,
        end=end,
        action=action,
        text=text,
        base_version=base_version,
        on_behalf_of=on_behalf_of,
    )
    return changed(request, reader, actor, paragraph_id, main="none", notice=_proposal_notice(result))


@router.post("/sets/{bracket_set_id}/alternatives")
def add_alternative(
    bracket_set_id: int,
    request: Request,
    session: WriteSessionDep,
    reader: SessionDep,
    actor: ActorDep,
    text: str = Text,
    on_behalf_of: str | None = OnBehalfOf,
) -> Response:
    """Add a competing wording to a bracket set."""
    result = proposals.add_alternative(
        session=session, actor=actor, bracket_set_id=bracket_set_id, text=text, on_behalf_of=on_behalf_of
    )
    return changed(request, reader, actor, result.paragraph_id, panel=bracket_set_id, notice=_proposal_notice(result))


@router.post("/alternatives/{alternative_id}/position")
def take_position(
    alternative_id: int,
    request: Request,
    session: WriteSessionDep,
    reader: SessionDep,
    actor: ActorDep,
    stance: str = Form(..., max_length=20),
    on_behalf_of: str | None = OnBehalfOf,
) -> Response:
    """Support, object to, or withdraw from an alternative — one click, the set re-rendered in place."""
    if stance == "withdraw":
        position = positions.withdraw(
            session=session, actor=actor, alternative_id=alternative_id, on_behalf_of=on_behalf_of
        )
    else:
        position = positions.take_position(
            session=session, actor=actor, alternative_id=alternative_id, stance=stance, on_behalf_of=on_behalf_of
        )
    set_id = views.alternative_set(session=reader, alternative_id=position.alternative_id)
    paragraph_id = views.set_data(session=reader, bracket_set_id=set_id)["paragraph_id"]
    return changed(request, reader, actor, paragraph_id, panel=set_id)


@router.post("/sets/{bracket_set_id}/resolve")
def resolve(
    bracket_set_id: int,
    request: Request,
    session: WriteSessionDep,
    reader: SessionDep,
    actor: ActorDep,
    alternative_id: int | None = Form(None),
    text: str = Form("", max_length=MAX_PARAGRAPH_CHARACTERS + 1),
    compromise: str = Form(""),
) -> Response:
    """The chair resolves a set with one of its alternatives or with compromise text."""
    row = chair.resolve(
        session=session,
        actor=actor,
        bracket_set_id=bracket_set_id,
        alternative_id=alternative_id,
        text=text if compromise else None,
    )
    return changed(
        request, reader, actor, row.paragraph_id, panel=bracket_set_id, notice=f"Bracket set {bracket_set_id} resolved."
    )


@router.post("/sets/{bracket_set_id}/undo")
def undo(
    bracket_set_id: int, request: Request, session: WriteSessionDep, reader: SessionDep, actor: ActorDep
) -> Response:
    """The chair undoes a resolution."""
    row = chair.undo_resolution(session=session, actor=actor, bracket_set_id=bracket_set_id)
    return changed(
        request,
        reader,
        actor,
        row.paragraph_id,
        panel=bracket_set_id,
        notice=f"Bracket set {bracket_set_id} is open again.",
    )


@router.post("/placeholders/{placeholder_id}/fill")
def fill(
    placeholder_id: int,
    request: Request,
    session: WriteSessionDep,
    reader: SessionDep,
    actor: ActorDep,
    text: str = Text,
) -> Response:
    """The chair fills a placeholder."""
    chair.fill_placeholder(session=session, actor=actor, placeholder_id=placeholder_id, text=text)
    paragraph_id = views.placeholder_data(session=reader, placeholder_id=placeholder_id)["paragraph_id"]
    return changed(request, reader, actor, paragraph_id, main="notice", notice="Placeholder filled.")


@router.post("/paragraphs/{paragraph_id}/status")
def set_status(
    paragraph_id: int,
    request: Request,
    session: WriteSessionDep,
    reader: SessionDep,
    actor: ActorDep,
    status: str = Form(..., max_length=20),
) -> Response:
    """The chair sets a paragraph's status."""
    chair.set_status(session=session, actor=actor, paragraph_id=paragraph_id, status=status)
    return changed(request, reader, actor, paragraph_id, main="paragraph")


@router.post("/documents/{document_id}/phase")
def set_phase(
    document_id: int,
    request: Request,
    session: WriteSessionDep,
    reader: SessionDep,
    actor: ActorDep,
    proposals_open: str = Form(..., max_length=5),
) -> Response:
    """The chair opens or closes the proposal phase."""
    if proposals_open not in ("true", "false"):
        raise Invalid("proposals_open: say true or false")
    chair.set_phase(session=session, actor=actor, document_id=document_id, proposals_open=proposals_open == "true")
    return _toolbar(
        request,
        reader,
        actor,
        document_id,
        "The proposal phase is now " + ("open." if proposals_open == "true" else "closed."),
    )


@router.post("/documents/{document_id}/revisions")
def issue_revision(
    document_id: int,
    request: Request,
    session: WriteSessionDep,
    reader: SessionDep,
    actor: ActorDep,
    note: str = Form("", max_length=2000),
) -> Response:
    """Issue the next revision."""
    revision = revisions.issue(session=session, actor=actor, document_id=document_id, note=note)
    return _toolbar(request, reader, actor, document_id, f"Rev.{revision.number} issued.")


def changed(
    request: Request,
    session: Session,
    actor: Actor,
    paragraph_id: int,
    *,
    main: str = "panel",
    panel: int | None = None,
    notice: str | None = None,
) -> Response:
    """After a change: the changed paragraph (and panel) for htmx, with a notice; a 303 to the page otherwise."""
    session.rollback()  # read what the change committed, not a snapshot taken before it
    document_id = views.paragraph_document(session=session, paragraph_id=paragraph_id)
    if not is_htmx(request):
        return RedirectResponse(f"/documents/{document_id}#p-{paragraph_id}", status_code=303)
    view = views.DocumentView(session, document_id)  # one load of the document's rows for both fragments
    page = reading.document_page(
        session=session, actor=actor, document_id=document_id, paragraph_ids={paragraph_id}, view=view
    )
    set_panel = reading.set_panel(session=session, actor=actor, bracket_set_id=panel, view=view) if panel else None
    extra: dict[str, Any] = {"paragraph": page.paragraphs[0], "main": main, "panel": set_panel, "message": notice}
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(request, "partials/changes.html", context(page) | extra)
    response.headers["HX-Trigger"] = json.dumps({"document-changed": {"paragraph": paragraph_id}})
    response.headers["Vary"] = "HX-Request"
    return response


def _toolbar(request: Request, session: Session, actor: Actor, document_id: int, notice: str) -> Response:
    session.rollback()
    if not is_htmx(request):
        return RedirectResponse(f"/documents/{document_id}", status_code=303)
    page = reading.document_page(session=session, actor=actor, document_id=document_id, paragraph_ids=set())
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(
        request, "partials/toolbar_changed.html", context(page) | {"message": notice}
    )
    response.headers["HX-Trigger"] = json.dumps({"phase-or-revision-changed": {"document": document_id}})
    return response


def _edit_again(
    request: Request,
    session: Session,
    actor: Actor,
    paragraph_id: int,
    text: str,
    conflict: StaleVersion,
    *,
    chair_mode: bool = False,
) -> Response:
    document_id = views.paragraph_document(session=session, paragraph_id=paragraph_id)
    page = reading.document_page(session=session, actor=actor, document_id=document_id, paragraph_ids={paragraph_id})
    paragraph = page.paragraphs[0]
    extra = {
        "paragraph": paragraph,
        "text": text,
        "base_version": paragraph.data["version"],
        "chair_mode": chair_mode,
        "conflict": conflict.detail,
    }
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(
        request, "partials/edit_paragraph.html", context(page) | extra, status_code=409
    )
    response.headers["HX-Retarget"] = f"#edit-{paragraph_id}"
    response.headers["HX-Reswap"] = "innerHTML"
    return response


def _proposal_notice(result: proposals.Proposal) -> str:
    parts = []
    if result.new_sets:
        parts.append(f"{len(result.new_sets)} new bracket set{'s' if len(result.new_sets) != 1 else ''}")
    if result.changed_sets:
        parts.append(
            f"new alternatives in {len(result.changed_sets)} set{'s' if len(result.changed_sets) != 1 else ''}"
        )
    rebased = " (re-applied to the text as it now stands)" if result.rebased else ""
    return "Proposed: " + (", ".join(parts) or "the change") + rebased + "."
