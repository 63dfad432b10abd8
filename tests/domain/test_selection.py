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
