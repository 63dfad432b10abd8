"""Paragraph labels and kinds: best-effort heuristics for the conventions of UN, ITU and UNFCCC drafts.

Labels. A label is recognised only at the start of a paragraph, after optional spaces or tabs, and only when
whitespace and then more text follow it on the same line:

- letters: `a)`, `(a)`, `aa)`, and lower-case roman numerals `i)`, `(iv)`, `(xiii)`;
- numbers: `1.`, `12.`, `1)`, `2 bis.`, `16 quater.` (and `quarter`, as misspelt in the Geneva text), or a bare
  number followed by a tab (`1\t`, as in Word exports). A bare number followed by a space is *not* a label, so a
  wrapped line that starts with a figure ("20 per cent of …") stays text;
- `Pp1`, `PP 1`, `OP3`, `Op 3.` (preambular / operative paragraph numbers);
- sections: a capital letter or an upper-case roman numeral with a dot (`A.`, `IV.`).

A line that is only a number (page numbers in PDF extracts) has no label. The normalised label drops a final
dot and collapses inner whitespace to one space (`2 bis.` → `2 bis`, `PP 1` → `PP 1`, `(a)` stays `(a)`).

Kinds, first rule that applies:

1. the first paragraph of the document, when it has no label → `title`;
2. a paragraph whose content starts with a footnote body `[1: …]` → `footnote`;
3. letter, roman or `Pp` labels → `preambular`; number or `OP` labels → `operative`; section labels → `heading`;
4. in Markdown, an ATX heading (`## Article 2`) → `heading`, a reference definition (`[ref]: url`) → `text`;
5. an unlabelled line of at most 100 characters, made only of text and placeholders, that contains a letter and
   does not end with punctuation (`.,;:!?`) → `heading` ("rappelant", "décide de charger le Secrétaire général");
6. anything else → `text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.tree import Footnote, Inline, ParagraphKind, Placeholder, Syntax, Text

_ROMAN_LOWER = r"[ivxlc]{1,6}"
_ORDINALS = r"bis|ter|quater|quarter|quinquies|sexies|septies|octies|novies|nonies|decies"
LABEL = re.compile(
    r"(?P<indent>[ \t]*)"
    r"(?:"
    rf"(?P<letter>\((?:[a-z]{{1,2}}|{_ROMAN_LOWER})\)|(?:[a-z]{{1,2}}|{_ROMAN_LOWER})\))"
    rf"|(?P<number>\d{{1,3}}(?:[ \t]+(?:{_ORDINALS}))?(?:[.)](?=[ \t])|(?=\t)))"
    r"|(?P<pp>(?:Pp|PP|pp)[ ]?\d{1,3}\.?)"
    r"|(?P<op>(?:OP|Op|op)[ ]?\d{1,3}\.?)"
    r"|(?P<section>(?:[A-Z]|[IVXL]{2,6})\.)"
    r")"
    r"(?P<space>[ \t\u00a0]+)(?=\S)"
)
# Looser than a paragraph label, for telling where paragraphs start and whether a bracket opens one: `13.1`, `a.`.
LOOSE_LABEL = re.compile(r"[ \t]*(?:\(?[a-zA-Z]{1,4}[.)]|\d{1,3}(?:\.\d{1,3})*[.)]?)(?=[ \t\[])")
_KIND_OF_GROUP: dict[str, ParagraphKind] = {
    "letter": "preambular",
    "pp": "preambular",
    "number": "operative",
    "op": "operative",
    "section": "heading",
}
_MARKDOWN_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_MARKDOWN_DEFINITION = re.compile(r" {0,3}\[[^\[\]\n]+\]:[ \t]")
_HEADING_MAX_LENGTH = 100
_FINAL_PUNCTUATION = frozenset(".,;:!?")


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """A label found at the start of a paragraph."""

    prefix: str
    label: str
    kind: ParagraphKind


def has_label(text: str, start: int) -> bool:
    """Whether a paragraph label starts at `start` (cheaper than `match_label` when only that matters)."""
    return LABEL.match(text, start) is not None


def match_label(text: str, start: int) -> LabelMatch | None:
    """Recognise a paragraph label at `start` of `text`, or return None."""
    match = LABEL.match(text, start)
    if match is None:
        return None
    label, kind = label_of(match)
    return LabelMatch(prefix=match.group(0), label=label, kind=kind)


def label_of(match: re.Match[str]) -> tuple[str, ParagraphKind]:
    """The normalised label and the kind it gives, of a match of `LABEL` (the same for every match of the same
    prefix: the parser keeps them by prefix)."""
    group = next(name for name in _KIND_OF_GROUP if match.group(name) is not None)
    label = " ".join(match.group(group).split()).removesuffix(".")
    return label, _KIND_OF_GROUP[group]


def paragraph_kind(
    *,
    index: int,
    label: LabelMatch | None,
    content: tuple[Inline, ...],
    syntax: Syntax,
) -> ParagraphKind:
    """Guess the kind of a paragraph from its position, label and content (rules in the module docstring)."""
    return kind_of(index, label.kind if label is not None else None, content, syntax)


def kind_of(index: int, label_kind: ParagraphKind | None, content: tuple[Inline, ...], syntax: Syntax) -> ParagraphKind:
    """`paragraph_kind` given the kind of its label (None without one)."""
    if index == 0 and label_kind is None:
        return "title"
    if _starts_with_footnote(content):
        return "footnote"
    if label_kind is not None:
        return label_kind
    first = content[0].text if content and isinstance(content[0], Text) else ""
    if syntax == "markdown" and _MARKDOWN_HEADING.match(first):
        return "heading"
    if syntax == "markdown" and _MARKDOWN_DEFINITION.match(first):
        return "text"
    if _looks_like_heading(content):
        return "heading"
    return "text"


def text_kind(index: int, label_kind: ParagraphKind | None, text: str, syntax: Syntax) -> ParagraphKind:
    """`paragraph_kind` of a paragraph whose content is one run of text (`text`), or none (`text` empty): the
    commonest paragraph, without building its content first (`tests/domain/test_labels.py` checks they agree)."""
    if label_kind is not None:
        return label_kind
    if index == 0:
        return "title"
    if syntax == "markdown":
        if _MARKDOWN_HEADING.match(text):
            return "heading"
        if _MARKDOWN_DEFINITION.match(text):
            return "text"
    if len(text) > _HEADING_MAX_LENGTH and not text[0].isspace() and not text[-1].isspace():
        return "text"  # too long to be a heading, and nothing to strip: most paragraphs, without a copy
    return "heading" if _heading_line(text.strip()) else "text"


def _starts_with_footnote(content: tuple[Inline, ...]) -> bool:
    for item in content:
        if isinstance(item, Text) and not item.text.strip():
            continue
        return isinstance(item, Footnote)
    return False


def _looks_like_heading(content: tuple[Inline, ...]) -> bool:
    if len(content) == 1 and isinstance(content[0], Text):
        line = content[0].text.strip()  # the commonest paragraph: one run of words
    else:
        # Bracket sets and footnotes make a line negotiable content, not a heading; a placeholder may stand in one.
        for item in content:
            if not isinstance(item, (Text, Placeholder)):
                return False
        line = "".join(item.text for item in content if isinstance(item, Text)).strip()
    return _heading_line(line)


def _heading_line(line: str) -> bool:
    return (
        0 < len(line) <= _HEADING_MAX_LENGTH
        and line[-1] not in _FINAL_PUNCTUATION
        and any(char.isalpha() for char in line)
    )
