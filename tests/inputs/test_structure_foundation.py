"""Paragraphs enter and leave the live text and change places; one that leaves is kept, with its sets' fates."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import domain
from app.models import BracketSetRow, Document, Paragraph, SetState
from app.services.negotiation import structure
from app.services.negotiation.content import Author
from tests.cast import Cast
from tests.inputs.conftest import import_document
from tests.inputs.test_restore import RESTORE, exported

TEXT = "Title\nPp1 Recalling [its resolution] [the decision],\nOp1 Decides to [adopt] the text;\nOp2 Invites Parties.\n"


def _ids(document: dict[str, Any]) -> list[int]:
    return [p["id"] for p in document["paragraphs"]]


def _read(client: TestClient, cast: Cast, document_id: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/documents/{document_id}", headers=cast.observer.headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _source(client: TestClient, cast: Cast, document_id: int) -> str:
    response = client.get(f"/api/v1/documents/{document_id}/export?format=bracketed", headers=cast.observer.headers)
    assert response.status_code == 200, response.text
    return response.text


def test_retired_paragraph_leaves_the_text_and_drops_its_open_sets(
    app: FastAPI, client: TestClient, cast: Cast
) -> None:
    document = import_document(client, cast, TEXT)
    title, recalling, decides, invites = _ids(document)
    with Session(app.state.engine) as session:
        paragraph = session.get(Paragraph, recalling)
        assert paragraph is not None
        dropped = structure.retire(session=session, paragraph=paragraph, revision=1)
        session.commit()
    assert len(dropped) == 1
    after = _read(client, cast, document["id"])
    assert _ids(after) == [title, decides, invites]
    assert [p["position"] for p in after["paragraphs"]] == [0, 1, 2]
    assert _source(client, cast, document["id"]) == "Title\nOp1 Decides to [adopt] the text;\nOp2 Invites Parties.\n"
    with Session(app.state.engine) as session:
        row = session.get(BracketSetRow, dropped[0])
        assert row is not None and row.state == SetState.dropped and row.ended_in_revision == 1
    # A write aimed at the retired paragraph is refused, naming it, and changes nothing.
    body = {"text": "Pp1 Recalling [its resolution] [the decision] again,\n", "base_version": 1}
    refused = client.post(f"/api/v1/paragraphs/{recalling}/amendments", json=body, headers=cast.che.headers)
    assert refused.status_code == 409, refused.text
    assert "Pp1" in refused.json()["detail"] and "no longer in the text" in refused.json()["detail"]
    # A revision snapshots the live text only.
    issued = client.post(f"/api/v1/documents/{document['id']}/revisions", json={}, headers=cast.chair.headers)
    assert issued.is_success, issued.text
    revision = client.get(
        f"/api/v1/documents/{document['id']}/export?format=bracketed&revision=1", headers=cast.observer.headers
    )
    assert revision.status_code == 200 and "Recalling" not in revision.text


def test_insert_reorder_and_restore(app: FastAPI, client: TestClient, cast: Cast) -> None:
    document = import_document(client, cast, TEXT)
    title, recalling, decides, invites = _ids(document)
    with Session(app.state.engine) as session:
        stored = session.get(Document, document["id"])
        assert stored is not None
        node = domain.parse("Op1bis Requests [the secretariat] [the chair] to report;\n").paragraphs[0]
        added = structure.insert(
            session=session,
            document=stored,
            position=3,
            node=node,
            author=Author(origin="chair"),
            derived_from_id=decides,
        )
        session.commit()
        added_id = added.id
    assert _ids(_read(client, cast, document["id"])) == [title, recalling, decides, added_id, invites]
    with Session(app.state.engine) as session:
        structure.reorder(
            session=session, document_id=document["id"], paragraph_ids=[title, invites, recalling, decides, added_id]
        )
        with pytest.raises(ValueError, match="exactly once"):
            structure.reorder(session=session, document_id=document["id"], paragraph_ids=[title, invites])
        paragraph = session.get(Paragraph, recalling)
        assert paragraph is not None
        dropped = structure.retire(session=session, paragraph=paragraph, merged_into_id=decides)
        session.commit()
    assert _source(client, cast, document["id"]).splitlines()[1] == "Op2 Invites Parties."
    with Session(app.state.engine) as session:
        paragraph = session.get(Paragraph, recalling)
        assert paragraph is not None and paragraph.merged_into_id == decides and not paragraph.live
        structure.restore_retired(session=session, paragraph=paragraph, position=1, reopen=dropped)
        session.commit()
    after = _read(client, cast, document["id"])
    assert _ids(after) == [title, recalling, invites, decides, added_id]
    assert any(run["type"] == "bracket_set" for run in after["paragraphs"][1]["content"])


def test_backup_keeps_retired_paragraphs_and_lineage(app: FastAPI, client: TestClient, cast: Cast) -> None:
    document = import_document(client, cast, TEXT)
    _title, recalling, decides, _invites = _ids(document)
    with Session(app.state.engine) as session:
        stored = session.get(Document, document["id"])
        paragraph = session.get(Paragraph, recalling)
        assert stored is not None and paragraph is not None
        node = domain.parse("Op1bis Requests a report;\n").paragraphs[0]
        structure.insert(
            session=session, document=stored, position=3, node=node, author=Author(), derived_from_id=decides
        )
        structure.retire(session=session, paragraph=paragraph, merged_into_id=decides, revision=2)
        session.commit()
    backup = exported(client, cast, document["id"])
    assert backup["version"] == 3
    restored = client.post(RESTORE, json=backup, headers=cast.secretariat.headers)
    assert restored.status_code == 201, restored.text
    new_id = restored.json()["id"]
    assert _source(client, cast, new_id) == _source(client, cast, document["id"])
    again = exported(client, cast, new_id)
    retired = [p for p in again["paragraphs"] if p["retired_at"] is not None]
    assert len(retired) == 1 and retired[0]["merged_into"] is not None
    derived = [p["text"] for p in again["paragraphs"] if p["derived_from"] is not None]
    assert len(derived) == 1 and derived[0].endswith("Requests a report;")
    assert sorted(s["state"] for s in again["bracket_sets"]) == ["dropped", "open"]


def test_backup_of_version_1_still_restores(client: TestClient, cast: Cast) -> None:
    document = import_document(client, cast, TEXT)
    backup = exported(client, cast, document["id"])
    backup["version"] = 1
    for row in backup["paragraphs"]:
        for key in ("retired_at", "derived_from", "merged_into"):
            del row[key]
    for row in backup["bracket_sets"]:
        del row["ended_in_revision"]
    restored = client.post(RESTORE, json=backup, headers=cast.secretariat.headers)
    assert restored.status_code == 201, restored.text
    assert _source(client, cast, restored.json()["id"]) == TEXT
