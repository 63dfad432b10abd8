"""The plan of a next version: its paragraphs aligned with the live text, the live sets carried into them.

Both the preview and the confirmation of an imported next version read the same plan, so what the secretariat
confirms is what is stored. Planning stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from app import domain
from app.domain.alignment import Alignment, Op, align
from app.domain.carry import Carried, carry
from app.models import Document, Paragraph
from app.services.documents import catalog as documents
from app.services.errors import Invalid
from app.services.negotiation import blocks
from app.services.negotiation.content import Contents


@dataclass(slots=True)
class Step:
    """One op of the alignment with its paragraphs and, where old meets new, the carried content."""

    op: Op
    old: list[Paragraph]
    new: list[domain.Paragraph]
    carried: Carried | None  # None: unchanged (nothing to carry), added or deleted

    def open_sets(self, trees: dict[int, tuple[domain.Inline, ...]]) -> list[int]:
        """The keys of the open sets of the old paragraphs' live content."""
        return [s.key for p in self.old for s in domain.bracket_sets_in(trees[p.id or 0]) if s.key is not None]


@dataclass(slots=True)
class Plan:
    """A next version of a document, parsed and aligned with the live text; nothing stored."""

    document: Document
    tree: domain.Document
    live: list[Paragraph]
    contents: Contents
    trees: dict[int, tuple[domain.Inline, ...]]  # paragraph id → live keyed content
    alignment: Alignment
    steps: list[Step] = field(default_factory=list)
    blocks_kept: list[int] = field(default_factory=list)  # open sets over whole paragraphs the new text keeps
    blocks_dropped: list[int] = field(default_factory=list)
    blocks_new: list[domain.BlockSet] = field(default_factory=list)  # the new text's, to store

    def fates(self) -> dict[int, str]:
        """Every open set of the live text → kept, dropped or resolved."""
        result: dict[int, str] = {}
        for step in self.steps:
            open_sets = step.open_sets(self.trees)
            if step.carried is None:
                fate = "dropped" if step.op.kind == "deleted" else "kept"
                result.update((key, fate) for key in open_sets)
                continue
            for key in open_sets:
                in_text = key in step.carried.kept
                result[key] = "kept" if in_text else "resolved" if key in step.carried.resolved else "dropped"
        return result


def plan(*, session: Session, document: Document, text: str) -> Plan:
    """Parse the next version with the document's syntax and layout and align it with the live text."""
    if not text.strip():
        raise Invalid("text: give the next version's whole text (paste it or choose a file)")
    tree = documents.parse_importable(
        text,
        syntax=documents.syntax_of(document),
        layout=documents.layout_of(document),
        bare_numbers=documents.bare_numbers_of(document),
    )
    if not tree.paragraphs:
        raise Invalid("text: no paragraph found in the next version")
    assert document.id is not None
    live = documents.paragraphs(session=session, document_id=document.id)
    contents = Contents(session, document.id)
    trees = {p.id or 0: contents.tree(p.content) for p in live}
    new_texts = [domain.render_inlines(node.content) for node in tree.paragraphs]
    alignment = align([p.text for p in live], new_texts)
    result = Plan(document, tree, live, contents, trees, alignment)
    for op in alignment.ops:
        old = [live[i] for i in op.old]
        new = [tree.paragraphs[j] for j in op.new]
        carried = None
        if old and new and op.kind != "unchanged":
            carried = carry([trees[p.id or 0] for p in old], [node.content for node in new])
        result.steps.append(Step(op, old, new, carried))
    _match_blocks(session, result)
    return result


def _match_blocks(session: Session, found: Plan) -> None:
    """The live text's open sets over whole paragraphs that the new text has over the same rows, kept; the others
    dropped; the new text's other block sets, new."""
    held: dict[int, int] = {}  # new paragraph index → the live row that will hold it
    for step in found.steps:
        if step.old and step.new:
            held[step.op.new[0]] = step.old[0].id or 0
    spans: dict[int, tuple[str, list[tuple[int | None, int | None]]]] = {}
    for alternative, row in blocks.open_alternatives(session=session, document_id=found.document.id or 0):
        span = spans.setdefault(row.id or 0, (row.scope, []))
        span[1].append((alternative.first_paragraph_id, alternative.last_paragraph_id))
    for block in found.tree.blocks:
        wanted = (block.kind, [(held.get(a.first), held.get(a.last)) for a in block.alternatives])
        match = next((key for key, span in spans.items() if span == wanted and key not in found.blocks_kept), None)
        if match is None:
            found.blocks_new.append(block)
        else:
            found.blocks_kept.append(match)
    found.blocks_dropped = [key for key in spans if key not in found.blocks_kept]
