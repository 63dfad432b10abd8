"""A Word file checked before python-docx opens it, so that no file can cost more than its limits.

A .docx is a zip of XML parts. Its directory is read first: too many parts, or parts that would unzip beyond
the limits (a zip bomb of 190 kB can hold 50 MB of XML), are refused before anything is decompressed. Then each
XML part is streamed through expat, with no tree built: a DTD is refused where it starts (no entity is ever
declared, so none can be expanded), and so are malformed XML, nesting too deep, a text node too long, and more
paragraphs or characters than a document may have; each refusal names the part, line and column. What passes is
well-formed and small enough for python-docx (whose lxml parser resolves no entities) to read.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO
from xml.parsers import expat

from app.services.errors import Invalid, TooLarge

MAX_PARTS = 1_000
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # every part, pictures included
MAX_XML_BYTES = 32 * 1024 * 1024  # every XML part: about 3 million characters of heavily formatted text
MAX_XML_DEPTH = 128  # Word nests elements about 20 deep; libxml2 itself stops at 256
MAX_TEXT_NODE = 2_000_000  # characters in one run of text; libxml2 stops at 10 MB
MAX_PARAGRAPHS = 100_000
MAX_CHARACTERS = 5_000_000  # as for any imported draft
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_NAMES = (".xml", ".rels")


class _Refused(Exception):
    """Raised inside an expat handler; turned into Invalid with the part and position."""


@dataclass(slots=True)
class _Counts:
    paragraphs: int = 0
    characters: int = 0


def check_package(data: bytes) -> None:
    """Refuse a Word file over the part, size, depth, paragraph or character limits, or with a DTD or bad XML."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise Invalid(f"file: this is not a Word .docx file ({error})") from error
    with archive:
        xml = [e for e in entries if e.filename.lower().endswith(_XML_NAMES)]
        _check_directory(entries, xml)
        counts = _Counts()
        for entry in xml:
            _scan(archive, entry, counts)


def _check_directory(entries: list[zipfile.ZipInfo], xml: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_PARTS:
        raise TooLarge(f"file: {len(entries):,} parts; a Word file may have at most {MAX_PARTS:,}")
    unzipped = sum(e.file_size for e in entries)
    if unzipped > MAX_UNZIPPED_BYTES:
        raise TooLarge(f"file: unzips to {unzipped:,} bytes; a Word file may unzip to at most {MAX_UNZIPPED_BYTES:,}")
    xml_bytes = sum(e.file_size for e in xml)
    if xml_bytes > MAX_XML_BYTES:
        largest = max(xml, key=lambda e: e.file_size)
        raise TooLarge(
            f"file: {xml_bytes:,} bytes of XML (of which {largest.filename} {largest.file_size:,}, "
            f"compressed to {largest.compress_size:,}); a Word file may hold at most {MAX_XML_BYTES:,}"
        )


def _scan(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, counts: _Counts) -> None:
    """Stream one XML part through expat, refusing what breaks a limit, with where."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    walker = _Walker(parser, counts)
    parser.StartDoctypeDeclHandler = walker.doctype
    parser.EntityDeclHandler = walker.entity
    parser.StartElementHandler = walker.start
    parser.EndElementHandler = walker.end
    parser.CharacterDataHandler = walker.text
    try:
        with archive.open(entry) as stream:
            parser.ParseFile(_Limited(stream, entry.file_size))
    except _Refused as refusal:
        where = f"line {parser.CurrentLineNumber}, column {parser.CurrentColumnNumber + 1}"
        raise Invalid(f"file: {entry.filename}, {where}: {refusal}") from refusal
    except expat.ExpatError as error:
        message = expat.errors.messages[error.code]
        raise Invalid(f"file: {entry.filename}, line {error.lineno}, column {error.offset + 1}: {message}") from error
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise Invalid(f"file: {entry.filename} cannot be unzipped ({error})") from error


class _Walker:
    """The expat handlers of one part: depth, paragraphs and characters counted as the XML streams by."""

    def __init__(self, parser: expat.XMLParserType, counts: _Counts) -> None:
        self.parser, self.counts = parser, counts
        self.depth = 0
        self.in_text = 0
        self.run = 0  # characters of the text node being read (expat hands it over in pieces)

    def doctype(self, *_args: object) -> None:
        raise _Refused("a Word file has no DTD (<!DOCTYPE …>); this one may expand entities, so it is refused")

    def entity(self, name: str, *_args: object) -> None:
        raise _Refused(f"a Word file declares no entities (<!ENTITY {name} …>)")

    def start(self, name: str, _attributes: dict[str, str]) -> None:
        self.depth, self.run = self.depth + 1, 0
        if self.depth > MAX_XML_DEPTH:
            raise _Refused(f"elements nested more than {MAX_XML_DEPTH} deep")
        if name == f"{_W} p":
            self.counts.paragraphs += 1
            if self.counts.paragraphs > MAX_PARAGRAPHS:
                raise _Refused(f"more than {MAX_PARAGRAPHS:,} paragraphs")
        elif name == f"{_W} t":
            self.in_text += 1

    def end(self, name: str) -> None:
        self.depth, self.run = self.depth - 1, 0
        if name == f"{_W} t":
            self.in_text -= 1

    def text(self, data: str) -> None:
        self.run += len(data)
        if self.run > MAX_TEXT_NODE:
            raise _Refused(f"a text node of more than {MAX_TEXT_NODE:,} characters")
        if self.in_text:
            self.counts.characters += len(data)
            if self.counts.characters > MAX_CHARACTERS:
                raise _Refused(f"more than {MAX_CHARACTERS:,} characters of text")


class _Limited(io.RawIOBase):
    """A part's stream that never yields more than the size its zip entry declares."""

    def __init__(self, stream: IO[bytes], size: int) -> None:
        super().__init__()
        self.stream, self.left = stream, size

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            extra = self.stream.read(1)
            if extra:
                raise _Refused("the part unzips to more bytes than its zip entry declares")
            return b""
        chunk = self.stream.read(min(self.left, 1 << 20) if size < 0 else min(size, self.left))
        self.left -= len(chunk)
        return chunk
