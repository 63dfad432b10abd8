"""Sets over whole paragraphs: a block bracket and labelled options are sets delegations back and the chair
resolves; the paragraphs stay paragraphs, and resolving keeps the chosen ones and takes the others out."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import AlternativeRow, Paragraph
from app.services.negotiation import blocks, structure
from tests.cast import Cast
from tests.inputs.conftest import import_document
from tests.inputs.test_restore import RESTORE, exported

BLOCK = "Title\n1. [Decides A;\n2. Requests B [to act] [to report];\n3. Invites C.]\n4. Notes [D].\n"
OPTIONS = (
    "Title\nOp1 Decides to act;\nOption 1: below 2 °C [above pre-industrial levels],\n"
    "Option 2: well below 1.5 °C,\nOption 3: No text\nOp2 Invites Parties.\n"
)


def _document(client: TestClient, cast: Cast, document_id: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/documents/{document_id}", headers=cast.observer.headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _export(client: TestClient, cast: Cast, document_id: int, query: str = "format=bracketed") -> str:
    response = client.get(f"/api/v1/documents/{document_id}/export?{query}", headers=cast.observer.headers)
    assert response.status_code == 200, response.text
    return response.text


def _marks(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(p["text"], mark) for p in document["paragraphs"] for mark in p["blocks"]]


def test_a_block_bracket_is_one_set_over_three_paragraphs_each_amendable(client: TestClient, cast: Cast) -> None:
    document = import_document(client, cast, BLOCK)
    assert len(document["paragraphs"]) == 5
    ((first, mark),) = _marks(document)
    assert first == "[Decides A;" and mark["scope"] == "bracket" and "3 paragraphs" in mark["text"]
    history = client.get(f"/api/v1/bracket-sets/{mark['bracket_set_id']}/history", headers=cast.observer.headers)
    assert history.status_code == 200, history.text
    # Backed like any set; the middle paragraph keeps its own inline set and stays amendable on its own.
    url = f"/api/v1/alternatives/{mark['alternative_id']}/position"
    assert client.put(url, json={"stance": "supports"}, headers=cast.usa.headers).is_success
    middle = document["paragraphs"][2]
    body = {"text": middle["text"].replace("Requests B", "Requests B and E"), "base_version": middle["version"]}
    amended = client.post(f"/api/v1/paragraphs/{middle['id']}/amendments", json=body, headers=cast.che.headers)
    assert amended.status_code in (200, 201), amended.text
    after = _document(client, cast, document["id"])
    assert _marks(after)[0][1]["supporters"] == ["USA"]
    assert _export(client, cast, document["id"]).startswith("Title\n1. [Decides A;\n2. Requests B [and E] ")


def test_accepting_a_block_bracket_keeps_its_paragraphs_without_the_brackets(client: TestClient, cast: Cast) -> None:
    document = import_document(client, cast, BLOCK)
    ((_text, mark),) = _marks(document)
    url = f"/api/v1/bracket-sets/{mark['bracket_set_id']}/resolution"
    compromise = client.post(url, json={"text": "something else"}, headers=cast.chair.headers)
    assert compromise.status_code == 422 and "whole paragraphs" in compromise.json()["detail"]
    chosen = client.post(url, json={"alternative_id": mark["alternative_id"]}, headers=cast.chair.headers)
    assert chosen.is_success, chosen.text
    assert _export(client, cast, document["id"]) == (
        "Title\n1. Decides A;\n2. Requests B [to act] [to report];\n3. Invites C.\n4. Notes [D].\n"
    )
    assert _marks(_document(client, cast, document["id"])) == []


def test_no_text_takes_the_block_out(client: TestClient, cast: Cast) -> None:
    document = import_document(client, cast, BLOCK)
    ((_text, mark),) = _marks(document)
    url = f"/api/v1/bracket-sets/{mark['bracket_set_id']}/resolution"
    assert client.post(url, json={"text": ""}, headers=cast.chair.headers).is_success
    assert _export(client, cast, document["id"]) == "Title\n4. Notes [D].\n"
    # The open set inside a paragraph that left the text is dropped, not counted open.
    listed = client.get("/api/v1/documents", headers=cast.observer.headers).json()
    assert next(d for d in listed if d["id"] == document["id"])["open_bracket_sets"] == 1


def test_options_are_one_set_and_the_chosen_option_stays_without_its_label(client: TestClient, cast: Cast) -> None:
    document = import_document(client, cast, OPTIONS)
    marks = _marks(document)
    assert [m["number"] for _t, m in marks] == [1, 2, 3] and {m["of"] for _t, m in marks} == {3}
    assert len({m["bracket_set_id"] for _t, m in marks}) == 1
    set_id = marks[0][1]["bracket_set_id"]
    for delegation, (_text, mark) in (("usa", marks[0]), ("bra", marks[1])):
        url = f"/api/v1/alternatives/{mark['alternative_id']}/position"
        assert client.put(url, json={"stance": "supports"}, headers=getattr(cast, delegation).headers).is_success
    url = f"/api/v1/bracket-sets/{set_id}/resolution"
    assert client.post(url, json={"alternative_id": marks[0][1]["alternative_id"]}, headers=cast.chair.headers)
    assert _export(client, cast, document["id"]) == (
        "Title\nOp1 Decides to act;\nbelow 2 °C [above pre-industrial levels],\nOp2 Invites Parties.\n"
    )
    undo = client.delete(f"/api/v1/bracket-sets/{set_id}/resolution", headers=cast.chair.headers)
    assert undo.status_code == 409 and "cannot be undone" in undo.json()["detail"]


def test_an_amended_option_is_answered_with_its_own_place_among_the_options(client: TestClient, cast: Cast) -> None:
    document = import_document(client, cast, OPTIONS)
    (second,) = [p for p in document["paragraphs"] if p["text"].startswith("Option 2:")]
    body = {"text": second["text"].replace("well below", "well and truly below"), "base_version": second["version"]}
    amended = client.post(f"/api/v1/paragraphs/{second['id']}/amendments", json=body, headers=cast.che.headers)
    assert amended.status_code == 201, amended.text
    (mark,) = amended.json()["paragraph"]["blocks"]
    assert (mark["number"], mark["of"]) == (2, 3)
    after = _document(client, cast, document["id"])
    assert [p["blocks"] for p in after["paragraphs"] if p["id"] == second["id"]] == [[mark]]


def test_choosing_no_text_option_removes_every_option(client: TestClient, cast: Cast) -> None:
    document = import_document(client, cast, OPTIONS)
    marks = _marks(document)
    url = f"/api/v1/bracket-sets/{marks[0][1]['bracket_set_id']}/resolution"
    assert client.post(url, json={"alternative_id": marks[2][1]["alternative_id"]}, headers=cast.chair.headers)
    assert _export(client, cast, document["id"]) == "Title\nOp1 Decides to act;\nOp2 Invites Parties.\n"


def test_block_sets_survive_backup_and_restore(client: TestClient, cast: Cast) -> None:
    document = import_document(client, cast, OPTIONS)
    backup = exported(client, cast, document["id"])
    restored = client.post(RESTORE, json=backup, headers=cast.secretariat.headers)
    assert restored.status_code == 201, restored.text
    again = _document(client, cast, restored.json()["id"])
    assert [m["text"] for _t, m in _marks(again)] == [m["text"] for _t, m in _marks(document)]


def test_the_clean_text_waits_for_block_sets_and_then_has_no_marks(client: TestClient, cast: Cast) -> None:
    document = import_document(client, cast, "Title\n1. [Decides A;\n2. Invites C.]\n3. Notes D.\n")
    refused = client.get(f"/api/v1/documents/{document['id']}/export?format=clean", headers=cast.observer.headers)
    assert refused.status_code == 409, refused.text
    ((_text, mark),) = _marks(document)
    assert [s["id"] for s in refused.json()["open_bracket_sets"]] == [mark["bracket_set_id"]]
    url = f"/api/v1/bracket-sets/{mark['bracket_set_id']}/resolution"
    assert client.post(url, json={"alternative_id": mark["alternative_id"]}, headers=cast.chair.headers)
    assert _export(client, cast, document["id"], "format=clean") == "Title\n1. Decides A;\n2. Invites C.\n3. Notes D.\n"


def test_a_paragraph_holding_a_block_bracket_stays_amendable(client: TestClient, cast: Cast) -> None:
    document = import_document(client, cast, BLOCK)
    first, last = document["paragraphs"][1], document["paragraphs"][3]
    for paragraph, old, new in ((first, "Decides A;", "Decides A and B;"), (last, "Invites C.", "Invites C and D.")):
        body = {"text": paragraph["text"].replace(old, new), "base_version": paragraph["version"]}
        amended = client.post(f"/api/v1/paragraphs/{paragraph['id']}/amendments", json=body, headers=cast.che.headers)
        assert amended.status_code in (200, 201), amended.text
        chair = {"text": paragraph["text"].replace(old, new), "base_version": paragraph["version"] + 1}
        edited = client.put(f"/api/v1/paragraphs/{paragraph['id']}/text", json=chair, headers=cast.chair.headers)
        assert edited.status_code == 200, edited.text
    assert _export(client, cast, document["id"]) == BLOCK.replace("Decides A;", "Decides A and B;").replace(
        "Invites C.", "Invites C and D."
    )
    assert len(_marks(_document(client, cast, document["id"]))) == 1


def test_a_set_over_paragraphs_follows_a_paragraph_merged_away(app: FastAPI, client: TestClient, cast: Cast) -> None:
    document = import_document(client, cast, BLOCK)
    ((_text, mark),) = _marks(document)
    first, middle, last = (p["id"] for p in document["paragraphs"][1:4])
    with Session(app.state.engine) as session:
        paragraph = session.get(Paragraph, last)
        alternative = session.get(AlternativeRow, mark["alternative_id"])
        assert paragraph is not None and alternative is not None
        structure.retire(session=session, paragraph=paragraph, merged_into_id=middle)
        assert [p.id for p in blocks.spanned(session=session, alternative=alternative)] == [first, middle]
        deleted = session.get(Paragraph, first)
        assert deleted is not None
        structure.retire(session=session, paragraph=deleted)
        assert blocks.spanned(session=session, alternative=alternative) == []
        session.rollback()
