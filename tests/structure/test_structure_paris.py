"""The chair reshapes the preamble of the Paris draft (Markdown, wrapped); undoing every change gives it back."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.cast import Cast
from tests.conftest import corpus_file
from tests.structure.conftest import call, read, source

A = "/api/v1"
PARIS = "paris-draft-agreement-2015-12-09.md"


def test_reshaping_the_paris_preamble_is_told_by_the_redline_and_undone_byte_for_byte(
    client: TestClient, cast: Cast
) -> None:
    text = corpus_file(PARIS).read_text(encoding="utf-8")
    body = {"title": "Paris 9 Dec", "text": text, "format": "markdown"}
    document = call(client, "POST", f"{A}/documents", cast.secretariat, body, status=201)
    doc = document["id"]
    original = source(client, cast, doc)
    preamble = {p["text"].split(" ", 1)[0]: p for p in document["paragraphs"][7:23]}
    noting = next(p for p in document["paragraphs"] if p["text"].startswith("*Noting* that the largest share"))
    emphasizing = preamble["*Emphasizing*"]
    cut = noting["text"].index("that per capita")  # a cut before a clause
    call(client, "POST", f"{A}/paragraphs/{noting['id']}/split", cast.chair, {"offset": cut, "base_version": 1})
    call(
        client, "POST", f"{A}/paragraphs/{emphasizing['id']}/move", cast.chair, {"before_id": preamble["*Being*"]["id"]}
    )
    merged = preamble["*Taking*"]
    call(client, "POST", f"{A}/paragraphs/{merged['id']}/merge", cast.chair, {"base_version": 1})
    inserted = {"where": "after", "text": "*Acknowledging* the [Paris] [Lima] Call for Climate Action,"}
    call(client, "POST", f"{A}/paragraphs/{preamble['*Affirming*']['id']}/insert", cast.chair, inserted, status=201)
    reshaped = source(client, cast, doc)
    assert "\n\n*Acknowledging* the [Paris] [Lima] Call for Climate Action,\n\n" in reshaped
    assert len(read(client, cast, doc)["paragraphs"]) == len(document["paragraphs"]) + 1  # +1 split +1 insert -1 merge

    redline = call(client, "GET", f"{A}/documents/{doc}/redline?from=0&to=live", cast.observer)
    assert redline["summary"]["structure"] == {"moved": 1, "split": 1, "merged": 1, "added": 1, "deleted": 0}
    assert sum(1 for p in redline["paragraphs"] if p["changed"]) == 6  # moved, split (both parts), merged (both), added

    for _ in range(4):
        call(client, "POST", f"{A}/documents/{doc}/structure/undo", cast.chair, {})
    assert source(client, cast, doc) == original
