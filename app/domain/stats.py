"""Statistics of a parsed document: counts per document and per paragraph."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from app.domain.tree import BracketSet, Document, ParagraphKind, ParseWarning
from app.domain.walk import iter_located


@dataclass(frozen=True, slots=True)
class ParagraphStats:
    """Counts for one paragraph; `max_depth` is 0 without brackets and 1 for a lone bracket set."""

    index: int
    line: int
    label: str | None
    kind: ParagraphKind
    bracket_sets: int
    alternatives: int
    max_depth: int
    placeholders: int
    footnotes: int
    warnings: int

    def to_json_dict(self) -> dict[str, object]:
        """A JSON-ready dict of these counts."""
        return {
            "index": self.index,
            "line": self.line,
            "label": self.label,
            "kind": self.kind,
            "bracket_sets": self.bracket_sets,
            "alternatives": self.alternatives,
            "max_depth": self.max_depth,
            "placeholders": self.placeholders,
            "footnotes": self.footnotes,
            "warnings": self.warnings,
        }


@dataclass(frozen=True, slots=True)
class DocumentStats:
    """Counts for a whole document; bracket sets are counted at every depth, block-level sets included (and
    counted apart in `block_sets`)."""

    paragraphs: int
    bracket_sets: int
    alternatives: int
    max_depth: int
    placeholders: int
    footnotes: int
    footnote_refs: int
    warnings: tuple[ParseWarning, ...]
    paragraph_details: tuple[ParagraphStats, ...]
    block_sets: int = 0

    def to_json_dict(self) -> dict[str, object]:
        """A JSON-ready dict: the document counts, the warnings and the per-paragraph counts."""
        return {
            "paragraphs": self.paragraphs,
            "bracket_sets": self.bracket_sets,
            "block_sets": self.block_sets,
            "alternatives": self.alternatives,
            "max_depth": self.max_depth,
            "placeholders": self.placeholders,
            "footnotes": self.footnotes,
            "footnote_refs": self.footnote_refs,
            "warnings": [
                {"line": w.line, "column": w.column, "kind": w.kind, "message": w.message} for w in self.warnings
            ],
            "paragraph_details": [p.to_json_dict() for p in self.paragraph_details],
        }


def statistics(doc: Document) -> DocumentStats:
    """Count paragraphs, bracket sets, alternatives, depth, placeholders, footnotes and warnings."""
    counts: list[dict[str, int]] = []
    footnote_refs = 0
    starts: list[int] = []
    for event, location in iter_located(doc):
        if event.kind == "paragraph":
            counts.append(dict.fromkeys(("sets", "alts", "depth", "placeholders", "footnotes"), 0))
            counts[-1]["line"] = location.line
            starts.append(location.offset)
        elif event.kind == "set":
            assert isinstance(event.node, BracketSet)
            current = counts[-1]
            current["sets"] += 1
            current["alts"] += len(event.node.alternatives)
            current["depth"] = max(current["depth"], location.depth)
        elif event.kind == "placeholder":
            counts[-1]["placeholders"] += 1
        elif event.kind == "footnote":
            counts[-1]["footnotes"] += 1
        elif event.kind == "footnote_ref":
            footnote_refs += 1
    warnings_per_paragraph = [0] * len(counts)
    for warning in doc.warnings:
        # A warning always lies inside a paragraph: brackets are never blank lines.
        warnings_per_paragraph[max(bisect_right(starts, warning.offset) - 1, 0)] += 1
    details = tuple(
        ParagraphStats(
            index=index,
            line=count["line"],
            label=paragraph.label,
            kind=paragraph.kind,
            bracket_sets=count["sets"],
            alternatives=count["alts"],
            max_depth=count["depth"],
            placeholders=count["placeholders"],
            footnotes=count["footnotes"],
            warnings=warnings_per_paragraph[index],
        )
        for index, (paragraph, count) in enumerate(zip(doc.paragraphs, counts, strict=True))
    )
    return DocumentStats(
        paragraphs=len(details),
        bracket_sets=sum(p.bracket_sets for p in details) + len(doc.blocks),
        alternatives=sum(p.alternatives for p in details) + sum(len(b.alternatives) for b in doc.blocks),
        max_depth=max((p.max_depth for p in details), default=0),
        placeholders=sum(p.placeholders for p in details),
        footnotes=sum(p.footnotes for p in details),
        footnote_refs=footnote_refs,
        warnings=doc.warnings,
        paragraph_details=details,
        block_sets=len(doc.blocks),
    )
