"""Carrying bracket sets into a next version: kept, kept with new alternatives, resolved, dropped, nested."""

from __future__ import annotations

from itertools import count

from hypothesis import given, settings
from hypothesis import strategies as st

from app import domain
from app.domain.carry import carry
from app.domain.tree import Alternative, BracketSet, Footnote, Inline


def keyed(content: tuple[Inline, ...], keys: count[int]) -> tuple[Inline, ...]:
    """The content with keys on every set and alternative, as stored rows give them."""
    result: list[Inline] = []
    for node in content:
        if isinstance(node, BracketSet):
            alternatives = tuple(Alternative(keyed(a.content, keys), key=next(keys)) for a in node.alternatives)
            result.append(BracketSet(alternatives, node.separators, key=next(keys)))
        elif isinstance(node, Footnote):
            result.append(node)
        else:
            result.append(node)
    return tuple(result)


def body(text: str) -> tuple[Inline, ...]:
    return domain.parse(text, layout="paragraph").paragraphs[0].content


def sets(content: tuple[Inline, ...]) -> list[BracketSet]:
    return domain.bracket_sets_in(content)


OLD = "Parties [shall][should] communicate [every five years] their [ambitious][nationally determined] contributions."


def test_sets_whose_alternatives_are_the_same_keep_their_keys() -> None:
    old = keyed(body(OLD), count(1))
    result = carry([old], [body(OLD.replace("Parties", "All Parties"))])
    assert [s.key for s in sets(result.contents[0])] == [s.key for s in sets(old)]
    assert [[a.key for a in s.alternatives] for s in sets(result.contents[0])] == [
        [a.key for a in s.alternatives] for s in sets(old)
    ]
    assert result.resolved == {} and result.dropped == []


def test_an_accepted_alternative_resolves_and_a_vanished_set_is_dropped() -> None:
    old = keyed(body(OLD), count(1))
    shall, optional, adjective = sets(old)
    result = carry([old], [body("Parties shall communicate their [ambitious][nationally determined] contributions.")])
    assert result.resolved == {shall.key: shall.alternatives[0].key}
    assert result.dropped == [optional.key]
    assert result.kept == {adjective.key}


def test_a_set_with_a_new_alternative_keeps_its_key_and_the_surviving_alternatives() -> None:
    old = keyed(body(OLD), count(1))
    adjective = sets(old)[2]
    new = body(OLD.replace("[nationally determined]", "[nationally determined][strong]"))
    carried = sets(carry([old], [new]).contents[0])[2]
    assert carried.key == adjective.key
    assert [a.key for a in carried.alternatives] == [*[a.key for a in adjective.alternatives], None]


def test_nested_sets_are_carried_inside_an_outer_set_whose_words_changed() -> None:
    text = "Support [with [full][some] support for Parties] is provided."
    old = keyed(body(text), count(1))
    outer, inner = sets(old)
    result = carry([old], [body(text.replace("[some]", "[some][no]"))])
    new_outer, new_inner = sets(result.contents[0])
    assert new_outer.key == outer.key and new_inner.key == inner.key
    assert new_outer.alternatives[0].key == outer.alternatives[0].key
    assert result.dropped == [] and result.resolved == {}


def test_a_split_carries_each_set_into_the_part_that_has_it() -> None:
    old = keyed(body("First [a][b] sentence here. Second [c][d] sentence there."), count(1))
    first, second = sets(old)
    result = carry([old], [body("First [a][b] sentence here."), body("Second [c][d] sentence there.")])
    assert [s.key for s in sets(result.contents[0])] == [first.key]
    assert [s.key for s in sets(result.contents[1])] == [second.key]


def test_a_resolved_word_elsewhere_in_the_paragraph_does_not_count() -> None:
    old = keyed(body("The Parties [shall][should] act. Each Party shall report."), count(1))
    result = carry([old], [body("The Parties act. Each Party shall report.")])
    assert result.resolved == {}
    assert len(result.dropped) == 1


PIECES = st.sampled_from(
    ["[shall]", "[should]", "[shall][should]", " act ", "now", "[a [b][c] d]", "[b][c]", "[]", "[...]", " ", "x"]
)
BODIES = st.lists(PIECES, max_size=12).map(lambda pieces: "Parties " + "".join(pieces))


@settings(max_examples=200, deadline=None)
@given(old=BODIES, new=BODIES)
def test_every_old_set_is_kept_resolved_or_dropped_and_the_wording_is_the_new_one(old: str, new: str) -> None:
    keyed_old = keyed(body(old), count(1))
    result = carry([keyed_old], [body(new)])
    assert domain.render_inlines(result.contents[0]) == new
    old_keys = {s.key for s in sets(keyed_old)}
    ended = set(result.resolved) | set(result.dropped)
    assert (
        result.kept | ended == old_keys and not result.kept & ended and not set(result.resolved) & set(result.dropped)
    )
    alternatives = [a.key for s in sets(result.contents[0]) for a in s.alternatives if a.key is not None]
    assert len(alternatives) == len(set(alternatives)), "an old alternative is carried once at most"
    if old == new:
        assert result.kept == old_keys
