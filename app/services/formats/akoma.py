"""Akoma Ntoso 3.0 XML: the document with its bracket sets, and redlines with `ins`/`del`.

Mapping: each paragraph is a `blockContainer` (its label in `num`, its text in `p`); a bracket set is an
`inline name="bracketSet"` holding one `inline name="alternative"` per alternative, every alternative after the
first pointing at the first with `alternativeTo`, sponsors in `title`; a placeholder is `placeholder`; the
document's own footnotes are `noteRef` + `authorialNote`. A redline (`from`/`to`) marks words with `ins` and
`del`. Built with ElementTree, which escapes every text and attribute.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlmodel import Session

from app.domain import BracketSet, Footnote, FootnoteRef, Inline, Placeholder, Text
from app.services.documents import catalog as documents
from app.services.formats import sponsors
from app.services.formats.wordxml import xml_safe
from app.services.reading import redlines, versions
from app.services.reading.bracket_changes import FALLBACK_AUTHOR

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


class _Shown(Protocol):
    """A paragraph as a container shows it: a version's paragraph or a redline's."""

    @property
    def id(self) -> int: ...
    @property
    def label(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...


def document_akn(*, session: Session, document_id: int, ref: str) -> bytes:
    """The document at a version as Akoma Ntoso XML."""
    document = documents.get(session=session, document_id=document_id)
    version = versions.load(session=session, document_id=document_id, ref=ref)
    notes = sponsors.notes_at(session=session, document_id=document_id, at=version.at)
    root, body = _skeleton(document, version.name, document_id)
    for paragraph, content in sponsors.contents_of(session=session, document_id=document_id, version=version):
        _inlines(_container(body, paragraph), content, notes)
    return _serialise(root)


def redline_akn(*, session: Session, document_id: int, start: str, end: str) -> bytes:
    """A redline between two versions as Akoma Ntoso XML with `ins` and `del`."""
    result = redlines.compute(session=session, document_id=document_id, start=start, end=end)
    document = documents.get(session=session, document_id=document_id)
    root, body = _skeleton(document, f"redline {result.start.name} to {result.end.name}", document_id)
    for paragraph in result.paragraphs:
        p = _container(body, paragraph)
        if paragraph.structure != "kept":  # moved, split, merged, added or deleted: said on its container
            block = body[-1]
            block.set("class", f"{block.get('class')} {paragraph.structure}")
        for op in paragraph.ops:
            if op.kind == "equal":
                _text(p, op.text)
                continue
            element = ET.SubElement(p, "ins" if op.kind == "insert" else "del")
            author = paragraph.author_of(op)
            element.set("title", author.label if author else FALLBACK_AUTHOR)
            if author is not None:
                element.set("refersTo", f"#event_{author.event_id}")
            element.text = xml_safe(op.text)
    return _serialise(root)


def _skeleton(document: Any, expression: str, document_id: int) -> tuple[ET.Element, ET.Element]:
    root = ET.Element("akomaNtoso", {"xmlns": AKN_NS})
    doc = ET.SubElement(root, "doc", {"name": "draftResolution"})
    meta = ET.SubElement(doc, "meta")
    identification = ET.SubElement(meta, "identification", {"source": "#crochets"})
    day = (document.created_at or datetime.now(UTC)).date().isoformat()
    uri = f"/akn/un/doc/draft/{day}/{document_id}"
    language = xml_safe(document.language or "und")
    for level, this in (
        ("FRBRWork", uri),
        ("FRBRExpression", f"{uri}/{language}"),
        ("FRBRManifestation", f"{uri}/{language}.akn"),
    ):
        frbr = ET.SubElement(identification, level)
        ET.SubElement(frbr, "FRBRthis", {"value": f"{this}/!main"})
        ET.SubElement(frbr, "FRBRuri", {"value": this})
        ET.SubElement(frbr, "FRBRdate", {"date": day, "name": expression})
        ET.SubElement(frbr, "FRBRauthor", {"href": "#crochets"})
        if level == "FRBRWork":
            ET.SubElement(frbr, "FRBRcountry", {"value": "un"})
        if level == "FRBRExpression":
            ET.SubElement(frbr, "FRBRlanguage", {"language": language})
    references = ET.SubElement(meta, "references", {"source": "#crochets"})
    ET.SubElement(
        references,
        "TLCOrganization",
        {"eId": "crochets", "href": "/ontology/organization/crochets", "showAs": "Crochets"},
    )
    preface = ET.SubElement(doc, "preface")
    title = ET.SubElement(ET.SubElement(preface, "p"), "docTitle")
    title.text = xml_safe(document.title)
    return root, ET.SubElement(doc, "mainBody")


def _container(body: ET.Element, paragraph: _Shown) -> ET.Element:
    block = ET.SubElement(
        body, "blockContainer", {"eId": f"para_{paragraph.id}", "class": f"{paragraph.kind} status-{paragraph.status}"}
    )
    if paragraph.label:
        ET.SubElement(block, "num").text = xml_safe(paragraph.label)
    return ET.SubElement(block, "p")


def _inlines(parent: ET.Element, content: tuple[Inline, ...], notes: dict[int, str]) -> None:
    for node in content:
        if isinstance(node, Text):
            _text(parent, node.text)
        elif isinstance(node, Placeholder):
            element = ET.SubElement(parent, "placeholder", {"originalText": xml_safe(f"[{node.text}]")})
            element.text = xml_safe(f"[{node.text}]")
        elif isinstance(node, FootnoteRef):
            ET.SubElement(parent, "noteRef", {"href": f"#note_{node.number}", "marker": node.number})
        elif isinstance(node, Footnote):
            note = ET.SubElement(parent, "authorialNote", {"eId": f"note_{node.number}", "marker": node.number})
            _inlines(ET.SubElement(note, "p"), node.content, notes)
        elif isinstance(node, BracketSet):
            _bracket_set(parent, node, notes)


def _bracket_set(parent: ET.Element, node: BracketSet, notes: dict[int, str]) -> None:
    attributes = {"name": "bracketSet"}
    if node.key is not None:
        attributes["eId"] = f"bs_{node.key}"
    holder = ET.SubElement(parent, "inline", attributes)
    first: str | None = None
    for index, alternative in enumerate(node.alternatives):
        if index:
            _text(holder, node.separators[index - 1])
        eid = f"alt_{alternative.key}" if alternative.key is not None else f"alt_{id(alternative)}"
        element = ET.SubElement(holder, "inline", {"name": "alternative", "eId": eid})
        if first is None:
            first = eid
        else:
            element.set("alternativeTo", f"#{first}")
        if alternative.original:
            element.set("class", "original")
        if notes.get(alternative.key or 0):
            element.set("title", notes[alternative.key or 0])
        _text(element, "[")
        _inlines(element, alternative.content, notes)
        _text(element, "]")


def _text(parent: ET.Element, text: str) -> None:
    """Append text after the last child (ElementTree keeps mixed content in `text` and `tail`)."""
    text = xml_safe(text)
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _serialise(root: ET.Element) -> bytes:
    body: bytes = ET.tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body
