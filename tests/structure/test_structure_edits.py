"""The chair reshapes a draft: split, merge, move, insert, delete, relabel, each undone exactly."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.cast import Cast
from tests.structure.conftest import DRAFT, by_label, call, import_draft, read, source

A = "/api/v1"


def sets_of(paragraph: dict[str, Any]) -> list[dict[str, Any]]:
    return [run for run in paragraph["content"] if run["type"] == "bracket_set"]


def test_split_cuts_between_words_and_takes_the_sets_of_the_second_part_along(client: TestClient, cast: Cast) -> None:
    document = import_draft(client, cast)
    doc = document["id"]
    one = by_label(document, "1")
    offset = one["text"].index("further")
    answer = call(client, "POST", f"{A}/paragraphs/{one['id']}/split", cast.chair, {"offset": offset, "base_version": 1})
    first, second = answer["paragraphs"]
    assert first["text"] == "Decides to [adopt] the guidance;" and second["text"] == "further decides to act swiftly."
    assert source(client, cast, doc) == DRAFT.replace("guidance; further", "guidance;\nfurther")
    assert [p["id"] for p in read(client, cast, doc)["paragraphs"]][2:4] == [one["id"], second["id"]]

    # Before the set: the set goes with the second part, same id, same alternatives.
    adopt = sets_of(first)[0]
    cut = first["text"].index("[adopt]")
    body = {"offset": cut, "base_version": first["version"]}
    answer = call(client, "POST", f"{A}/paragraphs/{one['id']}/split", cast.chair, body)
    head, tail = answer["paragraphs"]
    assert head["text"] == "Decides to" and tail["text"] == "[adopt] the guidance;"
    assert sets_of(tail)[0]["id"] == adopt["id"]
    assert [a["id"] for a in sets_of(tail)[0]["alternatives"]] == [a["id"] for a in adopt["alternatives"]]

    call(client, "POST", f"{A}/documents/{doc}/structure/undo", cast.chair, {})
    call(client, "POST", f"{A}/documents/{doc}/structure/undo", cast.chair, {})
    assert source(client, cast, doc) == DRAFT
    restored = by_label(read(client, cast, doc), "1")
    assert restored["id"] == one["id"] and sets_of(restored)[0]["id"] == adopt["id"]
