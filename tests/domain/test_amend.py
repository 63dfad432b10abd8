"""Amending by editing: each changed region becomes a new bracket set where it stands, or more alternatives."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from app.domain import (
    Alternative,
    BracketSet,
    Inline,
    Placeholder,
    bracket_sets_in,
    render_inlines,
)
from app.domain.amend import AmendmentError, RestructureError, amend, chair_edit, parse_body

SEED_LINE = (
    "pour organiser d'autres réunions [ouvertes à toutes les parties prenantes du SMSI] "
    "[qui devraient être intergouvernementales], afin d'examiner les points de vue[, et en tenant compte des modalités]"
)


def keyed(content: tuple[Inline, ...], counter: itertools.count[int] | None = None) -> tuple[Inline, ...]:
    """Give every set, alternative and placeholder a key, as if it were stored."""
    counter = counter or itertools.count(1)
    result: list[Inline] = []
    for item in content:
        if isinstance(item, BracketSet):
            alternatives = tuple(
                replace(a, key=next(counter), content=keyed(a.content, counter)) for a in item.alternatives
            )
            item = replace(item, key=next(counter), alternatives=alternatives)
        elif isinstance(item, Placeholder):
            item = replace(item, key=next(counter))
        result.append(item)
    return tuple(result)


def sets(content: tuple[Inline, ...]) -> list[BracketSet]:
    return [item for item in content if isinstance(item, BracketSet)]


def shape(bracket_set: BracketSet) -> list[tuple[bool, bool, str]]:
    """(is new, is original, text) per alternative."""
    return [(a.key is None, a.original, render_inlines(a.content)) for a in bracket_set.alternatives]


CURRENT = keyed(parse_body(SEED_LINE))


def test_replacing_words_makes_a_set_of_original_and_proposal() -> None:
    result = amend(CURRENT, SEED_LINE.replace("d'autres réunions", "des consultations"))
    assert render_inlines(result).startswith("pour organiser [d'autres réunions] [des consultations] [ouvertes")
    new = sets(result)[0]
    assert new.key is None
    assert shape(new) == [(True, True, "d'autres réunions"), (True, False, "des consultations")]
    assert [s.key for s in sets(result)[1:]] == [s.key for s in sets(CURRENT)]


def test_insertion_is_optional_wording_and_keeps_spaces_outside() -> None:
    result = amend(CURRENT, SEED_LINE.replace("afin d'examiner", "afin d'examiner attentivement"))
    assert "afin d'examiner [attentivement] les points" in render_inlines(result)
    assert shape(sets(result)[1]) == [(True, False, "attentivement")]


def test_deletion_offers_the_original_or_no_text() -> None:
    result = amend(CURRENT, SEED_LINE.replace("pour organiser ", "pour "))
    assert render_inlines(result).startswith("pour [organiser ][]d'autres") or render_inlines(result).startswith(
        "pour [organiser][] d'autres"
    )
    assert shape(sets(result)[0])[1] == (True, False, "")


def test_change_inside_an_alternative_nests_a_set_there() -> None:
    edited = SEED_LINE.replace("prenantes du SMSI]", "prenantes intéressées du SMSI]")
    result = amend(CURRENT, edited)
    existing = sets(result)[0]
    assert existing.key == sets(CURRENT)[0].key
    assert [a.key for a in existing.alternatives] == [a.key for a in sets(CURRENT)[0].alternatives]
    assert shape(existing) == [
        (False, False, "ouvertes à toutes les parties prenantes [intéressées] du SMSI"),
        (False, False, "qui devraient être intergouvernementales"),
    ]
    (nested,) = sets(existing.alternatives[0].content)
    assert nested.key is None
    assert shape(nested) == [(True, False, "intéressées")]


def test_replacing_words_inside_an_alternative_sets_original_and_proposal_there() -> None:
    result = amend(CURRENT, SEED_LINE.replace("devraient être", "seraient"))
    (nested,) = sets(sets(result)[0].alternatives[1].content)
    assert shape(nested) == [(True, True, "devraient être"), (True, False, "seraient")]
    assert "[qui [devraient être] [seraient] intergouvernementales]" in render_inlines(result)


def test_one_word_changed_in_a_large_alternative_nests_one_set_and_copies_nothing() -> None:
    # Shaped like an option of Geneva's section G: one alternative of 40,000 characters holding 150 nested sets.
    clauses = " ".join(f"clause {n} of the option [shall][should] apply [to all Parties];" for n in range(150))
    current = keyed(parse_body(f"[ Option I: Finance {clauses} Parties to\nprovide climate finance.]"))
    (option,) = sets(current)
    assert len(bracket_sets_in(option.alternatives[0].content)) == 300
    body = render_inlines(current)
    result = amend(current, body.replace("to\nprovide climate finance", "to\nprovide more climate finance", 1))
    new = [node for node in bracket_sets_in(result) if node.key is None]
    assert len(new) == 1
    assert shape(new[0]) == [(True, False, "more")]
    assert render_inlines(result) == body.replace("to\nprovide climate", "to\nprovide [more] climate", 1)
    assert len(render_inlines(result)) - len(body) == len("[more] ")
    kept = [node.key for node in bracket_sets_in(result) if node.key is not None]
    assert kept == [node.key for node in bracket_sets_in(current)]


def test_bracketed_wording_typed_beside_a_set_is_another_alternative_of_it() -> None:
    edited = SEED_LINE.replace("intergouvernementales],", "intergouvernementales] [réservées aux États Membres],")
    result = amend(CURRENT, edited)
    assert shape(sets(result)[0])[-1] == (True, False, "réservées aux États Membres")
    assert len(sets(result)) == 2


def test_typed_competing_alternatives_mark_the_current_wording_original() -> None:
    result = amend(CURRENT, SEED_LINE.replace("réunions", "[réunions][sessions]"))
    assert shape(sets(result)[0]) == [(True, True, "réunions"), (True, False, "sessions")]


def test_change_in_a_nested_set_goes_to_the_nested_set() -> None:
    current = keyed(parse_body("a [b [c][d] e] f"))
    result = amend(current, "a [b [c][d][z] e] f")
    outer = sets(result)[0]
    inner = sets(outer.alternatives[0].content)[0]
    assert outer.key is not None and len(outer.alternatives) == 1
    assert shape(inner)[-1] == (True, False, "z")


def test_changes_at_two_depths_each_nest_a_set_where_they_are() -> None:
    current = keyed(parse_body("a [b [c][d] e] f"))
    result = amend(current, "a [B [c][d2] e] f")
    assert render_inlines(result) == "a [[b] [B] [c][[d] [d2]] e] f"
    outer = sets(result)[0]
    assert outer.key is not None and len(outer.alternatives) == 1
    first, inner = sets(outer.alternatives[0].content)
    assert first.key is None and inner.key is not None
    assert shape(inner)[0] == (False, False, "c")
    assert shape(sets(inner.alternatives[1].content)[0]) == [(True, True, "d"), (True, False, "d2")]


@pytest.mark.parametrize("edited", ["a [z] [b] [c] d", "a [b] [z] [c] d"], ids=["before", "between"])
def test_bracketed_wording_typed_before_or_between_alternatives_is_appended_to_the_set(edited: str) -> None:
    # The word diff reads `[b] [z] [c]` as `[b] [` + `z] [` + `c]`: the insertion slides to where it balances.
    current = keyed(parse_body("a [b] [c] d"))
    result = amend(current, edited)
    assert render_inlines(result) == "a [b] [c] [z] d"
    assert shape(sets(result)[0])[-1] == (True, False, "z")


def test_wording_between_alternatives_would_split_the_set_and_is_refused() -> None:
    with pytest.raises(RestructureError, match="between the alternatives"):
        amend(keyed(parse_body("a [b] [c] d")), "a [b] x [c] d")


@pytest.mark.parametrize(
    "edited",
    [
        SEED_LINE.replace(" [qui devraient être intergouvernementales]", ""),
        SEED_LINE.replace("[ouvertes à toutes les parties prenantes du SMSI] ", "ouvertes à toutes "),
        SEED_LINE.replace("[, et en tenant compte des modalités]", ""),
        SEED_LINE.replace("] [", " "),
    ],
    ids=["drop-alternative", "unbracket", "drop-set", "merge"],
)
def test_removing_or_merging_existing_sets_is_refused(edited: str) -> None:
    with pytest.raises(RestructureError, match="chair"):
        amend(CURRENT, edited)


def test_placeholders_are_not_edited_by_delegations() -> None:
    current = keyed(parse_body("projet de résolution [...]"))
    with pytest.raises(RestructureError):
        amend(current, "projet de résolution 2026")


@pytest.mark.parametrize("edited", ["a [b c", "a b] c", "a\nb"])
def test_malformed_edits_are_refused_with_a_reason(edited: str) -> None:
    with pytest.raises(AmendmentError):
        amend(keyed(parse_body("a b c")), edited)


def test_unchanged_text_changes_nothing() -> None:
    assert amend(CURRENT, SEED_LINE) == CURRENT


def test_chair_edit_replaces_wording_and_keeps_untouched_sets() -> None:
    result = chair_edit(
        CURRENT,
        SEED_LINE.replace(" [qui devraient être intergouvernementales]", "").replace(
            "[ouvertes à toutes les parties prenantes du SMSI]", "ouvertes à toutes les parties prenantes"
        ),
    )
    assert render_inlines(result).startswith(
        "pour organiser d'autres réunions ouvertes à toutes les parties prenantes,"
    )
    assert [s.key for s in sets(result)] == [sets(CURRENT)[1].key]


def test_amended_text_reparses_to_the_same_wording() -> None:
    edited = SEED_LINE.replace("d'autres réunions", "des consultations").replace("points de vue", "avis")
    result = amend(CURRENT, edited)
    rendered = render_inlines(result)
    assert render_inlines(parse_body(rendered)) == rendered
    assert isinstance(sets(result)[0].alternatives[0], Alternative)


def test_a_change_in_an_alternative_that_spans_lines_nests_a_set_there() -> None:
    # A block bracket: its `[` opens paragraph 1 and its `]` closes paragraph 2 (paragraphs first).
    current = keyed(parse_body("1. [Parties shall report\n2. on progress]."))
    result = amend(current, "1. [Parties shall report\n2. on their progress].")
    assert render_inlines(result) == "1. [Parties shall report\n2. on [their] progress]."
    with pytest.raises(AmendmentError, match="line break"):
        amend(current, "1. [Parties shall report\n2. on progress].\n3. more")


def test_paragraphs_with_stray_brackets_of_the_draft_stay_amendable() -> None:
    current = keyed(parse_body("a) the Parties ] shall report [annually]", strict=False))
    result = amend(current, "a) the Parties ] shall report [annually] in writing")
    assert render_inlines(result) == "a) the Parties ] shall report [annually] [in writing]"
    with pytest.raises(AmendmentError, match="unbalanced"):
        amend(current, "a) the Parties ] shall [ report [annually]")
    with pytest.raises(AmendmentError, match="stray bracket"):
        amend(current, "a) the Parties shall report [annually]")
