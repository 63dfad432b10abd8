"""Comments travel: through the JSON backup and back, into the compilation, and out of an imported Word file."""

from __future__ import annotations

import base64
import io
import json
import re
from typing import Any

import docx
from fastapi.testclient import TestClient

from tests.conftest import corpus_file, sign_in
from tests.reports.conftest import SEED, Players, import_text
from tests.reports.scenario import play_seed
from tests.reports.test_backup_and_import import INPUTS, backup, import_docx

Json = dict[str, Any]


def _post(client: TestClient, url: str, who: Any, body: Json, status: int = 201) -> Json:
    response = client.post(url, json=body, headers=who.headers)
    assert response.status_code == status, response.text
    result: Json = response.json()
    return result


def _commented(client: TestClient, players: Players) -> tuple[int, Json]:
    """The played seed with a comment for a group, a withdrawn one, a paragraph comment and a reason."""
    played = play_seed(client, players)
    set_id = played.swiss_set["id"]
    _post(client, f"/api/v1/bracket-sets/{set_id}/comments", players.zaf,
          {"text": "The Group can live with it.", "on_behalf_of": "AFR"})  # fmt: skip
    gone = _post(client, f"/api/v1/bracket-sets/{set_id}/comments", players.usa, {"text": "Not yet."})
    _post(client, f"/api/v1/comments/{gone['id']}/withdrawal", players.usa, {}, status=200)
    _post(client, f"/api/v1/paragraphs/{played.paragraph_id}/comments", players.bra, {"text": "Shorter, please."})
    return played.document_id, {"set": set_id, "withdrawn": gone["id"]}


def test_comments_round_trip_through_a_backup(client: TestClient, players: Players) -> None:
    document_id, _ = _commented(client, players)
    first = backup(client, players, document_id)
    assert first["version"] == 3
    assert [(c["kind"], c["text"], c["delegation"], c["acting_delegation"]) for c in first["comments"]] == [
        ("comment", "The Group can live with it.", "AFR", "ZAF"),
        ("comment", "Not yet.", "USA", "USA"),
        ("comment", "Shorter, please.", "BRA", "BRA"),
    ]
    assert first["comments"][1]["withdrawn_at"] and first["comments"][0]["account"] == "zaf"
    response = client.post("/api/v1/documents/restore", json=first, headers=players.secretariat.headers)
    assert response.status_code == 201, response.text
    restored = response.json()["id"]
    second = backup(client, players, restored)
    assert "3 comments" in second["events"].pop()["summary"]
    assert second == first
    views = client.get(f"/api/v1/documents/{restored}/comments", headers=players.observer.headers).json()
    assert [(c["by"], c["state"]) for c in views] == [
        ("Thandi Nkosi (ZAF for AFR)", "live"),
        ("Dana Lee (USA)", "withdrawn"),
        ("Ana Silva (BRA)", "live"),
    ]


def test_a_version_2_backup_restores_without_comments(client: TestClient, players: Players) -> None:
    document_id, _ = _commented(client, players)
    data = backup(client, players, document_id)
    older = {key: value for key, value in data.items() if key != "comments"} | {"version": 2}
    response = client.post("/api/v1/documents/restore", json=older, headers=players.secretariat.headers)
    assert response.status_code == 201, response.text
    assert client.get(f"/api/v1/documents/{response.json()['id']}/comments", headers=players.bra.headers).json() == []
    forged = dict(older, comments=data["comments"])
    refused = client.post("/api/v1/documents/restore", json=forged, headers=players.secretariat.headers)
    assert refused.status_code == 422 and "a version 2 backup has no comments" in refused.json()["detail"]
    unknown = client.post("/api/v1/documents/restore", json=dict(data, version=4), headers=players.secretariat.headers)
    assert unknown.status_code == 422 and "reads versions 1 to 3" in unknown.json()["detail"]


def test_a_forged_comment_is_refused_with_the_reason(client: TestClient, players: Players) -> None:
    document_id, _ = _commented(client, players)
    data = backup(client, players, document_id)
    data["comments"][0]["alternative"] = next(
        a["id"] for a in data["alternatives"] if a["bracket_set"] != data["comments"][0]["bracket_set"]
    )
    response = client.post("/api/v1/documents/restore", json=data, headers=players.secretariat.headers)
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith("backup: inconsistent: comments (id 1): alternative")
    data = backup(client, players, document_id)
    data["comments"][0]["kind"] = "rumour"
    response = client.post("/api/v1/documents/restore", json=data, headers=players.secretariat.headers)
    assert response.status_code == 422 and "kind 'rumour' is not one of" in response.json()["detail"]


def test_the_compilation_carries_the_comments(client: TestClient, players: Players) -> None:
    seed = import_text(client, players, SEED, "Seed")
    paragraph = next(p for p in seed["paragraphs"] if any(r["type"] == "bracket_set" for r in p["content"]))
    open_set = next(r for r in paragraph["content"] if r["type"] == "bracket_set")
    _post(client, f"/api/v1/bracket-sets/{open_set['id']}/alternatives", players.che,
          {"text": "mot de compromis", "reason": "Closer to the WSIS+10 outcome."})  # fmt: skip
    _post(client, f"/api/v1/bracket-sets/{open_set['id']}/comments", players.usa, {"text": "We object to both."})
    _post(client, f"/api/v1/paragraphs/{paragraph['id']}/comments", players.bra, {"text": "A paragraph note."})
    table = client.get(f"/api/v1/documents/{seed['id']}/compilation", headers=players.bra.headers).json()
    row = next(p for p in table["paragraphs"] if p["id"] == paragraph["id"])
    compiled = next(s for s in row["bracket_sets"] if s["id"] == open_set["id"])
    assert [(c["kind"], c["delegation"], c["text"]) for c in compiled["comments"]] == [
        ("justification", "CHE", "Closer to the WSIS+10 outcome."),
        ("comment", "USA", "We object to both."),
    ]
    assert [c["text"] for c in row["comments"]] == ["A paragraph note."]
    page = client.get(f"/documents/{seed['id']}/compilation", headers=players.bra.headers)
    assert page.status_code == 200
    assert "Closer to the WSIS+10 outcome." in page.text and "We object to both." in page.text
    assert "A paragraph note." in page.text


def test_the_word_comments_of_the_party_inputs_are_kept_where_they_anchor(client: TestClient, players: Players) -> None:
    preview = import_docx(client, players, INPUTS, preview=True)
    listed = preview["comments"]
    assert len(listed) == 95
    document = import_docx(client, players, INPUTS, preview=False)
    kept = client.get(f"/api/v1/documents/{document['id']}/comments", headers=players.observer.headers).json()
    assert len(kept) == 95
    assert {(c["author"], c["text"]) for c in kept} == {(c["author"], c["text"]) for c in listed}
    assert all(c["kind"] == "word" and c["delegation"] is None and c["by"].endswith("(Word comment)") for c in kept)
    paragraphs = {p["id"]: p for p in document["paragraphs"]}
    for comment in kept:
        assert comment["paragraph_id"] in paragraphs, comment  # every one lies in the body
        anchor, text = comment["anchor"] or "", paragraphs[comment["paragraph_id"]]["text"]
        assert "\n" in anchor or anchor in text, comment  # the words it anchors are in its paragraph
    us = next(c for c in kept if c["text"].startswith("US: Clarifies not decides"))
    assert us["anchor"] == "Decides" and us["created_at"].startswith("20")
    assert all(c["bracket_set_id"] is None for c in kept)  # the file has no brackets: see the test below
    events = client.get(f"/api/v1/documents/{document['id']}/history", headers=players.bra.headers).json()
    assert [e["action"] for e in events] == ["imported", "comments_imported"]
    assert "kept 95 Word comments" in events[1]["summary"]


def test_the_import_page_keeps_the_word_comments(client: TestClient, players: Players) -> None:
    csrf = sign_in(client, players.secretariat.username, players.secretariat.password)
    with corpus_file(INPUTS).open("rb") as handle:
        preview = client.post(
            "/import/preview",
            files={"file": (INPUTS, handle, "application/octet-stream")},
            data={"title": "Party inputs", "csrf_token": csrf},
        )
    assert preview.status_code == 200, preview.text
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', preview.text))
    assert len(json.loads(base64.b64decode(fields["comments"]))) == 95
    fields["csrf_token"] = csrf
    forged = dict(fields, comments=base64.b64encode(b'[{"id": 1}]').decode())
    refused = client.post("/import", data=forged, follow_redirects=False)
    assert refused.status_code == 422 and "comments[0]" in refused.text
    confirmed = client.post("/import", data=fields, follow_redirects=False)
    assert confirmed.status_code == 303, confirmed.text
    document_id = int(confirmed.headers["location"].rsplit("/", 1)[-1])
    kept = client.get(f"/api/v1/documents/{document_id}/comments", headers=players.observer.headers).json()
    assert len(kept) == 95


def _word_file(*parts: tuple[str, str | None]) -> bytes:
    """A one-paragraph .docx of these runs, each with the comment (by its author) anchored on it, if any."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    for text, said in parts:
        run = paragraph.add_run(text)
        if said is not None:
            author, words = said.split(": ", 1)
            document.add_comment(run, text=words, author=author, initials=author[:2])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_comment_on_words_inside_a_bracket_set_is_the_set_s(client: TestClient, players: Players) -> None:
    data = _word_file(
        ("Parties [", "Bo: about Parties"),
        ("shall", "Ana Negotiator: AGN: shall is essential"),
        ("] [", None),
        ("should", "Cy: LMDC: should, as agreed in Bonn"),
        ("] act ", None),
        ("[promptly]", "Di: on the whole optional bracket"),
        (".", None),
    )
    response = client.post(
        "/api/v1/documents/import-docx",
        files={"file": ("draft.docx", data, "application/octet-stream")},
        data={"title": "Draft"},
        headers=players.secretariat.headers,
    )
    assert response.status_code == 201, response.text
    document = response.json()
    (paragraph,) = document["paragraphs"]
    competing, optional = [r["id"] for r in paragraph["content"] if r["type"] == "bracket_set"]
    kept = client.get(f"/api/v1/documents/{document['id']}/comments", headers=players.observer.headers).json()
    placed = [(c["author"], c["anchor"], c["paragraph_id"], c["bracket_set_id"]) for c in kept]
    assert placed == [
        ("Bo", "Parties [", paragraph["id"], None),  # across the set's edge: the paragraph's only
        ("Ana Negotiator", "shall", paragraph["id"], competing),
        ("Cy", "should", paragraph["id"], competing),
        ("Di", "[promptly]", paragraph["id"], optional),
    ]
    panel = client.get(f"/api/v1/bracket-sets/{competing}/comments", headers=players.bra.headers).json()
    assert [c["text"] for c in panel] == ["AGN: shall is essential", "LMDC: should, as agreed in Bonn"]


def test_a_comment_follows_its_set_into_a_merged_paragraph_and_through_a_backup(
    client: TestClient, players: Players
) -> None:
    seed = import_text(client, players, SEED, "Seed")
    paragraphs = seed["paragraphs"]
    index = next(i for i, p in enumerate(paragraphs) if any(r["type"] == "bracket_set" for r in p["content"]))
    before, holder = paragraphs[index - 1], paragraphs[index]
    set_id = next(r["id"] for r in holder["content"] if r["type"] == "bracket_set")
    _post(client, f"/api/v1/bracket-sets/{set_id}/comments", players.bra, {"text": "Keep this set."})
    merged = client.post(
        f"/api/v1/paragraphs/{before['id']}/merge",
        json={"base_version": before["version"], "next_version": holder["version"]},
        headers=players.chair.headers,
    )
    assert merged.status_code == 200, merged.text
    history = client.get(f"/api/v1/bracket-sets/{set_id}/history", headers=players.bra.headers).json()
    assert history["paragraph_id"] == before["id"]  # the set moved with the words
    assert [
        c["text"] for c in client.get(f"/api/v1/bracket-sets/{set_id}/comments", headers=players.bra.headers).json()
    ] == ["Keep this set."]
    first = backup(client, players, seed["id"])
    restored = client.post("/api/v1/documents/restore", json=first, headers=players.secretariat.headers)
    assert restored.status_code == 201, restored.text
    second = backup(client, players, restored.json()["id"])
    second["events"].pop()
    assert second == first
