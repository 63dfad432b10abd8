"""`crochets revise DOC FILE`: import the next version of a document, written elsewhere, as its next revision."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from app.commands.admin import database_session
from app.commands.runtime import fail

if TYPE_CHECKING:
    from app.services.reading.revise_models import AlignedParagraph


def register(cli: typer.Typer) -> None:
    """Add the `revise` command to the CLI."""
    cli.command("revise")(revise)


def revise(
    document: int = typer.Argument(..., help="The document's id (see GET /api/v1/documents)."),
    file: Path = typer.Argument(..., help="The next version: a .docx Word file, or a UTF-8 .txt / .md file."),
    note: str = typer.Option("", "--note", help="The revision's note."),
    format: str = typer.Option("", "--format", help="text, markdown or docx (default: from the file name)."),
    preview: bool = typer.Option(False, "--preview", help="Only tell what would change; store nothing."),
) -> None:
    """Issue FILE as the document's next revision: paragraphs aligned, sets carried, dropped or resolved."""
    try:
        data = file.read_bytes()
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror or error}")
    from app.services.documents import importing, revising

    with database_session() as session:
        draft = importing.read_draft(data, file.name, format=format or None)
        found = revising.preview(session=session, actor=None, document_id=document, draft=draft)
        c = found.counts
        typer.echo(
            f"{'would issue' if preview else 'issuing'} Rev.{found.number}: {found.paragraphs_before} → "
            f"{found.paragraphs_after} paragraphs; {c.unchanged} unchanged, {c.edited} edited, {c.moved} moved, "
            f"{c.split} split, {c.merged} merged, {c.added} added, {c.deleted} deleted; bracket sets: "
            f"{c.sets_kept} kept, {c.sets_dropped} dropped, {c.sets_resolved} resolved, {c.sets_new} new; sets over "
            f"whole paragraphs: {c.block_sets_kept} kept, {c.block_sets_dropped} dropped, {c.block_sets_new} new"
        )
        if preview:
            for step in found.paragraphs:
                if step.kind != "unchanged" or step.moved:
                    typer.echo(_line(step))
            return
        change = revising.confirm(session=session, actor=None, document_id=document, draft=draft, note=note)
    typer.echo(f"issued Rev.{change.revision} of document {document}")


def _line(step: AlignedParagraph) -> str:
    """One changed paragraph of the preview: its kind, its labels before, its places after, its first words."""
    kind = " + ".join(k for k in (step.kind if step.kind != "unchanged" else "", "moved" if step.moved else "") if k)
    was = ", ".join(label or "¶" for label in step.old_labels) or "—"
    becomes = ", ".join(f"§{position + 1}" for position in step.new_positions) or "—"
    return f"  {kind:<16} {was} → {becomes}: {step.excerpt[:80]}"
