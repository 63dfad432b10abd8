"""`crochets export`, `crochets import` and `crochets restore`: documents in and out, on the configured database."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from app.commands.admin import database_session
from app.commands.runtime import fail

if TYPE_CHECKING:
    from sqlmodel import Session

    from app.services.accounts.auth import Actor


def register(cli: typer.Typer) -> None:
    """Add the `export`, `import` and `restore` commands to the CLI."""
    cli.command("export")(export)
    cli.command("import")(import_file)
    cli.command("restore")(restore)


def export(
    document: int = typer.Argument(..., help="The document's id (see GET /api/v1/documents)."),
    format: str = typer.Option("bracketed", "--format", help="clean, bracketed, docx, json or akn."),
    revision: int | None = typer.Option(None, "--revision", help="A revision number [default: the live text]."),
    start: str | None = typer.Option(None, "--from", help="Redline (docx, akn): the older revision."),
    end: str | None = typer.Option(None, "--to", help="Redline (docx, akn): the newer revision, or 'live'."),
    footnotes: str | None = typer.Option(None, "--footnotes", help="none or sponsors (bracketed text and docx)."),
    variant: str = typer.Option("bracketed", "--variant", help="docx: bracketed or clean."),
    keep: bool = typer.Option(False, "--keep-unresolved", help="clean: keep open brackets instead of refusing."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write to this file [default: standard output]."),
) -> None:
    """Export a document: text, Word (bracketed, clean or a tracked-changes redline), JSON backup, Akoma Ntoso."""
    from app.services.formats import downloads

    request = downloads.Request(format, revision, start, end, footnotes, variant, keep_unresolved=keep)
    with database_session() as session:
        file = downloads.export_file(session=session, document_id=document, request=request)
    if output is None:
        if not file.media_type.startswith(("text/", "application/json", "application/akn")) and sys.stdout.isatty():
            fail(f"{format} is a binary format; write it to a file with -o {file.filename}")
        sys.stdout.buffer.write(file.content)
        sys.stdout.buffer.flush()
        return
    try:
        output.write_bytes(file.content)
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror or error}")
    typer.echo(f"wrote {output} ({len(file.content):,} bytes)", err=True)


def import_file(
    file: Path = typer.Argument(..., help="A .docx Word file, or a UTF-8 .txt / .md file."),
    title: str = typer.Option(..., "--title", help="The document's title."),
    language: str = typer.Option("fr", "--language", help="Language code of the text."),
    symbol: str = typer.Option("", "--symbol", help="The document symbol, e.g. C24/XX."),
    format: str = typer.Option("", "--format", help="text, markdown or docx (default: from the file name)."),
    layout: str = typer.Option("", "--layout", help="lines or wrapped paragraphs (default: detected)."),
    bare_numbers: str = typer.Option(
        "negotiable", "--bare-numbers", help="How [9] reads: negotiable (a bracket set) or literal (a reference)."
    ),
) -> None:
    """Import a draft as a new document (Rev.0); prints its id and what was found."""
    data = _read(file)
    from app.services.documents import catalog as documents
    from app.services.documents import importing

    with database_session() as session:
        draft = importing.read_draft(
            data, file.name, format=format or None, layout=layout or None, bare_numbers=bare_numbers
        )
        change = importing.confirm(
            session=session, actor=None, draft=draft, title=title, language=language, symbol=symbol
        )
        found = next(s for s in documents.list_summaries(session=session) if s.id == change.document_id)
    word = draft.word
    extra = f", {len(word.comments)} Word comments kept, {word.footnotes} footnotes" if word else ""
    typer.echo(
        f"imported document {change.document_id}: {found.paragraphs} paragraphs, "
        f"{found.open_bracket_sets} bracket sets{extra}"
    )


def restore(
    file: Path = typer.Argument(..., help="A JSON backup made by `crochets export DOC --format json`."),
    username: str | None = typer.Option(
        None, "--as", help="Secretariat account credited with positions whose accounts are unknown here."
    ),
) -> None:
    """Restore a JSON backup as a new document; prints its id."""
    try:
        data = json.loads(_read(file))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        fail(f"{file} is not a JSON backup: {error}")
    except RecursionError:
        fail(f"{file} is not a JSON backup: it nests too deeply to be read")
    from app.services.formats import restore

    with database_session() as session:
        actor = _actor(session, username)
        document = restore.restore(session=session, actor=actor, data=data)
        typer.echo(f"restored {file} as document {document.id}: {document.title}")


def _actor(session: Session, username: str | None) -> Actor | None:
    from app.services.accounts import accounts, auth

    if username is None:
        return None
    account = accounts.find(session=session, username=username)
    if account is None or account.id is None:
        fail(f"--as: there is no account {username!r}")
    return auth.actor_for_account(session=session, account_id=account.id)


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror or error}")
