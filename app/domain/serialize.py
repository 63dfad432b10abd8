"""A compact, JSON-ready view of the tree, used by the fixture tests and for debugging.

Shape: `{"bom", "leading", "paragraphs": [{"prefix", "label", "kind", "content", "trailing"}], "warnings":
[[line, column, kind]]}`, and `"blocks": [{"kind", "alternatives": [[first, last, label]], "opening", "closing"}]`
when the document has block-level sets. Content is a list whose items are a string (text), `{"placeholder": inside}`,
`{"footnote_ref": number, "raw": raw}`, `{"footnote": number, "head": head, "content": [...]}` or
`{"set": [alternative content, ...], "separators": [...]}`. Built without recursion, like every walk.
"""

from __future__ import annotations

from app.domain.tree import Document, Footnote, FootnoteRef, Paragraph, Text
from app.domain.walk import iter_events

JsonValue = str | int | None | list["JsonValue"] | dict[str, "JsonValue"]


def to_data(doc: Document) -> dict[str, JsonValue]:
    """Serialise a document to plain lists, dicts and strings (see the module docstring for the shape)."""
    paragraphs: list[JsonValue] = []
    containers: list[list[JsonValue]] = []
    sets: list[dict[str, JsonValue]] = []
    for event in iter_events(doc):
        kind, node = event.kind, event.node
        if kind == "paragraph":
            assert isinstance(node, Paragraph)
            content: list[JsonValue] = []
            paragraphs.append(_paragraph(node, content))
            containers = [content]
        elif kind == "source" and isinstance(node, Text):
            containers[-1].append(node.text)
        elif kind == "placeholder":
            containers[-1].append({"placeholder": event.text[1:-1]})
        elif kind == "footnote_ref":
            assert isinstance(node, FootnoteRef)
            containers[-1].append({"footnote_ref": node.number, "raw": node.raw})
        elif kind == "footnote":
            assert isinstance(node, Footnote)
            inner: list[JsonValue] = []
            containers[-1].append({"footnote": node.number, "head": node.head, "content": inner})
            containers.append(inner)
        elif kind == "set":
            alternatives: list[JsonValue] = []
            separators: list[JsonValue] = []
            sets.append({"set": alternatives, "separators": separators})
            containers[-1].append(sets[-1])
        elif kind == "open":
            alternative: list[JsonValue] = []
            alternatives_of = sets[-1]["set"]
            assert isinstance(alternatives_of, list)
            alternatives_of.append(alternative)
            containers.append(alternative)
        elif kind == "separator":
            separators_of = sets[-1]["separators"]
            assert isinstance(separators_of, list)
            separators_of.append(event.text)
        elif kind in ("close", "end_footnote"):
            containers.pop()
        elif kind == "end_set":
            sets.pop()
    data: dict[str, JsonValue] = {
        "bom": doc.bom,
        "leading": doc.leading,
        "paragraphs": paragraphs,
        "warnings": [[w.line, w.column, w.kind] for w in doc.warnings],
    }
    if doc.blocks:
        data["blocks"] = [
            {
                "kind": block.kind,
                "alternatives": [[a.first, a.last, a.label] for a in block.alternatives],
                "opening": block.opening,
                "closing": block.closing,
            }
            for block in doc.blocks
        ]
    return data


def _paragraph(paragraph: Paragraph, content: list[JsonValue]) -> dict[str, JsonValue]:
    return {
        "prefix": paragraph.prefix,
        "label": paragraph.label,
        "kind": paragraph.kind,
        "content": content,
        "trailing": paragraph.trailing,
    }
