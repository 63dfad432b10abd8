"""Importing a draft, for every adapter (page, API, command line): read it, preview it, then confirm it.

`read_draft` takes an uploaded file (.txt, .md or .docx — Word files are checked before they are opened) or
`Draft(text, format)` a pasted text; the format (`text`, `markdown`, `docx`) comes from the file name or is given,
and Markdown is parsed as Markdown (links and `[^N]` footnote references are not brackets) and stored as such;
`preview` tells what the parser found, nothing stored; `confirm` stores it as a new document (Rev.0) and returns
the `Change`. Reading and previewing take no lock and run in worker threads.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from sqlmodel import Session

from app import domain
from app.domain.flattened import flattened_marks
from app.domain.text_rules import Flag
from app.services import permissions, text_checks
from app.services.accounts.auth import Actor
from app.services.documents import catalog as documents
from app.services.documents import docx_import, word_comments
from app.services.documents.catalog import MAX_DOCUMENT_CHARACTERS
from app.services.errors import Invalid, TooLarge
from app.services.formats.wordread import Comment, WordText
from app.services.negotiation import change
from app.services.negotiation.change import Change
from app.services.reading.import_models import FlattenedMarkView, UncertainBracketView

MAX_UPLOAD_BYTES = 4 * MAX_DOCUMENT_CHARACTERS  # UTF-8 takes at most four bytes a character
MAX_WORD_COMMENTS = 20_000
PREVIEW_PARAGRAPHS = 400
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/=]")
FORMATS = ("text", "markdown", "docx")
_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".docx": "docx"}


@dataclass(frozen=True, slots=True)
class ParagraphLine:
    """One detected paragraph in the preview."""

    line: int
    label: str | None
    kind: str
    bracket_sets: int
    excerpt: str


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What the parser found in a draft, shown before anything is stored."""

    stats: domain.DocumentStats
    paragraphs: list[ParagraphLine]
    more: int
    comments: list[Comment] = field(default_factory=list)  # Word comments, where positions often live
    flags: list[Flag] = field(default_factory=list)  # control, bidi and zero-width characters, kept but shown
    format: str = "text"  # how the draft was read
    layout: str = "lines"  # one paragraph per line, or wrapped paragraphs
    layout_detected: bool = True
    uncertain: list[UncertainBracketView] = field(default_factory=list)  # bare `[9]`: number or footnote?
    flattened: list[FlattenedMarkView] = field(default_factory=list)  # `HighLevel`: revision marks run together?
    flattened_total: int = 0
    bare_numbers: str = "negotiable"  # how `[9]` was read


@dataclass(frozen=True, slots=True)
class Draft:
    """A draft to import, from any source: its exact text and, for a Word file, what Word held besides."""

    text: str
    word: WordText | None = None
    format: str = "text"
    layout: domain.Layout | None = None  # None: detected
    bare_numbers: domain.BareNumbers = "negotiable"  # how `[9]` reads, as the secretariat chose

    @property
    def syntax(self) -> domain.Syntax:
        """How the parser reads the text: Markdown for .md drafts, plain otherwise (Word text included)."""
        return "markdown" if self.format == "markdown" else "plain"

    @property
    def comments(self) -> list[Comment]:
        """A Word file's comments with the words they anchor (positions often live there)."""
        return self.word.comments if self.word is not None else []


def pasted(
    text: str, *, format: str | None = None, layout: str | None = None, bare_numbers: str | None = None
) -> Draft:
    """A pasted (or previewed) text as a draft; `docx` names where the text came from and reads as plain text."""
    return Draft(
        text, format=format_of("", format), layout=layout_of(layout), bare_numbers=bare_numbers_of(bare_numbers)
    )


def bare_numbers_of(choice: str | None) -> domain.BareNumbers:
    """How the secretariat chose to read `[9]`: `negotiable` (the default) or `literal`."""
    if choice not in (None, "", "negotiable", "literal"):
        raise Invalid(f"bare_numbers: {choice!r} is not one of negotiable, literal")
    return "literal" if choice == "literal" else "negotiable"


def layout_of(layout: str | None) -> domain.Layout | None:
    """A layout the secretariat chose (`lines`, `wrapped`), or None to detect it."""
    if not layout:
        return None
    if layout not in ("lines", "wrapped"):
        raise Invalid(f"layout: {layout!r} is not one of lines, wrapped")
    return "wrapped" if layout == "wrapped" else "lines"


def format_of(filename: str, format: str | None = None) -> str:
    """The draft's format: the one given (checked), else from the file name's suffix, else `text`."""
    if format:
        if format not in FORMATS:
            raise Invalid(f"format: {format!r} is not one of {', '.join(FORMATS)}")
        return format
    dot = filename.rfind(".")
    return _SUFFIXES.get(filename[dot:].lower(), "text") if dot >= 0 else "text"


def read_draft(
    data: bytes, filename: str, *, format: str | None = None, layout: str | None = None, bare_numbers: str | None = None
) -> Draft:
    """An uploaded file as a draft: Word (by `format="docx"` or the .docx name) or UTF-8 text or Markdown."""
    kind = format_of(filename, format)
    reading = bare_numbers_of(bare_numbers)
    if kind == "docx":
        word = docx_import.read(data)
        return Draft(word.text, word, "docx", layout_of(layout), reading)
    return Draft(read_upload(data, filename), format=kind, layout=layout_of(layout), bare_numbers=reading)


def confirm(
    *, session: Session, actor: Actor | None, draft: Draft, title: str, language: str = "fr", symbol: str = ""
) -> Change:
    """Store the draft, exactly as read, as a new document (Rev.0), with a Word file's comments kept; the
    secretariat's (or the command line's)."""
    if actor is not None:
        permissions.require_secretariat(actor, "import documents")
    document, event = documents.store_text(
        session=session,
        title=title,
        text=draft.text,
        language=language,
        symbol=symbol,
        actor=actor,
        syntax=draft.syntax,
        layout=draft.layout,
        bare_numbers=draft.bare_numbers,
    )
    assert document.id is not None
    kept = word_comments.keep(session=session, document=document, text=draft.text, comments=draft.comments, actor=actor)
    events = [event] if kept is None else [event, kept]
    return change.commit(session=session, kind="imported", document_id=document.id, events=events)


def read_upload(data: bytes, filename: str) -> str:
    """The text of an uploaded .txt file; anything but UTF-8 is refused with the byte offset."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise TooLarge(f"{filename}: {len(data):,} bytes; at most {MAX_UPLOAD_BYTES:,} can be imported")
    try:
        return domain.decode_utf8(data)
    except domain.EncodingError as error:
        line = data.count(b"\n", 0, error.offset) + 1
        raise Invalid(f"{filename}: {error}, on line {line}; save the file as UTF-8", line=line) from error


def preview(draft: Draft) -> ImportPreview:
    """Parse without storing: counts, warnings with line and column, and the detected paragraphs."""
    text = draft.text
    if not text.strip():
        raise Invalid("text: paste the draft or choose a .txt file")
    tree = documents.parse_importable(text, syntax=draft.syntax, layout=draft.layout, bare_numbers=draft.bare_numbers)
    stats = domain.statistics(tree)
    lines = [
        ParagraphLine(
            line=detail.line,
            label=detail.label,
            kind=detail.kind,
            bracket_sets=detail.bracket_sets,
            excerpt=_excerpt(domain.render_inlines(paragraph.content)),
        )
        for detail, paragraph in zip(stats.paragraph_details, tree.paragraphs, strict=True)
    ]
    more = max(0, len(lines) - PREVIEW_PARAGRAPHS)
    marks, marks_total = flattened_marks(text) if draft.word is None else ([], 0)  # Word keeps its marks apart
    return ImportPreview(
        stats=stats,
        paragraphs=lines[:PREVIEW_PARAGRAPHS],
        more=more,
        comments=draft.comments,
        flags=text_checks.import_flags(text),
        format=draft.format,
        layout=tree.layout,
        layout_detected=draft.layout is None,
        uncertain=docx_import.uncertain_brackets(text, draft.bare_numbers),
        bare_numbers=draft.bare_numbers,
        flattened=[FlattenedMarkView(line=m.line, column=m.column, text=m.token, reading=m.reading) for m in marks],
        flattened_total=marks_total,
    )


def _excerpt(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def decode_payload(payload: str) -> str:
    """The previewed text back from its base64 form (byte for byte: CRLF, BOM and all)."""
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as error:  # ValueError: characters outside ASCII
        stray = _NOT_BASE64.search(payload)
        where = f" at character {stray.start() + 1}" if stray else ""
        raise Invalid(f"payload: not base64{where} ({error}); preview the draft again") from error
    return read_upload(data, "the previewed text")


def encode_comments(comments: list[Comment]) -> str:
    """A Word file's comments as they travel from the preview to the confirmation (base64 JSON; "" for none)."""
    if not comments:
        return ""
    return base64.b64encode(json.dumps([asdict(c) for c in comments]).encode("utf-8")).decode("ascii")


def with_comments(draft: Draft, payload: str) -> Draft:
    """The previewed draft with the Word comments the preview listed (`encode_comments`), checked field by field."""
    if not payload:
        return draft
    try:
        items = json.loads(base64.b64decode(payload, validate=True))
    except (binascii.Error, ValueError) as error:
        raise Invalid(f"comments: not the preview's comments ({error}); preview the Word file again") from error
    if not isinstance(items, list) or len(items) > MAX_WORD_COMMENTS:
        raise Invalid(f"comments: a list of at most {MAX_WORD_COMMENTS:,} Word comments was expected")
    comments = [_comment(item, index) for index, item in enumerate(items)]
    return replace(draft, word=WordText(text=draft.text, comments=comments))


def _comment(item: Any, index: int) -> Comment:
    where = f"comments[{index}]"
    texts = ("id", "author", "initials", "text", "anchored")
    if not isinstance(item, dict) or set(item) != {*texts, "date", "start", "end"}:
        raise Invalid(f"{where}: a Word comment has exactly {', '.join(texts)}, date, start and end")
    if not all(isinstance(item[key], str) for key in texts) or not isinstance(item["date"], str | None):
        raise Invalid(f"{where}: {', '.join(texts)} and date are text")
    for key in ("start", "end"):
        if item[key] is not None and (not isinstance(item[key], int) or isinstance(item[key], bool) or item[key] < 0):
            raise Invalid(f"{where}: {key} is a position in the text, or null")
    return Comment(**item)
