"""Every export format as one downloadable file: its bytes, media type and file name.

Formats: `clean` and `bracketed` text (`footnotes=sponsors` adds sponsor notes), `docx` (`variant=bracketed`,
the default, with sponsor footnotes unless `footnotes=none`; `variant=clean`; or a redline with `from`/`to`),
`json` (the lossless backup of the whole document) and `akn` (Akoma Ntoso; a redline with `from`/`to`).

Sponsor notes in text use the notation Word's text export uses for footnotes, which the importer reads back as
footnotes: `[footnoteRef:N]` after the alternative, and `[N: Proposed by CHE; supported by AFR.]` lines at the
end, numbered after the document's own footnotes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from sqlmodel import Session

from app.services.documents import catalog as documents
from app.services.errors import Invalid
from app.services.formats import akoma, backup, sponsors, wordfiles
from app.services.formats import text as exports
from app.services.reading import versions

FORMATS = ("bracketed", "clean", "docx", "json", "akn")
TEXT = "text/plain; charset=utf-8"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEDIA = {"bracketed": TEXT, "clean": TEXT, "docx": DOCX, "json": "application/json", "akn": "application/akn+xml"}
MEDIA_TYPES = sorted({media.split(";")[0] for media in MEDIA.values()})
EXTENSIONS = {"bracketed": "txt", "clean": "txt", "docx": "docx", "json": "json", "akn": "xml"}


@dataclass(frozen=True, slots=True)
class Request:
    """What was asked for; `start`/`end` make a redline."""

    format: str
    revision: int | None = None
    start: str | None = None
    end: str | None = None
    footnotes: str | None = None  # none | sponsors
    variant: str = "bracketed"  # bracketed | clean (docx)
    keep_unresolved: bool = False


@dataclass(frozen=True, slots=True)
class Download:
    """A file to send: its bytes, media type and file name."""

    content: bytes
    media_type: str
    filename: str

    def content_disposition(self) -> str:
        """`attachment` with an ASCII file name and the exact one in RFC 5987 form."""
        fallback = self.filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
        return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(self.filename)}"


def export_file(*, session: Session, document_id: int, request: Request) -> Download:
    """The document exported as asked (see the module docstring)."""
    _check(request)
    document = documents.get(session=session, document_id=document_id)
    redline = request.start is not None or request.end is not None
    start = versions.parse_ref(request.start if request.start is not None else 0, field="from")
    end = versions.parse_ref(request.end, field="to")
    ref = versions.LIVE if request.revision is None else str(request.revision)
    content = _content(session, document_id, request, redline=redline, start=start, end=end, ref=ref)
    suffix = f"rev{start}-to-{end}" if redline else ("live" if request.revision is None else f"rev{request.revision}")
    if redline:
        kind = "redline"
    elif request.format == "json":
        kind = "backup"
    else:
        kind = request.variant if request.format == "docx" else request.format
    if request.format == "json":
        suffix = ""
    name = "-".join(part for part in (_slug(document.title), suffix, kind) if part)
    return Download(content, MEDIA[request.format], f"{name}.{EXTENSIONS[request.format]}")


def _check(request: Request) -> None:
    if request.format not in FORMATS:
        raise Invalid(f"format: {request.format!r} is not one of {', '.join(FORMATS)}")
    redline = request.start is not None or request.end is not None
    if redline and request.format not in ("docx", "akn"):
        raise Invalid("from/to: redlines are exported as docx (tracked changes) or akn; use format=docx or akn")
    if redline and request.revision is not None:
        raise Invalid("revision: give either revision (one version) or from/to (a redline), not both")
    if request.format == "json" and request.revision is not None:
        raise Invalid("revision: a JSON backup holds the whole document with every revision; leave revision out")
    if request.footnotes not in (None, "none", "sponsors"):
        raise Invalid(f"footnotes: {request.footnotes!r} is not one of none, sponsors")
    if request.variant not in ("bracketed", "clean"):
        raise Invalid(f"variant: {request.variant!r} is not one of bracketed, clean")


def _content(
    session: Session, document_id: int, request: Request, *, redline: bool, start: str, end: str, ref: str
) -> bytes:
    kind = request.format
    if kind == "json":
        data = backup.backup(session=session, document_id=document_id)
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    if kind == "akn":
        if redline:
            return akoma.redline_akn(session=session, document_id=document_id, start=start, end=end)
        return akoma.document_akn(session=session, document_id=document_id, ref=ref)
    if kind == "docx":
        if redline:
            return wordfiles.redline_docx(session=session, document_id=document_id, start=start, end=end)
        if request.variant == "clean":
            return wordfiles.clean_docx(
                session=session,
                document_id=document_id,
                revision=request.revision,
                keep_unresolved=request.keep_unresolved,
            )
        notes = request.footnotes != "none"
        return wordfiles.bracketed_docx(session=session, document_id=document_id, ref=ref, sponsor_notes=notes)
    if kind == "bracketed" and request.footnotes == "sponsors":
        return sponsor_text(session=session, document_id=document_id, ref=ref).encode("utf-8")
    text = exports.export_text(
        session=session,
        document_id=document_id,
        format=kind,
        revision=request.revision,
        keep_unresolved=request.keep_unresolved,
    )
    return text.encode("utf-8")


def sponsor_text(*, session: Session, document_id: int, ref: str) -> str:
    """The bracketed text with a footnote marker after each backed alternative and the notes at the end."""
    annotated = sponsors.annotate(session=session, document_id=document_id, ref=ref)
    numbers = [int(p.number) for a in annotated.paragraphs for p in a.pieces if p.number.isdigit()]
    number = max(numbers, default=0)
    out = [annotated.bom, annotated.leading]
    notes: list[str] = []
    for paragraph in annotated.paragraphs:
        out.append(paragraph.prefix)
        for piece in paragraph.pieces:
            if piece.kind == "note":
                number += 1
                out.append(f"[footnoteRef:{number}]")
                notes.append(f"[{number}: {piece.text}]")
            else:
                out.append(piece.raw or piece.text)
        out.append(paragraph.trailing)
    text = "".join(out)
    if notes:
        text += ("" if text.endswith("\n") else "\n") + "\n" + "\n".join(notes) + "\n"
    return text


def _slug(title: str) -> str:
    """An ASCII file-name stem from a title: accents dropped, other characters as hyphens, at most 60."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_title).strip("-").lower()[:60].strip("-") or "document"
