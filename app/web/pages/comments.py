"""Comments from the set panel: comment on a set, withdraw a comment; the panel comes back with the comment in it.

A refused comment (empty, too long, hidden characters, not a delegate) comes back to htmx in the panel's comment
form, with the text kept and the reason beside it, instead of at the top of the page.
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from app.services.errors import ServiceError
from app.services.negotiation import comments
from app.services.negotiation.change import Change
from app.services.reading import set_panel as panels
from app.web.deps import UnitDep
from app.web.errors import status_of
from app.web.security import ActorDep
from app.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False)

# Longer than any comment may be, so that the service (not the form parser) says how long it was.
CommentText = Form("", max_length=4 * comments.MAX_COMMENT_CHARACTERS)


@router.post("/bracket-sets/{bracket_set_id}/comments")
async def comment_on_set(
    bracket_set_id: int,
    request: Request,
    unit: UnitDep,
    actor: ActorDep,
    text: str = CommentText,
    on_behalf_of: str | None = Form(None, max_length=16),
) -> Response:
    """Comment on a bracket set for the delegation (or a group it belongs to)."""
    try:
        change = await unit.write(
            lambda session: comments.comment_on_set(
                session=session, actor=actor, bracket_set_id=bracket_set_id, text=text, on_behalf_of=on_behalf_of
            )
        )
    except ServiceError as refusal:
        if not is_htmx(request):
            raise  # a plain form post gets the error page; a script, JSON
        failed = {"detail": refusal.detail, "text": text, "on_behalf_of": on_behalf_of}
        return await _panel(request, unit, actor, bracket_set_id, status_of(refusal), comment_error=failed)
    return await _after(request, unit, actor, change, bracket_set_id, "Your comment is in the set's record.")


@router.post("/comments/{comment_id}/withdraw")
async def withdraw_comment(comment_id: int, request: Request, unit: UnitDep, actor: ActorDep) -> Response:
    """Withdraw one of the delegation's comments: it stays in the record, marked withdrawn."""
    change = await unit.write(lambda session: comments.withdraw(session=session, actor=actor, comment_id=comment_id))
    set_id = change.bracket_set_id
    if set_id is None:
        return RedirectResponse(f"/documents/{change.document_id}", status_code=303)
    return await _after(request, unit, actor, change, set_id, "The comment is withdrawn; it stays in the record.")


async def _after(
    request: Request, unit: UnitDep, actor: ActorDep, change: Change, set_id: int, notice: str
) -> Response:
    if not is_htmx(request):
        return RedirectResponse(f"/documents/{change.document_id}/bracket-sets/{set_id}", status_code=303)
    return await _panel(request, unit, actor, set_id, 200, comment_notice=notice)


async def _panel(
    request: Request, unit: UnitDep, actor: ActorDep, set_id: int, status: int, **extra: object
) -> Response:
    def read(session: Session) -> panels.SetPanel:
        return panels.set_panel(session=session, actor=actor, bracket_set_id=set_id)

    panel = await unit.read(read)
    context = {"panel": panel, "nav_caps": panel.caps, **extra}
    return render(request, "pages/documents/set.html", "partials/set_panel.html", context, status_code=status)
