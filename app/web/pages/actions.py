"""What people do on the document page: each form posts here, gets the changed fragments back (htmx) or a 303.

Every action runs its write service through the request's `Unit` (under the write lock, committed), then renders
the fragments the returned `Change` names from a fresh read, after the lock is released.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from app.services.accounts.auth import Actor
from app.services.errors import Conflict, StaleVersion
from app.services.negotiation import chair, comments, editing, positions, proposals
from app.services.negotiation.change import Change
from app.services.negotiation.editing import MAX_PARAGRAPH_CHARACTERS
from app.services.reading import page as reading
from app.services.reading import set_panel as panels
from app.services.reading import visits
from app.web.deps import UnitDep
from app.web.pages.documents import context
from app.web.security import ActorDep
from app.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False)

Text = Form("", max_length=MAX_PARAGRAPH_CHARACTERS + 1)
OnBehalfOf = Form(None, max_length=16)
AcceptTypography = Form("", max_length=5)
Reason = Form("", max_length=4 * comments.MAX_COMMENT_CHARACTERS)  # the service names the limit


@router.post("/paragraphs/{paragraph_id}/amend")
async def amend_paragraph(
    paragraph_id: int,
    request: Request,
    unit: UnitDep,
    actor: ActorDep,
    text: str = Text,
    base_version: int = Form(...),
    on_behalf_of: str | None = OnBehalfOf,
    accept_typography: str = AcceptTypography,
    reason: str = Reason,
) -> Response:
    """Propose the paragraph as the delegation wants it; a stale version gives the edit box back with both texts."""

    def propose(session: Session) -> Change:
        typed = editing.from_textarea(session=session, paragraph_id=paragraph_id, text=text)
        return proposals.propose_amendment(
            session=session,
            actor=actor,
            paragraph_id=paragraph_id,
            text=typed,
            base_version=base_version,
            on_behalf_of=on_behalf_of,
            accept_typography=accept_typography == "yes",
            reason=reason,
        )

    try:
        change = await unit.write(propose)
    except StaleVersion as conflict:
        return await _edit_again(request, unit, actor, paragraph_id, text, conflict)
    return await changed(request, unit, actor, change, main="paragraph", notice=_proposal_notice(change))


@router.post("/paragraphs/{paragraph_id}/chair-text")
async def chair_text(
    paragraph_id: int,
    request: Request,
    unit: UnitDep,
    actor: ActorDep,
    text: str = Text,
    base_version: int = Form(...),
) -> Response:
    """The chair replaces the paragraph's text; a stale version gives the edit box back with both texts."""

    def edit(session: Session) -> Change:
        typed = editing.from_textarea(session=session, paragraph_id=paragraph_id, text=text)
        return chair.edit_text(
            session=session, actor=actor, paragraph_id=paragraph_id, text=typed, base_version=base_version
        )

    try:
        change = await unit.write(edit)
    except StaleVersion as conflict:
        return await _edit_again(request, unit, actor, paragraph_id, text, conflict, chair_mode=True)
    return await changed(request, unit, actor, change, main="paragraph", notice="The chair's text is in place.")


@router.post("/selection-proposals")
async def propose_on_selection(
    request: Request,
    unit: UnitDep,
    actor: ActorDep,
    paragraph_id: int = Form(...),
    start: int = Form(...),
    end: int = Form(...),
    action: str = Form(..., max_length=20),
    base_version: int = Form(...),
    text: str = Text,
    on_behalf_of: str | None = OnBehalfOf,
    accept_typography: str = AcceptTypography,
    reason: str = Reason,
) -> Response:
    """A proposal on selected words: other wording, deletion, or an insertion after them."""
    change = await unit.write(
        lambda session: proposals.propose_selection(
            session=session,
            actor=actor,
            paragraph_id=paragraph_id,
            start=start,
            end=end,
            action=action,
            text=text,
            base_version=base_version,
            on_behalf_of=on_behalf_of,
            accept_typography=accept_typography == "yes",
            reason=reason,
        )
    )
    return await changed(request, unit, actor, change, main="none", notice=_proposal_notice(change))


@router.post("/bracket-sets/{bracket_set_id}/alternatives")
async def add_alternative(
    bracket_set_id: int,
    request: Request,
    unit: UnitDep,
    actor: ActorDep,
    text: str = Text,
    on_behalf_of: str | None = OnBehalfOf,
    accept_typography: str = AcceptTypography,
    reason: str = Reason,
) -> Response:
    """Add a competing wording to a bracket set; a typographic twin of an existing one is asked about in the panel."""
    try:
        change = await unit.write(
            lambda session: proposals.add_alternative(
                session=session,
                actor=actor,
                bracket_set_id=bracket_set_id,
                text=text,
                on_behalf_of=on_behalf_of,
                accept_typography=accept_typography == "yes",
                reason=reason,
            )
        )
    except Conflict as conflict:
        if "typography" not in conflict.extra:
            raise
        return await _ask_typography(request, unit, actor, bracket_set_id, text, on_behalf_of, conflict, reason)
    return await changed(request, unit, actor, change, panel=bracket_set_id, notice=_proposal_notice(change))


@router.post("/alternatives/{alternative_id}/position")
async def take_position(
    alternative_id: int,
    request: Request,
    unit: UnitDep,
    actor: ActorDep,
    stance: str = Form(..., max_length=20),
    on_behalf_of: str | None = OnBehalfOf,
) -> Response:
    """Support, object to, or withdraw from an alternative — one click, the set re-rendered in place."""

    def act(session: Session) -> Change:
        if stance == "withdraw":
            return positions.withdraw(
                session=session, actor=actor, alternative_id=alternative_id, on_behalf_of=on_behalf_of
            )
        return positions.take_position(
            session=session, actor=actor, alternative_id=alternative_id, stance=stance, on_behalf_of=on_behalf_of
        )

    change = await unit.write(act)
    return await changed(request, unit, actor, change, panel=change.bracket_set_id)


@router.post("/documents/{document_id}/visit")
async def record_visit(document_id: int, request: Request, unit: UnitDep, actor: ActorDep) -> Response:
    """Record that the person opened the document; answer with what changed since the previous visit."""
    summary = await unit.write(lambda session: visits.visit(session=session, actor=actor, document_id=document_id))
    fragment = "partials/since_last_visit.html"
    return render(request, fragment, fragment, {"visit": summary})


async def changed(
    request: Request,
    unit: UnitDep,
    actor: Actor,
    change: Change,
    *,
    main: str = "panel",
    panel: int | None = None,
    notice: str | None = None,
) -> Response:
    """After a change: the changed paragraph (and panel) for htmx, with a notice; a 303 to the page otherwise."""
    paragraph_id = change.paragraph_id
    assert paragraph_id is not None
    if not is_htmx(request):
        return RedirectResponse(f"/documents/{change.document_id}#p-{paragraph_id}", status_code=303)
    if len(change.paragraph_ids) > 1:
        # Paragraphs left the text or changed together (a set over whole paragraphs resolved): the page again.
        return Response(status_code=200, headers={"HX-Refresh": "true"})

    def render(session: Session) -> Response:
        # A proposal hands over the paragraph as it stored it: only who stands where is read again.
        page = reading.paragraphs_page(
            session=session, actor=actor, paragraph_ids=[paragraph_id], written=change.written
        )
        set_panel = panels.set_panel(session=session, actor=actor, bracket_set_id=panel) if panel else None
        extra: dict[str, object] = {
            "paragraph": page.paragraphs[0],
            "main": main,
            "panel": set_panel,
            "message": notice,
        }
        templates = request.app.state.templates
        response: Response = templates.TemplateResponse(request, "partials/changes.html", context(page) | extra)
        return response

    response = await unit.read(render)
    response.headers["HX-Trigger"] = json.dumps({"document-changed": {"paragraph": paragraph_id}})
    response.headers["Vary"] = "HX-Request"
    return response


async def toolbar(
    request: Request, unit: UnitDep, actor: Actor, change: Change, notice: str, extra: dict[str, object] | None = None
) -> Response:
    """After a document-wide change: the toolbar again with a notice (and `extra`, e.g. a revision's summary)."""
    if not is_htmx(request):
        return RedirectResponse(f"/documents/{change.document_id}", status_code=303)

    def render(session: Session) -> Response:
        page = reading.toolbar_page(session=session, actor=actor, document_id=change.document_id)
        templates = request.app.state.templates
        response: Response = templates.TemplateResponse(
            request, "partials/toolbar_changed.html", context(page) | {"message": notice} | (extra or {})
        )
        return response

    response = await unit.read(render)
    response.headers["HX-Trigger"] = json.dumps({"phase-or-revision-changed": {"document": change.document_id}})
    return response


async def _edit_again(
    request: Request,
    unit: UnitDep,
    actor: Actor,
    paragraph_id: int,
    text: str,
    conflict: StaleVersion,
    *,
    chair_mode: bool = False,
) -> Response:
    def render(session: Session) -> Response:
        page = reading.paragraphs_page(session=session, actor=actor, paragraph_ids=[paragraph_id])
        paragraph = page.paragraphs[0]
        extra = {
            "paragraph": paragraph,
            "text": editing.from_textarea(session=session, paragraph_id=paragraph_id, text=text),
            "base_version": paragraph.data.version,
            "chair_mode": chair_mode,
            "conflict": conflict.detail,
        }
        templates = request.app.state.templates
        response: Response = templates.TemplateResponse(
            request, "partials/edit_paragraph.html", context(page) | extra, status_code=409
        )
        return response

    response = await unit.read(render)
    response.headers["HX-Retarget"] = f"#edit-{paragraph_id}"
    response.headers["HX-Reswap"] = "innerHTML"
    return response


async def _ask_typography(
    request: Request,
    unit: UnitDep,
    actor: Actor,
    bracket_set_id: int,
    text: str,
    on_behalf_of: str | None,
    conflict: Conflict,
    reason: str = "",
) -> Response:
    """The panel again, its form keeping the wording, with the warning and a way to propose it anyway."""
    panel = await unit.read(
        lambda session: panels.set_panel(session=session, actor=actor, bracket_set_id=bracket_set_id)
    )
    warning = {"detail": conflict.detail, "text": text, "on_behalf_of": on_behalf_of, "reason": reason}
    context = {"panel": panel, "nav_caps": panel.caps, "typography": warning}
    return render(request, "pages/documents/set.html", "partials/set_panel.html", context)


def _proposal_notice(change: Change) -> str:
    parts = []
    if change.new_sets:
        parts.append(f"{len(change.new_sets)} new bracket set{'s' if len(change.new_sets) != 1 else ''}")
    if change.changed_sets:
        parts.append(
            f"new alternatives in {len(change.changed_sets)} set{'s' if len(change.changed_sets) != 1 else ''}"
        )
    rebased = " (re-applied to the text as it now stands)" if change.rebased else ""
    return "Proposed: " + (", ".join(parts) or "the change") + rebased + "."
