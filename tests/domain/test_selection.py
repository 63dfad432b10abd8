"""Selections of words turned into edits that `amend` understands."""

from __future__ import annotations

import pytest

from app.domain import render_inlines
from app.domain.amend import amend, parse_body
from app.domain.selection import SelectionError, selection_edit
from tests.domain.test_amend import keyed

TEXT = "pour organiser d'autres réunions [ouvertes à toutes] [restreintes], afin d'examiner"
CONTENT = keyed(parse_body(TEXT))


def span(words: str, *, trailing_space: bool = False) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words) + (1 if trailing_space else 0)


def test_other_wording_in_the_paragraph_brackets_exactly_the_selection() -> None:
    start, end = span("organiser d'autres réunions", trailing_space=True)
    edited = selection_edit(CONTENT, start, end, "other", "tenir des réunions")
    assert edited.startswith("pour [organiser d'autres réunions] [tenir des réunions] [ouvertes")
    result = render_inlines(amend(CONTENT, edited))
    assert result.startswith("pour [organiser d'autres réunions] [tenir des réunions] [ouvertes à toutes]")


def test_other_wording_inside_an_alternative_nests_a_set_in_it() -> None:
    start, end = span("toutes")
    edited = selection_edit(CONTENT, start, end, "other", "certaines")
    assert "[ouvertes à certaines]" in edited
    assert "[ouvertes à [toutes] [certaines]] [restreintes]," in render_inlines(amend(CONTENT, edited))


def test_delete_and_insert() -> None:
    start, end = span("d'autres ")
    deleted = render_inlines(amend(CONTENT, selection_edit(CONTENT, start, end, "delete")))
    assert deleted.startswith("pour organiser [d'autres][] réunions [ouvertes")
    start, end = span("réunions")
    inserted = render_inlines(amend(CONTENT, selection_edit(CONTENT, start, end, "insert", "régionales")))
    assert inserted.startswith("pour organiser d'autres réunions [régionales] [ouvertes à toutes]")


@pytest.mark.parametrize(
    ("start", "end", "action", "wording", "message"),
    [
        (5, 3, "other", "x", "outside"),
        (0, 999, "other", "x", "outside"),
        (4, 5, "other", "x", "at least one word"),
        (0, 4, "other", " ", "type the wording"),
        (0, 4, "shout", "x", "not one of"),
    ],
)
def test_bad_selections(start: int, end: int, action: str, wording: str, message: str) -> None:
    with pytest.raises(SelectionError, match=message):
        selection_edit(CONTENT, start, end, action, wording)


@pytest.mark.parametrize(
    "words",
    [
        "réunions [ouvertes",  # from the paragraph's own text into the set
        "toutes] [restreintes",  # from one alternative into the next
        "restreintes], afin",  # out of the set
        "[ouvertes à toutes] [restreintes]",  # the whole set, exactly
    ],
)
def test_a_selection_that_cuts_a_bracket_takes_the_whole_set(words: str) -> None:
    start, end = span(words)
    edited = selection_edit(CONTENT, start, end, "other", "ouvertes aux États Membres")
    result = render_inlines(amend(CONTENT, edited))
    assert result == TEXT.replace("[restreintes],", "[restreintes] [ouvertes aux États Membres],")
    deleted = render_inlines(amend(CONTENT, selection_edit(CONTENT, start, end, "delete")))
    assert deleted == TEXT.replace("[restreintes],", "[restreintes] [],")
    inserted = selection_edit(CONTENT, start, end, "insert", "dès que possible")
    assert inserted == TEXT.replace("[restreintes],", "[restreintes] dès que possible,")


def test_a_selection_inside_one_alternative_or_own_text_is_not_snapped() -> None:
    nested = keyed(parse_body("a [b [c] [d] e] [f] g"))
    text = "a [b [c] [d] e] [f] g"
    start = text.index("[d] e")
    edited = selection_edit(nested, start, start + len("[d] e"), "other", "x")
    # Inside the outer set's first alternative, the selection cuts the inner set [c] [d]: it takes it whole.
    assert edited == "a [b [c] [d] [x] e] [f] g"
    start = text.index("b [c")
    assert selection_edit(nested, start, start + 4, "other", "x") == "a [b [c] [d] [x] e] [f] g"
    assert selection_edit(nested, 0, 1, "other", "x") == "[a] [x] [b [c] [d] e] [f] g"
