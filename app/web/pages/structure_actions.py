"""The chair's structure menu on the document page: split, merge, move, insert, relabel, delete, undo.

The menu opens in the paragraph's edit slot. A structure change reshapes the whole page (places, labels, new and
gone paragraphs), so an htmx request is answered by reloading the page (`HX-Refresh`); a plain form post by a
redirect to the paragraph.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from app.services.negotiation import structure_edits, structure_undo
from app.services.negotiation.change import Change
from app.services.negotiation.editing import MAX_PARAGRAPH_CHARACTERS
from app.services.reading.structure_menu import structure_menu
from app.web.deps import SessionDep, UnitDep
from app.web.security import ActorDep
from app.web.templating import is_htmx

router = APIRouter(include_in_schema=False)


@router.get("/paragraphs/{paragraph_id}/structure")
def show_structure_menu(paragraph_id: int, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """The chair's structure menu of a paragraph (a fragment for the paragraph's edit slot)."""
    menu = structure_menu(session=session, actor=actor, paragraph_id=paragraph_id)
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(request, "partials/structure_menu.html", {"menu": menu})
    return response


@router.post("/paragraphs/{paragraph_id}/split")
async def split(
    paragraph_id: int,
    request: Request,
    unit: UnitDep,
    actor: ActorDep,
    words: str = Form(..., max_length=2000),
    base_version: int = Form(...),
) -> Response:
    """Split the paragraph before the words typed (they must occur once in it)."""

    def write(session: Session) -> Change:
        offset = structure_edits.offset_of(session=session, paragraph_id=paragraph_id, words=words)
        return structure_edits.split(
            session=session, actor=actor, paragraph_id=paragraph_id, offset=offset, base_version=base_version
        )

    return _done(request, await unit.write(write))


@router.post("/paragraphs/{paragraph_id}/merge")
async def merge(
    paragraph_id: int, request: Request, unit: UnitDep, actor: ActorDep, base_version: int = Form(...)
) -> Response:
    """Merge the next paragraph into this one."""
    change = await unit.write(
        lambda session: structure_edits.merge(
            session=session, actor=actor, paragraph_id=paragraph_id, base_version=base_version
        )
    )
    return _done(request, change)


@router.post("/paragraphs/{paragraph_id}/move")
async def move(
    paragraph_id: int,
    request: Request,
    unit: UnitDep,
    actor: ActorDep,
    before_id: int | None = Form(None),
    after_id: int | None = Form(None),
    place: int | None = Form(None),
) -> Response:
    """Move the paragraph up, down (next to a neighbour) or to a place in the text."""
    if place is not None:
        change = await unit.write(
            lambda session: structure_edits.move_to_place(
                session=session, actor=actor, paragraph_id=paragraph_id, place=place
            )
        )
    else:
        change = await unit.write(
            lambda session: structure_edits.move(
                session=session, actor=actor, paragraph_id=paragraph_id, before_id=before_id, after_id=after_id
            )
        )
    return _done(request, change)


@router.post("/paragraphs/{paragraph_id}/insert")
async def insert(
    paragraph_id: int,
    request: Request,
    unit: UnitDep,
    actor: ActorDep,
    text: str = Form(..., max_length=MAX_PARAGRAPH_CHARACTERS + 1),
    where: Literal["before", "after"] = Form("after"),
) -> Response:
    """Insert a new paragraph before or after this one."""
    change = await unit.write(
        lambda session: structure_edits.insert(
            session=session, actor=actor, paragraph_id=paragraph_id, where=where, text=text
        )
    )
    return _done(request, change)


@router.post("/paragraphs/{paragraph_id}/label")
async def relabel(
    paragraph_id: int, request: Request, unit: UnitDep, actor: ActorDep, label: str = Form("", max_length=40)
) -> Response:
    """Give the paragraph a new label (or none)."""
    change = await unit.write(
        lambda session: structure_edits.relabel(session=session, actor=actor, paragraph_id=paragraph_id, label=label)
    )
    return _done(request, change)


@router.post("/paragraphs/{paragraph_id}/delete")
async def delete(
    paragraph_id: int, request: Request, unit: UnitDep, actor: ActorDep, base_version: int = Form(...)
) -> Response:
    """Delete the paragraph (undo brings it back with its sets)."""
    change = await unit.write(
        lambda session: structure_edits.delete(
            session=session, actor=actor, paragraph_id=paragraph_id, base_version=base_version
        )
    )
    return _done(request, change)


@router.post("/documents/{document_id}/structure/undo")
async def undo(
    document_id: int, request: Request, unit: UnitDep, actor: ActorDep, event_id: int | None = Form(None)
) -> Response:
    """Undo the latest structure change (or the one named)."""
    change = await unit.write(
        lambda session: structure_undo.undo(session=session, actor=actor, document_id=document_id, event_id=event_id)
    )
    return _done(request, change)


def _done(request: Request, change: Change) -> Response:
    """Reload the page on the first paragraph the change touched (htmx), or go there."""
    anchor = f"#p-{change.paragraph_ids[0]}" if change.paragraph_ids else ""
    if is_htmx(request):
        return Response(status_code=200, headers={"HX-Refresh": "true"})
    return RedirectResponse(f"/documents/{change.document_id}{anchor}", status_code=303)
