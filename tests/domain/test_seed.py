"""The founding document: the ITU Council draft resolution on WSIS (French)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.domain import (
    BracketSet,
    Document,
    Footnote,
    FootnoteRef,
    Placeholder,
    decode_utf8,
    iter_bracket_sets,
    iter_placeholders,
    parse,
    render,
    render_inlines,
    statistics,
)

SEED = "itu-council-wsis-draft-resolution.fr.txt"


@pytest.fixture
def seed(corpus: Callable[[str], bytes]) -> Document:
    return parse(decode_utf8(corpus(SEED)))


def test_seed_counts(seed: Document) -> None:
    stats = statistics(seed)
    assert (stats.bracket_sets, stats.alternatives, stats.placeholders, stats.footnotes) == (2, 3, 1, 1)
    assert stats.footnote_refs == 1
    assert stats.max_depth == 1
    assert seed.warnings == ()


def test_seed_competing_alternatives_and_optional_insertion(seed: Document) -> None:
    sets = [bracket_set for _, bracket_set, _ in iter_bracket_sets(seed)]
    competing, optional = sets
    texts = [render_inlines(alternative.content) for alternative in competing.alternatives]
    assert texts[0] == "ouvertes à toutes les parties prenantes du SMSI"
    assert texts[1].startswith("qui devraient être intergouvernementales")
    assert competing.separators == (" ",)
    assert len(optional.alternatives) == 1
    assert render_inlines(optional.alternatives[0].content).startswith(", et en tenant compte des modalités")


def test_seed_placeholder_in_title_line(seed: Document) -> None:
    [(ordinal, placeholder, location)] = list(iter_placeholders(seed))
    assert (ordinal, placeholder) == (0, Placeholder("..."))
    paragraph = seed.paragraphs[location.paragraph]
    assert render_inlines(paragraph.content) == "projet de nouvelle résolution [...]"
    assert (location.line, location.column) == (21, 31)


def test_seed_footnote_reference_and_body(seed: Document) -> None:
    operative_2 = next(
        p for p in seed.paragraphs if p.label == "2" and any(isinstance(item, Footnote) for item in p.content)
    )
    refs = [item for item in operative_2.content if isinstance(item, FootnoteRef)]
    bodies = [item for item in operative_2.content if isinstance(item, Footnote)]
    assert refs == [FootnoteRef("1", "[footnoteRef:1]")]
    [body] = bodies
    assert (body.number, body.head) == ("1", "1: ")
    text = render_inlines(body.content)
    assert text.startswith("•\tForum 2022 du SMSI") and text.endswith("12\u00a0h\u00a015")
    assert "\n" in text  # the body spans several lines and stays in one paragraph
    assert render_inlines(operative_2.content[-2:]).endswith("15] ")  # the body ends with "] "
    assert operative_2.trailing == "\n\n"
    assert not any(isinstance(item, BracketSet) for item in body.content)


def test_seed_labels_and_kinds(seed: Document) -> None:
    paragraphs = seed.paragraphs
    assert paragraphs[0].kind == "title"
    by_text = {render_inlines(p.content).strip(): p for p in paragraphs if p.label is None}
    for heading in ("rappelant", "rappelant en outre", "considérant", "décide de charger le Secrétaire général"):
        assert by_text[heading].kind == "heading", heading
    preambular = [p.label for p in paragraphs if p.kind == "preambular"]
    assert preambular[:11] == ["a)", "b)", "c)", "d)", "e)", "f)", "g)", "h)", "i)", "j)", "k)"]
    assert all(p.prefix == f"{p.label}\t" for p in paragraphs if p.label is not None)
    operative = [p.label for p in paragraphs if p.kind == "operative"]
    assert operative[:14] == [str(n) for n in range(1, 15)]
    assert operative[14:18] == ["1", "2", "3", "4"]


def test_seed_round_trips_with_nbsp_and_non_breaking_hyphen(corpus: Callable[[str], bytes]) -> None:
    data = corpus(SEED)
    text = decode_utf8(data)
    assert "\u00a0" in text and "\u2011" in text
    assert render(parse(text)).encode("utf-8") == data
