"""The tree nodes the parser makes by the thousand, made without their frozen dataclass `__init__`.

That `__init__` sets each field through `object.__setattr__` (the frozen dataclass way) and cost a fifth of pass
2 for paragraphs, text runs, alternatives and bracket sets (4 % of Geneva's parse for its 1,277 block sets and
alternatives): here every slot is set directly, defaults included, so each node equals what its constructor
makes (`tests/domain/test_parser_nodes.py` checks the fields). Also the frames pass 2 collects a paragraph's or
an alternative's content in, and how they become nodes.
"""

from __future__ import annotations

from app.domain.tree import (
    Alternative,
    BlockAlternative,
    BlockKind,
    BlockSet,
    BracketSet,
    Inline,
    Paragraph,
    ParagraphKind,
    Text,
)

_new = object.__new__
_set_text = vars(Text)["text"].__set__
_set_content, _set_key, _set_original = (vars(Alternative)[name].__set__ for name in ("content", "key", "original"))
_set_prefix, _set_paragraph_label, _set_paragraph_kind, _set_paragraph_content, _set_trailing = (
    vars(Paragraph)[name].__set__ for name in ("prefix", "label", "kind", "content", "trailing")
)
_set_set_alternatives, _set_separators, _set_set_key = (
    vars(BracketSet)[name].__set__ for name in ("alternatives", "separators", "key")
)


def text(text: str) -> Text:
    node = _new(Text)
    _set_text(node, text)
    return node


def alternative(content: tuple[Inline, ...]) -> Alternative:
    node = _new(Alternative)
    _set_content(node, content)
    _set_key(node, None)
    _set_original(node, False)
    return node


def bracket_set(alternatives: tuple[Alternative, ...], separators: tuple[str, ...]) -> BracketSet:
    """A bracket set of at least one alternative, with one separator fewer (as `freeze_set` makes them: the
    checks of `BracketSet.__post_init__` hold)."""
    node = _new(BracketSet)
    _set_set_alternatives(node, alternatives)
    _set_separators(node, separators)
    _set_set_key(node, None)
    return node


def paragraph(
    prefix: str, label: str | None, kind: ParagraphKind, content: tuple[Inline, ...], trailing: str
) -> Paragraph:
    node = _new(Paragraph)
    _set_prefix(node, prefix)
    _set_paragraph_label(node, label)
    _set_paragraph_kind(node, kind)
    _set_paragraph_content(node, content)
    _set_trailing(node, trailing)
    return node


# A bracket set still collecting adjacent alternatives: [alternative, separator, alternative, …] (a plain list is
# cheaper to make than an object holding two).
SetBuilder = list[Alternative | str]
Item = str | SetBuilder | Inline


def freeze_set(builder: SetBuilder) -> BracketSet:
    if len(builder) == 1:
        return bracket_set((builder[0],), ())  # type: ignore[arg-type]  # optional wording: the commonest set
    alternatives: tuple[Alternative, ...] = tuple(builder[0::2])  # type: ignore[arg-type]
    separators: tuple[str, ...] = tuple(builder[1::2])  # type: ignore[arg-type]
    return bracket_set(alternatives, separators)


def freeze(items: list[Item]) -> tuple[Inline, ...]:
    if len(items) == 1 and isinstance(items[0], str):
        return (text(items[0]),)  # the commonest content: one run of words
    return tuple([text(i) if isinstance(i, str) else freeze_set(i) if isinstance(i, list) else i for i in items])


def add_alternative(items: list[Item], alternative: Alternative) -> None:
    """Put an alternative in a frame: in the set just before it (directly or past white space), or a new set."""
    if items:
        last = items[-1]
        if isinstance(last, list):
            last += ("", alternative)
            return
        # White space alone (but no line break) between two alternatives is a separator; isspace() is cheap.
        builder = items[-2] if len(items) > 1 else None
        if isinstance(builder, list) and isinstance(last, str) and last.isspace() and not _has_line_break(last):
            items.pop()
            builder += (last, alternative)
            return
    items.append([alternative])


def _has_line_break(text: str) -> bool:
    return "\n" in text or "\r" in text


_set_first, _set_last, _set_label = (vars(BlockAlternative)[name].__set__ for name in ("first", "last", "label"))
_set_kind, _set_alternatives, _set_opening, _set_closing, _set_block_key = (
    vars(BlockSet)[name].__set__ for name in ("kind", "alternatives", "opening", "closing", "key")
)


def block_alternative(first: int, last: int, label: str) -> BlockAlternative:
    node = _new(BlockAlternative)
    _set_first(node, first)
    _set_last(node, last)
    _set_label(node, label)
    return node


def block_set(
    kind: BlockKind, alternatives: tuple[BlockAlternative, ...], opening: int | None, closing: int | None
) -> BlockSet:
    node = _new(BlockSet)
    _set_kind(node, kind)
    _set_alternatives(node, alternatives)
    _set_opening(node, opening)
    _set_closing(node, closing)
    _set_block_key(node, None)
    return node
