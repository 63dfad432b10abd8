"""Splitting and joining paragraph content, and writing labels: never inside a bracket, spacing as the script has it."""

from __future__ import annotations

import pytest

from app import domain
from app.domain.reshape import ReshapeError, join_content, label_prefix, split_content


def content(text: str) -> tuple[domain.Inline, ...]:
    return domain.parse(text).paragraphs[0].content


def test_a_split_between_words_drops_the_space_and_reads_a_label_at_the_start_of_the_second_part() -> None:
    nodes = content("Decides to [adopt] the text; 2. Requests [a report].")
    cut = domain.render_inlines(nodes).index("2.")
    parts = split_content(nodes, cut)
    assert domain.render_inlines(parts.first) == "Decides to [adopt] the text;"
    assert domain.render_inlines(parts.second) == "Requests [a report]."
    assert parts.label is not None and (parts.label.prefix, parts.label.label) == ("2. ", "2")


@pytest.mark.parametrize(
    ("text", "inside", "what"),
    [
        ("Decides [to adopt] [to note] the text.", "adopt", "a bracket set"),
        ("Decides on [...] the text.", "..", "a placeholder"),
        ("Decides [to [firmly] adopt] the text.", "firmly", "a bracket set"),
    ],
)
def test_a_split_inside_a_bracket_is_refused_naming_it(text: str, inside: str, what: str) -> None:
    nodes = content(text)
    with pytest.raises(ReshapeError, match=f"falls inside {what}"):
        split_content(nodes, domain.render_inlines(nodes).index(inside))


def test_a_split_at_either_end_or_leaving_only_space_is_refused() -> None:
    nodes = content("Decides to act.   ")
    for offset in (0, len("Decides to act.   "), len("Decides to act.") + 1):
        with pytest.raises(ReshapeError):
            split_content(nodes, offset)


def test_a_join_puts_one_space_between_sentences_but_none_in_chinese() -> None:
    assert domain.render_inlines(join_content(content("Decides [a] [b]."), content("Requests c."))) == (
        "Decides [a] [b]. Requests c."
    )
    assert (
        domain.render_inlines(join_content(content("决定采取行动。"), content("请秘书处报告。")))
        == "决定采取行动。请秘书处报告。"
    )
    assert domain.render_inlines(join_content(content("Ends with a space "), content("x"))) == "Ends with a space x"


def test_a_label_is_written_with_the_old_spacing_and_must_be_one() -> None:
    found = label_prefix("3 bis.", "2.\t", "2")
    assert found is not None and (found.prefix, found.label, found.kind) == ("3 bis.\t", "3 bis", "operative")
    assert label_prefix("(c)", "", None) is not None
    assert label_prefix("  ", "2. ", "2") is None
    with pytest.raises(ReshapeError, match="is not a paragraph label"):
        label_prefix("second", "2. ", "2")
