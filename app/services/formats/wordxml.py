"""Writing Word files through python-docx's XML layer: runs, real footnotes and tracked changes.

python-docx has no footnote or tracked-change API, so the footnotes part is created through its OPC layer and
`w:footnoteReference`, `w:ins`, `w:del` and move ranges (`w:moveFrom`/`w:moveTo`) are built with `docx.oxml`;
comments use python-docx's comments part, anchored on a whole paragraph. Text is always set as element
text (lxml escapes it); characters that XML 1.0 forbids are dropped, a form feed becomes a page break.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import docx
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff\r]")
_BREAKS = re.compile("(\t|\n|\f)")
_EMPTY_FOOTNOTES = (
    f'<w:footnotes xmlns:w="{W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


def word_date(moment: datetime | None) -> str:
    """A `w:date` value: UTC, to the second (stored times without a zone are UTC)."""
    moment = moment or datetime.now(UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def xml_safe(text: str) -> str:
    """Text without the characters XML 1.0 cannot hold (the form feed is kept; runs turn it into a page break)."""
    return _FORBIDDEN.sub("", text)


class WordWriter:
    """One Word document being written: paragraphs of runs, footnotes, tracked insertions and deletions."""

    def __init__(self, title: str) -> None:
        self.document = docx.Document()
        self.document.core_properties.title = xml_safe(title)[:255]
        self._footnotes: BaseOxmlElement | None = None
        self._next_footnote = 1
        self._next_change = 1

    def paragraph(self) -> BaseOxmlElement:
        """A new empty paragraph at the end of the body."""
        element: BaseOxmlElement = self.document.add_paragraph()._p
        return element

    def text(self, paragraph: BaseOxmlElement, text: str, *, superscript: bool = False) -> None:
        """Plain text at the end of a paragraph."""
        if text:
            paragraph.append(_run(text, superscript=superscript))

    def inserted(self, paragraph: BaseOxmlElement, text: str, *, author: str, date: str) -> None:
        """Text shown as a tracked insertion by `author`."""
        if text:
            paragraph.append(self._change("w:ins", _run(text), author, date))

    def deleted(self, paragraph: BaseOxmlElement, text: str, *, author: str, date: str) -> None:
        """Text shown as a tracked deletion by `author` (its characters kept in `w:delText`)."""
        if text:
            paragraph.append(self._change("w:del", _run(text, deleted=True), author, date))

    def moved_from(self, paragraph: BaseOxmlElement, text: str, *, author: str, date: str) -> None:
        """Text shown as moved away from here (inside a move-from range; its runs hold `w:t`, as Word writes them)."""
        if text:
            paragraph.append(self._change("w:moveFrom", _run(text), author, date))

    def moved_to(self, paragraph: BaseOxmlElement, text: str, *, author: str, date: str) -> None:
        """Text shown as moved here (inside a move-to range)."""
        if text:
            paragraph.append(self._change("w:moveTo", _run(text), author, date))

    def move_range(self, paragraph: BaseOxmlElement, side: str, name: str, *, author: str, date: str) -> int:
        """Open a named move range (`side` "From" or "To") at the end of a paragraph; returns its id."""
        start = OxmlElement(f"w:move{side}RangeStart")
        number = self._next_change
        self._next_change += 1
        start.set(qn("w:id"), str(number))
        start.set(qn("w:author"), xml_safe(author) or "Crochets")
        start.set(qn("w:date"), date)
        start.set(qn("w:name"), name)
        paragraph.append(start)
        return number

    def end_move_range(self, paragraph: BaseOxmlElement, side: str, number: int) -> None:
        """Close the move range `number` at the end of a paragraph."""
        end = OxmlElement(f"w:move{side}RangeEnd")
        end.set(qn("w:id"), str(number))
        paragraph.append(end)

    def mark(self, paragraph: BaseOxmlElement, tag: str, *, author: str, date: str) -> None:
        """Track the paragraph mark itself (`w:ins`, `w:del`, `w:moveFrom`, `w:moveTo`): a whole paragraph."""
        properties = OxmlElement("w:rPr")
        change = OxmlElement(tag)
        change.set(qn("w:id"), str(self._next_change))
        change.set(qn("w:author"), xml_safe(author) or "Crochets")
        change.set(qn("w:date"), date)
        self._next_change += 1
        properties.append(change)
        paragraph.get_or_add_pPr().append(properties)

    def comment(self, paragraph: BaseOxmlElement, text: str, *, author: str) -> None:
        """A comment on the whole paragraph (written after its content)."""
        comment = self.document.comments.add_comment(text=xml_safe(text), author=xml_safe(author) or "Crochets")
        number = str(comment.comment_id)
        start = OxmlElement("w:commentRangeStart")
        start.set(qn("w:id"), number)
        properties = paragraph.pPr
        if properties is not None:
            properties.addnext(start)
        else:
            paragraph.insert(0, start)
        end = OxmlElement("w:commentRangeEnd")
        end.set(qn("w:id"), number)
        paragraph.append(end)
        reference = OxmlElement("w:r")
        marker = OxmlElement("w:commentReference")
        marker.set(qn("w:id"), number)
        reference.append(marker)
        paragraph.append(reference)

    def footnote(self, paragraph: BaseOxmlElement, body: str) -> int:
        """A real footnote: a superscript reference here, the body in the footnotes part; returns its id."""
        number = self._next_footnote
        self._next_footnote += 1
        reference = OxmlElement("w:r")
        reference.append(_superscript())
        marker = OxmlElement("w:footnoteReference")
        marker.set(qn("w:id"), str(number))
        reference.append(marker)
        paragraph.append(reference)
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(number))
        inner = OxmlElement("w:p")
        own = OxmlElement("w:r")
        own.append(_superscript())
        own.append(OxmlElement("w:footnoteRef"))
        inner.append(own)
        inner.append(_run(" " + body))
        note.append(inner)
        self._footnotes_root().append(note)
        return number

    def save(self) -> bytes:
        """The .docx file's bytes."""
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    def _change(self, tag: str, run: BaseOxmlElement, author: str, date: str) -> BaseOxmlElement:
        change = OxmlElement(tag)
        change.set(qn("w:id"), str(self._next_change))
        change.set(qn("w:author"), xml_safe(author) or "Crochets")
        change.set(qn("w:date"), date)
        self._next_change += 1
        change.append(run)
        return change

    def _footnotes_root(self) -> BaseOxmlElement:
        if self._footnotes is None:
            document_part = self.document.part
            part = XmlPart(
                PackURI("/word/footnotes.xml"),
                CONTENT_TYPE.WML_FOOTNOTES,
                parse_xml(_EMPTY_FOOTNOTES),
                document_part.package,
            )
            document_part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
            self._footnotes = part.element
        return self._footnotes


def _superscript() -> BaseOxmlElement:
    properties = OxmlElement("w:rPr")
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    properties.append(align)
    return properties


def _run(text: str, *, deleted: bool = False, superscript: bool = False) -> BaseOxmlElement:
    """A `w:r` holding the text, with tabs, line breaks and page breaks as Word elements."""
    run = OxmlElement("w:r")
    if superscript:
        run.append(_superscript())
    for part in _BREAKS.split(xml_safe(text)):
        if part == "\t":
            run.append(OxmlElement("w:tab"))
        elif part == "\n":
            run.append(OxmlElement("w:br"))
        elif part == "\f":
            page = OxmlElement("w:br")
            page.set(qn("w:type"), "page")
            run.append(page)
        elif part:
            element = OxmlElement("w:delText" if deleted else "w:t")
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            element.text = part
            run.append(element)
    return run
