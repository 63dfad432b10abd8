"""What negotiation text may contain, said with the character and where it is."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import bracket_sets_in, iter_bracket_sets, nested_within, parse, statistics
from app.domain.text_rules import MAX_NESTING, TextRuleError, check_nesting, check_wording, flags, import_flags
from tests.conftest import corpus_file


@pytest.mark.parametrize(
    ("text", "where", "named"),
    [
        ("shall \u202etdopa ton", (1, 7), "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("a\nb\u2066c", (2, 2), "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("che\u200b", (1, 4), "U+200B ZERO WIDTH SPACE"),
        ("x\u2060y", (1, 2), "U+2060 WORD JOINER"),
        ("\ufeffText", (1, 1), "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ("null\x00", (1, 5), "U+0000 NULL"),
        ("esc\x1b[31m", (1, 4), "U+001B ESCAPE"),
        ("page\x0cbreak", (1, 5), "U+000C FORM FEED"),
        ("old\rmac", (1, 4), "U+000D CARRIAGE RETURN"),
        ("c1\x85", (1, 3), "U+0085"),
        ("half \ud800", (1, 6), "U+D800"),
    ],
)
def test_wording_with_a_flagged_character_is_refused_with_line_and_column(
    text: str, where: tuple[int, int], named: str
) -> None:
    with pytest.raises(TextRuleError) as refused:
        check_wording(text, field="text")
    assert (refused.value.line, refused.value.column) == where
    assert str(refused.value).startswith(f"text: line {where[0]}, column {where[1]}: {named}")


def test_tabs_line_feeds_and_crlf_line_ends_are_wording() -> None:
    check_wording("a)\tfirst\r\nb)\tsecond\nc) «RTL» עברית العربية", field="text")


def test_characters_the_paragraph_already_has_may_stay() -> None:
    existing = "Page one.\x0cPage two [shall] apply."
    check_wording(existing.replace("shall", "should"), field="text", existing=existing)
    with pytest.raises(TextRuleError, match="line 1, column 40: U\\+000C"):
        check_wording(existing + " More.\x0c", field="text", existing=existing)


def test_imports_flag_instead_of_refusing_but_keep_nul_out() -> None:
    geneva = corpus_file("unfccc-geneva-negotiating-text-2015-02-12.txt").read_bytes().decode("utf-8")
    found = import_flags(geneva)
    assert len(found) == 86 and {f.name for f in found} == {"U+000C FORM FEED"}
    assert import_flags("\ufeffA BOM opens the file.\n") == []
    assert [f.kind for f in import_flags("a\u202eb \u200dc")] == ["bidi", "invisible"]


def test_joiners_between_letters_are_spelling_not_tricks() -> None:
    assert list(flags("می\u200cخواهم")) == []  # Persian: "I want", with its zero-width non-joiner
    assert list(flags("क्\u200dष")) == []  # Devanagari: a joiner after the virama (a mark)
    assert [f.name for f in flags("shall \u200c not")] == ["U+200C ZERO WIDTH NON-JOINER"]
    assert [f.name for f in flags("shall\u200b not")] == ["U+200B ZERO WIDTH SPACE"]
    with pytest.raises(TextRuleError, match="line 2, column 3: U\\+0000 NULL"):
        import_flags("ok\nab\x00")


def test_flags_count_lines_across_the_whole_text() -> None:
    text = "one\ntwo\u202e\nthree\nfour\x07"
    assert [(f.line, f.column) for f in flags(text)] == [(2, 4), (4, 5)]
    assert [(f.line, f.column) for f in flags(text, start=9)] == [(4, 5)]


def test_nesting_deeper_than_the_limit_is_refused_where_it_starts() -> None:
    fine = "[" * MAX_NESTING + "x" + "]" * MAX_NESTING
    check_nesting(parse(fine).paragraphs[0].content, field="text")
    deep = "a " + "[" * 10_000 + "x" + "]" * 10_000
    with pytest.raises(TextRuleError, match=f"more than {MAX_NESTING} deep at line 1, column {MAX_NESTING + 3}"):
        check_nesting(parse(deep).paragraphs[0].content, field="text")


PIECES = st.sampled_from(["[", "]", "[[", "]]", " ", "\n", "\r\n", "\x0c", "\u202e", "\u200d", "word", "é"])
TEXTS = st.lists(PIECES | st.text(max_size=3), max_size=80).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, limit=st.integers(min_value=1, max_value=6))
def test_the_nesting_check_agrees_with_the_parser_s_depth(text: str, limit: int) -> None:
    content = parse(text).paragraphs
    deepest = max((statistics(parse(text)).max_depth,), default=0)
    refused = False
    for paragraph in content:
        try:
            check_nesting(paragraph.content, field="text", limit=limit)
        except TextRuleError:
            refused = True
    assert refused == (deepest > limit)


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, limit=st.integers(min_value=0, max_value=6))
def test_the_quick_nesting_check_agrees_with_the_located_walk(text: str, limit: int) -> None:
    document = parse("note[footnoteRef:1] " + text + " [1: " + text + "]\n")  # sets in a footnote too
    deepest = max((location.depth for _, _, location in iter_bracket_sets(document)), default=0)
    assert all(nested_within(p.content, limit) for p in document.paragraphs) == (deepest <= limit)


@settings(max_examples=200, deadline=None)
@given(text=TEXTS)
def test_the_sets_of_a_content_are_those_the_located_walk_meets_footnotes_included(text: str) -> None:
    document = parse("note[footnoteRef:1] " + text + " [1: " + text + "]\n")
    walked = [node for _, node, _ in iter_bracket_sets(document)]
    listed = [node for paragraph in document.paragraphs for node in bracket_sets_in(paragraph.content)]
    assert [id(node) for node in listed] == [id(node) for node in walked]


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, more=TEXTS)
def test_a_text_may_keep_its_own_characters_and_new_ones_are_found(text: str, more: str) -> None:
    check_wording(text, field="text", existing=text)
    combined = text + more
    new_flags = list(flags(combined, start=len(text)))
    if new_flags:
        with pytest.raises(TextRuleError):
            check_wording(combined, field="text", existing=text)
    for flag in flags(combined):
        assert combined[flag.offset] == flag.char
