"""Audit events store what changed, not the paragraph twice: a request's stored bytes follow its size."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.cast import Cast
from tests.inputs.conftest import database_bytes, geneva_words, import_document, used_bytes

MB = 1024 * 1024


def _amended(text: str, changes: int) -> str:
    """The text with `changes` words changed, spread evenly so that each becomes its own bracket set."""
    words = text.split(" ")
    step = len(words) // changes
    for index in range(step // 2, step * changes, step):
        words[index] += "X"
    return " ".join(words)


@pytest.mark.sqlite_only  # measures the SQLite file and its pages
def test_an_84_kb_amendment_with_300_changes_grows_the_database_by_under_2_mb(
    app: FastAPI, client: TestClient, cast: Cast
) -> None:
    document = import_document(client, cast, geneva_words(84_000) + "\n")
    paragraph = document["paragraphs"][0]
    body = {"text": _amended(paragraph["text"], 300), "base_version": paragraph["version"]}
    size = len(json.dumps(body).encode())
    before, used = database_bytes(app), used_bytes(app)
    response = client.post(f"/api/v1/paragraphs/{paragraph['id']}/amendments", json=body, headers=cast.che.headers)
    assert response.status_code == 201, response.text
    assert len(response.json()["bracket_sets"]) == 300
    grown, stored = database_bytes(app) - before, used_bytes(app) - used
    assert grown < 2 * MB, grown
    assert stored < 4 * size, (stored, size)  # the paragraph's new text, its 300 bracket sets and their events
    history = client.get(f"/api/v1/documents/{document['id']}/history?limit=1000", headers=cast.bra.headers)
    assert len(history.content) < 1 * MB
    proposed = [e for e in history.json() if e["action"] == "set_proposed"]
    assert len(proposed) == 300
    assert {(e["before"], e["after"], e["before_version"], e["after_version"]) for e in proposed} == {
        (None, None, 1, 2)
    }


@pytest.mark.sqlite_only  # measures the SQLite file's pages
def test_small_requests_on_a_long_paragraph_store_little(app: FastAPI, client: TestClient, cast: Cast) -> None:
    text = "Decides [to adopt] [to note] the text. " + geneva_words(500_000) + " [shall] [should] apply.\n"
    document = import_document(client, cast, text)
    sets = [run for run in document["paragraphs"][0]["content"] if run["type"] == "bracket_set"]
    first, second = sets[0]["alternatives"], sets[1]["alternatives"]
    requests: list[tuple[str, str, Cast | Any, dict[str, Any] | None]] = [
        ("PUT", f"/api/v1/alternatives/{first[0]['id']}/position", cast.che, {"stance": "supports"}),
        ("DELETE", f"/api/v1/alternatives/{first[0]['id']}/position", cast.che, None),
        ("PUT", f"/api/v1/alternatives/{first[1]['id']}/position", cast.usa, {"stance": "objects"}),
        ("POST", f"/api/v1/bracket-sets/{sets[0]['id']}/resolution", cast.chair, {"alternative_id": first[0]["id"]}),
        ("DELETE", f"/api/v1/bracket-sets/{sets[0]['id']}/resolution", cast.chair, None),
        ("POST", f"/api/v1/bracket-sets/{sets[1]['id']}/resolution", cast.chair, {"text": "must"}),
    ]
    before = used_bytes(app)
    for method, url, who, body in requests * 3:
        response = client.request(method, url, json=body, headers=who.headers)
        assert response.status_code in (200, 201, 409), response.text
    stored = used_bytes(app) - before
    assert stored < 64 * 1024, stored  # 18 requests; one more copy of the paragraph would be 500 kB
    assert second


def test_history_comes_a_page_at_a_time(client: TestClient, cast: Cast) -> None:
    document = import_document(client, cast, "Decides [to adopt] [to note] the text.\n")
    alternatives = document["paragraphs"][0]["content"][1]["alternatives"]
    for who in (cast.che, cast.usa, cast.bra, cast.zaf):
        url = f"/api/v1/alternatives/{alternatives[0]['id']}/position"
        assert client.put(url, json={"stance": "supports"}, headers=who.headers).status_code == 200
    url = f"/api/v1/documents/{document['id']}/history"
    everything = client.get(url, headers=cast.bra.headers)
    assert "link" not in everything.headers and len(everything.json()) == 5
    seen, next_url = [], f"{url}?limit=2"
    while next_url:
        page = client.get(next_url, headers=cast.bra.headers)
        assert page.status_code == 200 and len(page.json()) <= 2
        seen += page.json()
        link = page.headers.get("link")
        next_url = link[link.index("<") + 1 : link.index(">")] if link else ""
        if link:
            assert page.headers["x-next-after"] == str(page.json()[-1]["id"]) and 'rel="next"' in link
    assert seen == everything.json()
    assert [e["action"] for e in seen] == ["imported"] + ["position_supports"] * 4
    for bad in ("limit=0", "limit=1001", "after=-1", "after=x"):
        refused = client.get(f"{url}?{bad}", headers=cast.bra.headers)
        assert refused.status_code == 422 and set(refused.json()) == {"error", "detail"}


def test_the_migration_converts_stored_texts_both_ways(app: FastAPI, client: TestClient, cast: Cast) -> None:
    from sqlalchemy import text

    from app import migrate

    document = import_document(client, cast, "Decides [to adopt] [to note] the text. " + geneva_words(5_000) + "\n")
    paragraph = document["paragraphs"][0]
    edited = _amended(paragraph["text"], 5)
    body = {"text": edited, "base_version": paragraph["version"]}
    assert client.post(
        f"/api/v1/paragraphs/{paragraph['id']}/amendments", json=body, headers=cast.che.headers
    ).is_success
    set_id = paragraph["content"][1]["id"]
    resolution = {"alternative_id": paragraph["content"][1]["alternatives"][1]["id"]}
    assert client.post(
        f"/api/v1/bracket-sets/{set_id}/resolution", json=resolution, headers=cast.chair.headers
    ).is_success
    export = f"/api/v1/documents/{document['id']}/export?format=json"
    backup = client.get(export, headers=cast.bra.headers).json()
    redline = client.get(f"/api/v1/documents/{document['id']}/redline", headers=cast.bra.headers).json()
    engine = app.state.engine
    migrate.downgrade(engine, "0004")
    with engine.connect() as connection:
        texts = connection.execute(text("SELECT text FROM paragraph_version ORDER BY id")).scalars().all()
        events = connection.execute(text("SELECT before, after FROM event WHERE action = 'set_proposed'")).all()
    assert texts == [v["text"] for v in backup["paragraph_versions"]]
    assert [tuple(e) for e in events] == [
        (e["before"], e["after"]) for e in backup["events"] if e["action"] == "set_proposed"
    ]
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM paragraph_version WHERE text IS NOT NULL")).scalar() == 0
        assert connection.execute(text("SELECT count(*) FROM event WHERE length(after) > 100")).scalar() == 0
    assert client.get(export, headers=cast.bra.headers).json() == backup
    assert client.get(f"/api/v1/documents/{document['id']}/redline", headers=cast.bra.headers).json() == redline


def test_a_paragraph_changed_behind_the_history_s_back_is_noticed(app: FastAPI, client: TestClient, cast: Cast) -> None:
    import pytest
    from sqlalchemy import text
    from sqlmodel import Session

    from app.services.negotiation import text_history

    document = import_document(client, cast, "Decides [to adopt] [to note] the text.\n")
    paragraph = document["paragraphs"][0]
    resolve = f"/api/v1/bracket-sets/{paragraph['content'][1]['id']}/resolution"
    assert client.post(resolve, json={"text": "to welcome"}, headers=cast.chair.headers).is_success
    with Session(app.state.engine) as session:
        texts = text_history.texts(session=session, paragraph_id=paragraph["id"], versions=(1, 2))
        assert texts == {1: paragraph["text"], 2: "Decides to welcome the text."}
        session.execute(text("UPDATE paragraph SET text = 'tampered' WHERE id = :id"), {"id": paragraph["id"]})
        session.expire_all()
        with pytest.raises(text_history.HistoryCorrupt, match="version 2 cannot be rebuilt"):
            text_history.texts(session=session, paragraph_id=paragraph["id"], versions=(1,))
