"""Hostile Word files, built in the tests: a real python-docx file whose parts are then replaced or added."""

from __future__ import annotations

import io
import zipfile

import docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OPEN = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>'
CLOSE = "</w:body></w:document>"


def word_file(*paragraphs: str) -> bytes:
    """A Word file with these paragraphs, made by python-docx."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_part(name: str, content: bytes | str, base: bytes | None = None) -> bytes:
    """A Word file with one part replaced (or added), every part deflated as Word does."""
    base = base if base is not None else word_file("Decides to adopt the text.")
    data = content.encode("utf-8") if isinstance(content, str) else content
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            if entry.filename != name:
                target.writestr(entry.filename, source.read(entry.filename), compresslevel=9)
        target.writestr(name, data, compresslevel=9)
    return out.getvalue()


def body(inner: str) -> str:
    """A document.xml holding this body XML."""
    return OPEN + inner + CLOSE


def zip_bomb() -> bytes:
    """About 180 kB of .docx holding 50 MB of XML: 1.3 million one-word paragraphs."""
    return with_part("word/document.xml", body("<w:p><w:r><w:t>words</w:t></w:r></w:p>" * 1_300_000))


def deep_brackets(depth: int = 10_000) -> bytes:
    """A small Word file whose one paragraph nests brackets `depth` deep."""
    return word_file("Decides " + "[" * depth + "to adopt" + "]" * depth + " the text.")


def entity_expansion() -> bytes:
    """The "billion laughs": ten entities each ten times the one before."""
    entities = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    xml = body("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>")
    return with_part(
        "word/document.xml", xml.replace("<w:document", f"<!DOCTYPE w:document [{entities}]>\n<w:document", 1)
    )


HOSTILE: dict[str, tuple[bytes | str, str]] = {
    # name: (document.xml, what the refusal must say)
    "malformed": (body("<w:p><w:r><w:t>text</w:r></w:p>"), "word/document.xml, line 2, column"),
    "huge text node": (body(f"<w:p><w:r><w:t>{'x' * 10_000_000}</w:t></w:r></w:p>"), "text node of more than"),
    "bad symbol": (body('<w:p><w:r><w:sym w:font="Wingdings" w:char="ZZZZ"/></w:r></w:p>'), "'ZZZZ'"),
    "deep XML": (body("<w:sdt><w:sdtContent>" * 5_000 + "</w:sdtContent></w:sdt>" * 5_000), "nested more than"),
    "not XML": (b"\x89PNG\r\n\x1a\n", "word/document.xml, line 1, column 1"),
}
