"""How two versions' paragraphs line up: moved ones once, removed ones where they stood, lineage from the rows."""

from __future__ import annotations

from app.services.reading.redline_structure import Lineage, align
from app.services.reading.versions import Version, VersionParagraph


def version(*ids: int, labels: dict[int, str] | None = None) -> Version:
    labels = labels or {}
    paragraphs = [
        VersionParagraph(id=i, position=n, label=labels.get(i), text=f"paragraph {i}") for n, i in enumerate(ids)
    ]
    return Version("live", None, None, "", paragraphs)


def told(before: Version, after: Version, lineage: dict[int, Lineage] | None = None) -> list[tuple[int, str]]:
    return [(a.id, a.structure) for a in align(before, after, lineage or {})]


def test_a_paragraph_moved_down_is_told_once_at_its_new_place_with_both_places() -> None:
    before, after = version(1, 2, 3, 4, labels={1: "1."}), version(2, 3, 1, 4, labels={1: "3."})
    aligned = align(before, after, {})
    assert [(a.id, a.structure) for a in aligned] == [(2, "kept"), (3, "kept"), (1, "moved"), (4, "kept")]
    moved = aligned[2]
    assert moved.before is not None and moved.after is not None
    assert (moved.before.position, moved.before.name, moved.after.position, moved.after.name) == (1, "1.", 3, "3.")
    assert aligned[0].before is not None and aligned[0].before.name == "¶ 2"  # no label: ¶ and its place


def test_removed_paragraphs_stay_among_the_paragraphs_that_did_not_move() -> None:
    # 5 moved to the front; 2 was deleted: it stays between 1 and 3, not before the moved paragraph.
    assert told(version(1, 2, 3, 4, 5), version(5, 1, 3, 4)) == [
        (5, "moved"),
        (1, "kept"),
        (2, "deleted"),
        (3, "kept"),
        (4, "kept"),
    ]


def test_lineage_tells_split_and_merged_from_added_and_deleted() -> None:
    before, after = version(1, 2, 3), version(1, 7, 3, 8)
    lineage = {2: Lineage(merged_into_id=1), 7: Lineage(derived_from_id=1)}
    aligned = align(before, after, lineage)
    expected = [(1, "kept"), (2, "merged"), (7, "split"), (3, "kept"), (8, "added")]
    assert [(a.id, a.structure) for a in aligned] == expected
    merged, split = aligned[1], aligned[2]
    assert merged.related is not None and (merged.related.id, merged.related.name) == (1, "¶ 1")
    assert split.related is not None and split.related.id == 1
    assert told(before, after) == [(1, "kept"), (2, "deleted"), (7, "added"), (3, "kept"), (8, "added")]
