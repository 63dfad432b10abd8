"""Reading a Word file's text: body paragraphs, table cells, footnotes, endnotes, comments with anchored text.

The text is what a reader of the file sees with tracked changes accepted (inserted text kept, deleted text left
out); how many insertions and deletions were accepted is reported. Each body paragraph, and each paragraph of a
table cell (row by row, cell by cell), is one line. A footnote or endnote reference becomes `[footnoteRef:N]`
and its body `[N: …]` is appended at the end of the paragraph that refers to it — the form in which Word's
text export writes footnotes, which the parser recognises as footnotes, not bracket sets. Endnotes are numbered
after the footnotes. Text boxes and the fallback copies of drawings are skipped (they would repeat text).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from app.services.errors import Invalid
from app.services.formats.wordguard import check_package

W, MC = qn("w:p")[: -len("p")], "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
SKIPPED = {W + "txbxContent", MC + "Fallback", W + "moveFrom", W + "del", W + "instrText"}
CHARACTERS = {W + "tab": "\t", W + "noBreakHyphen": "\u2011", W + "cr": "\n"}


@dataclass(frozen=True, slots=True)
class Comment:
    """A Word comment: who wrote it, what it says, and the text it is anchored to."""

    id: str
    author: str
    initials: str
    date: str | None
    text: str
    anchored: str
    start: int | None = None  # where the anchored words start and end in the text read (None: not in the body)
    end: int | None = None


@dataclass(slots=True)
class WordText:
    """The text of a Word file, and what was met on the way."""

    text: str = ""
    comments: list[Comment] = field(default_factory=list)
    footnotes: int = 0
    endnotes: int = 0
    tables: int = 0
    insertions: int = 0
    deletions: int = 0


class _Reader:
    def __init__(self, notes: dict[str, dict[str, str]], part: str = "") -> None:
        self.notes, self.part = notes, part
        self.numbers: dict[tuple[str, str], int] = {}
        self.first_endnote = 0
        self.anchors: dict[str, list[str]] = {}
        self.open_comments: set[str] = set()
        self.lines: list[str] = []
        self.offset = 0  # where the current line starts in the text read
        self.spans: dict[str, list[int]] = {}  # comment id -> [start, end] in the text read

    def block(self, element: Any) -> None:
        """A body-level element: a paragraph, a table, or a content control holding more."""
        if element.tag == W + "p":
            line = self.paragraph(element)
            self.lines.append(line)
            self.offset += len(line) + 1
        elif element.tag == W + "tbl":
            for row in element.iterchildren(W + "tr"):
                for cell in row.iterchildren(W + "tc"):
                    for child in cell.iterchildren():
                        self.block(child)
        elif element.tag == W + "sdt":
            for content in element.iterchildren(W + "sdtContent"):
                for child in content.iterchildren():
                    self.block(child)

    def paragraph(self, element: Any) -> str:
        out: list[str] = []
        tails: list[str] = []
        self._walk(element, out, tails)
        for comment_id in self.open_comments:
            self.anchors.setdefault(comment_id, []).append("\n")
        return "".join(out) + "".join(tails)

    def _walk(self, element: Any, out: list[str], tails: list[str]) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIPPED:
                continue
            piece = ""
            if tag == W + "t":
                piece = child.text or ""
            elif tag in CHARACTERS:
                piece = CHARACTERS[tag]
            elif tag == W + "br" and child.get(qn("w:type")) in (None, "textWrapping"):
                piece = "\n"
            elif tag == W + "sym" and child.get(qn("w:char")):
                piece = self._symbol(child.get(qn("w:char")))
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                kind = "footnote" if tag == W + "footnoteReference" else "endnote"
                piece, body = self._note(kind, child.get(qn("w:id")) or "")
                tails.append(body)
            elif tag == W + "commentRangeStart":
                self.open_comments.add(child.get(qn("w:id")) or "")
                self._mark(child.get(qn("w:id")) or "", out, 0)
            elif tag == W + "commentRangeEnd":
                self.open_comments.discard(child.get(qn("w:id")) or "")
                self._mark(child.get(qn("w:id")) or "", out, 1)
            elif tag == W + "commentReference":
                self._mark(child.get(qn("w:id")) or "", out, 2)
            else:
                self._walk(child, out, tails)
            if piece:
                out.append(piece)
                for comment_id in self.open_comments:
                    self.anchors.setdefault(comment_id, []).append(piece)

    def _mark(self, comment_id: str, out: list[str], which: int) -> None:
        """Note where a comment's range starts (0) or ends (1); a bare reference (2) places an unranged one."""
        here = self.offset + sum(len(piece) for piece in out)
        span = self.spans.get(comment_id)
        if which == 0 or span is None:
            self.spans[comment_id] = [here, here]
        elif which == 1:
            span[1] = here

    def _symbol(self, code: str) -> str:
        """The character a `w:sym` stands for; Invalid, saying where, when its code is none."""
        where = self.part or f"paragraph {len(self.lines) + 1}"
        try:
            value = int(code, 16)
        except ValueError:
            value = -1
        if not 0 <= value <= 0x10FFFF or 0xD800 <= value <= 0xDFFF or not code.isalnum():
            raise Invalid(f"file: {where}: a symbol (w:sym) has the character code {code[:20]!r}, which is none")
        return chr(value)

    def _note(self, kind: str, note_id: str) -> tuple[str, str]:
        key = (kind, note_id)
        if key not in self.numbers:
            same_kind = sum(1 for k in self.numbers if k[0] == kind)
            self.numbers[key] = same_kind + 1 + (self.first_endnote if kind == "endnote" else 0)
        number = self.numbers[key]
        body = self.notes.get(kind, {}).get(note_id, "")
        return f"[footnoteRef:{number}]", f" [{number}: {body.strip()}]"


def read_docx(data: bytes) -> WordText:
    """The text, comments and counts of a .docx file; Invalid (or TooLarge), saying where, when it is not one."""
    check_package(data)
    try:
        return _read(docx.Document(io.BytesIO(data)))
    # SyntaxError is lxml's XMLSyntaxError, for what python-docx parses that the check above did not see.
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as error:
        raise Invalid(f"file: this is not a Word .docx file ({type(error).__name__}: {error})") from error


def _read(document: Any) -> WordText:
    part = document.part
    notes = {
        "footnote": _note_bodies(_related(part, RELATIONSHIP_TYPE.FOOTNOTES), "footnote"),
        "endnote": _note_bodies(_related(part, RELATIONSHIP_TYPE.ENDNOTES), "endnote"),
    }
    body = document.element.body
    reader = _Reader(notes)
    reader.first_endnote = len(body.findall(".//" + W + "footnoteReference"))
    for child in body.iterchildren():
        reader.block(child)
    result = WordText(text="\n".join(reader.lines) + "\n")
    result.footnotes = sum(1 for k in reader.numbers if k[0] == "footnote")
    result.endnotes = sum(1 for k in reader.numbers if k[0] == "endnote")
    result.tables = len(body.findall(".//" + W + "tbl"))
    result.insertions = len(body.findall(".//" + W + "ins"))
    result.deletions = len(body.findall(".//" + W + "del"))
    result.comments = _comments(_related(part, RELATIONSHIP_TYPE.COMMENTS), reader.anchors, reader.spans)
    return result


def _related(part: Any, relationship: str) -> Any | None:
    """The parsed XML of a related part, or None."""
    for rel in part.rels.values():
        if rel.reltype == relationship and not rel.is_external:
            return parse_xml(rel.target_part.blob)
    return None


def _note_bodies(root: Any | None, kind: str) -> dict[str, str]:
    if root is None:
        return {}
    bodies = {}
    for note in root.iterchildren(W + kind):
        if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        reader = _Reader({}, part=f"{kind} {note.get(qn('w:id'))}")
        lines = [reader.paragraph(p) for p in note.iterchildren(W + "p")]
        bodies[note.get(qn("w:id")) or ""] = " ".join(line for line in lines if line)
    return bodies


def _comments(root: Any | None, anchors: dict[str, list[str]], spans: dict[str, list[int]]) -> list[Comment]:
    if root is None:
        return []
    found = []
    for comment in root.iterchildren(W + "comment"):
        comment_id = comment.get(qn("w:id")) or ""
        reader = _Reader({}, part=f"comment {comment_id}")
        text = "\n".join(reader.paragraph(p) for p in comment.iter(W + "p")).strip()
        found.append(
            Comment(
                id=comment_id,
                author=comment.get(qn("w:author")) or "",
                initials=comment.get(qn("w:initials")) or "",
                date=comment.get(qn("w:date")),
                text=text,
                anchored="".join(anchors.get(comment_id, [])).strip(),
                start=spans[comment_id][0] if comment_id in spans else None,
                end=spans[comment_id][1] if comment_id in spans else None,
            )
        )
    return found
