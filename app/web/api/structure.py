"""The JSON API of the chair's structure edits: insert, delete, split, merge, move, relabel, undo."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.services.negotiation import structure_edits, structure_undo
from app.services.negotiation.change import Change
from app.services.reading import views
from app.services.reading.models import ParagraphView, ReadModel
from app.web.api.negotiation import TEXT_LIMIT
from app.web.deps import UnitDep
from app.web.security import ActorDep

router = APIRouter(prefix="/api/v1", tags=["structure"])


class InsertIn(BaseModel):
    """A new paragraph's text (read with the document's syntax, its label included) and where it goes."""

    where: Literal["before", "after"] = "after"
    text: str = Field(max_length=TEXT_LIMIT)


class VersionIn(BaseModel):
    """The version of the paragraph the chair saw."""

    base_version: int = Field(ge=1)


class SplitIn(VersionIn):
    """Where to cut: a character offset in the paragraph's bracketed text, outside every bracket."""

    offset: int = Field(ge=0)


class MergeIn(VersionIn):
    """The versions of the paragraph and (optionally) of the next one, which is merged into it."""

    next_version: int | None = Field(default=None, ge=1)


class MoveIn(BaseModel):
    """The paragraph to move next to: just before one, or just after one."""

    before_id: int | None = None
    after_id: int | None = None


class LabelIn(BaseModel):
    """The new label as it is written ("3 bis.", "(c)", "OP4"); "" for none."""

    label: str = Field(max_length=40)


class UndoIn(BaseModel):
    """The structure change to undo (its event id); the latest one when absent."""

    event_id: int | None = None


class StructureChange(ReadModel):
    """What a structure edit did: its events, and the live paragraphs it touched as they are now."""

    document_id: int
    event_ids: list[int]
    paragraphs: list[ParagraphView]


@router.post("/paragraphs/{paragraph_id}/insert", status_code=201)
async def insert_paragraph(paragraph_id: int, body: InsertIn, unit: UnitDep, actor: ActorDep) -> StructureChange:
    """The chair inserts a paragraph before or after this one; the new one comes first in `paragraphs`."""
    change = await unit.write(
        lambda session: structure_edits.insert(
            session=session, actor=actor, paragraph_id=paragraph_id, where=body.where, text=body.text
        )
    )
    return await unit.read(lambda session: _answer(session, change))


@router.delete("/paragraphs/{paragraph_id}")
async def delete_paragraph(paragraph_id: int, base_version: int, unit: UnitDep, actor: ActorDep) -> StructureChange:
    """The chair deletes a paragraph (it is retired, its open sets dropped; undo brings both back)."""
    change = await unit.write(
        lambda session: structure_edits.delete(
            session=session, actor=actor, paragraph_id=paragraph_id, base_version=base_version
        )
    )
    return await unit.read(lambda session: _answer(session, change))


@router.post("/paragraphs/{paragraph_id}/split")
async def split_paragraph(paragraph_id: int, body: SplitIn, unit: UnitDep, actor: ActorDep) -> StructureChange:
    """The chair splits a paragraph in two at a character offset; the second part is a new paragraph."""
    change = await unit.write(
        lambda session: structure_edits.split(
            session=session, actor=actor, paragraph_id=paragraph_id, offset=body.offset, base_version=body.base_version
        )
    )
    return await unit.read(lambda session: _answer(session, change))


@router.post("/paragraphs/{paragraph_id}/merge")
async def merge_paragraph(paragraph_id: int, body: MergeIn, unit: UnitDep, actor: ActorDep) -> StructureChange:
    """The chair merges the next paragraph into this one."""
    change = await unit.write(
        lambda session: structure_edits.merge(
            session=session,
            actor=actor,
            paragraph_id=paragraph_id,
            base_version=body.base_version,
            next_version=body.next_version,
        )
    )
    return await unit.read(lambda session: _answer(session, change))


@router.post("/paragraphs/{paragraph_id}/move")
async def move_paragraph(paragraph_id: int, body: MoveIn, unit: UnitDep, actor: ActorDep) -> StructureChange:
    """The chair moves a paragraph just before or just after another."""
    change = await unit.write(
        lambda session: structure_edits.move(
            session=session, actor=actor, paragraph_id=paragraph_id, before_id=body.before_id, after_id=body.after_id
        )
    )
    return await unit.read(lambda session: _answer(session, change))


@router.put("/paragraphs/{paragraph_id}/label")
async def relabel_paragraph(paragraph_id: int, body: LabelIn, unit: UnitDep, actor: ActorDep) -> StructureChange:
    """The chair gives a paragraph a new label (or none)."""
    change = await unit.write(
        lambda session: structure_edits.relabel(
            session=session, actor=actor, paragraph_id=paragraph_id, label=body.label
        )
    )
    return await unit.read(lambda session: _answer(session, change))


@router.post("/documents/{document_id}/structure/undo")
async def undo_structure(document_id: int, body: UndoIn, unit: UnitDep, actor: ActorDep) -> StructureChange:
    """The chair undoes a structure change: the latest, or the one named if no later change depends on it."""
    change = await unit.write(
        lambda session: structure_undo.undo(
            session=session, actor=actor, document_id=document_id, event_id=body.event_id
        )
    )
    return await unit.read(lambda session: _answer(session, change))


def _answer(session: Session, change: Change) -> StructureChange:
    paragraphs: list[ParagraphView] = []
    if change.paragraph_ids:
        reader = views.paragraph_reader(session=session, paragraph_ids=list(change.paragraph_ids))
        paragraphs = [reader.paragraph(reader.row(pid)) for pid in change.paragraph_ids]
    return StructureChange(document_id=change.document_id, event_ids=list(change.event_ids), paragraphs=paragraphs)
