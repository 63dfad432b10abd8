"""JSON backup and restore, Word import (API and command line), and the export command."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import docx
from fastapi.testclient import TestClient

from app.config import Settings
from tests.conftest import CROCHETS, corpus_file, create_account
from tests.reports.conftest import Players
from tests.reports.scenario import SWISS_WORDING, play_seed

DECISION = "unfccc-art6-2-draft-decision-2024-11-14.docx"
INPUTS = "unfccc-art6-2-party-inputs-2024.docx"


def backup(client: TestClient, players: Players, document_id: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/documents/{document_id}/export?format=json", headers=players.observer.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    result: dict[str, Any] = response.json()
    return result


def test_backup_restore_backup_gives_the_same_backup(client: TestClient, players: Players) -> None:
    played = play_seed(client, players)
    first = backup(client, players, played.document_id)
    assert {len(first[t]) for t in ("paragraphs", "bracket_sets", "alternatives", "positions", "revisions")} != {0}
    assert [d["code"] for d in first["delegations"]] == ["AFR", "BRA", "CHAIR", "CHE", "SEC", "USA", "ZAF"]
    response = client.post("/api/v1/documents/restore", json=first, headers=players.secretariat.headers)
    assert response.status_code == 201, response.text
    restored_id = response.json()["id"]
    assert restored_id != played.document_id
    second = backup(client, players, restored_id)
    assert second["events"][-1]["action"] == "restored" and second["events"][-1]["account"] == "sec"
    second["events"].pop()
    assert second == first
    # The restored document works like the original: same texts, same redline, same reports.
    for query in ("format=bracketed&revision=1", "format=clean"):
        original = client.get(f"/api/v1/documents/{played.document_id}/export?{query}", headers=players.bra.headers)
        copy = client.get(f"/api/v1/documents/{restored_id}/export?{query}", headers=players.bra.headers)
        assert copy.content == original.content
    report = client.get(f"/api/v1/documents/{restored_id}/delegations/CHE/report", headers=players.bra.headers)
    assert [(i["text"], i["fate"]) for i in report.json()["items"]] == [(SWISS_WORDING, "accepted")]


def test_restore_is_the_secretariat_s_and_refuses_what_is_not_a_backup(client: TestClient, players: Players) -> None:
    played = play_seed(client, players)
    data = backup(client, players, played.document_id)
    assert client.post("/api/v1/documents/restore", json=data, headers=players.che.headers).status_code == 403
    bad = client.post("/api/v1/documents/restore", json={"format": "other"}, headers=players.secretariat.headers)
    assert bad.status_code == 422 and "not a Crochets backup" in bad.json()["detail"]
    broken = dict(data, paragraphs=[{"id": 1}])
    response = client.post("/api/v1/documents/restore", json=broken, headers=players.secretariat.headers)
    assert response.status_code == 422 and response.json()["detail"].startswith("backup: malformed")
    listed = client.get("/api/v1/documents", headers=players.bra.headers).json()
    assert [d["id"] for d in listed] == [played.document_id]


def test_restore_creates_missing_delegations_and_credits_unknown_accounts(client: TestClient, players: Players) -> None:
    played = play_seed(client, players)
    data = backup(client, players, played.document_id)
    for position in data["positions"]:
        if position["delegation"] == "CHE":
            position["delegation"] = position["acting_delegation"] = "LIE"
            position["account"] = "someone-else"
    data["delegations"].append({"code": "LIE", "name": "Liechtenstein", "kind": "member_state"})
    # Only an administrator creates delegations, in a restore as anywhere else.
    refused = client.post("/api/v1/documents/restore", json=data, headers=players.secretariat.headers)
    assert refused.status_code == 403 and "LIE" in refused.json()["detail"]
    admin = create_account(client.app.state.engine, "root", role="admin", delegation="SEC")  # type: ignore[attr-defined]
    response = client.post("/api/v1/documents/restore", json=data, headers=admin.headers)
    assert response.status_code == 201, response.text
    history = client.get(f"/api/v1/documents/{response.json()['id']}/history", headers=players.bra.headers).json()
    summary = history[-1]["summary"]
    assert "created delegations LIE" in summary and "someone-else" in summary and "credited to root" in summary


def import_docx(client: TestClient, players: Players, name: str, preview: bool) -> Any:
    with corpus_file(name).open("rb") as handle:
        response = client.post(
            f"/api/v1/documents/import-docx?preview={'true' if preview else 'false'}",
            files={"file": (name, handle, "application/octet-stream")},
            data={"title": name},
            headers=players.secretariat.headers,
        )
    assert response.status_code == (200 if preview else 201), response.text
    return response.json()


def test_both_corpus_word_files_import_with_their_bracket_sets(client: TestClient, players: Players) -> None:
    preview = import_docx(client, players, DECISION, preview=True)
    assert preview["statistics"]["bracket_sets"] > 300
    assert preview["word"]["tables"] > 0 and preview["word"]["footnotes"] > 0 and preview["word"]["endnotes"] > 0
    assert any(s["alternatives"][:2] == ["shall", "should"] for s in preview["bracket_sets"])
    assert any(w["kind"] in ("stray", "unclosed") and w["line"] for w in preview["warnings"])
    assert client.get("/api/v1/documents", headers=players.bra.headers).json() == []
    document = import_docx(client, players, DECISION, preview=False)
    listed = client.get("/api/v1/documents", headers=players.bra.headers).json()
    assert listed[0]["id"] == document["id"]
    assert listed[0]["open_bracket_sets"] == preview["statistics"]["bracket_sets"]  # nested ones included
    notes = [p for p in document["paragraphs"] if "[footnoteRef:" in p["text"]]
    assert notes and all("[1: " in p["text"] or "footnoteRef" in p["text"] for p in notes)

    inputs = import_docx(client, players, INPUTS, preview=True)
    comments = inputs["comments"]
    assert len(comments) > 50
    said = " ".join(c["text"] for c in comments)
    for delegation in ("LMDC", "US:", "India"):
        assert delegation in said
    us = next(c for c in comments if c["text"].startswith("US: Clarifies not decides"))
    assert us["anchored"] == "Decides" and us["author"] and us["date"]
    assert any(w["kind"] == "tracked_changes" for w in inputs["warnings"])
    assert import_docx(client, players, INPUTS, preview=False)["paragraphs"]


def test_word_import_refuses_other_files_and_other_roles(client: TestClient, players: Players) -> None:
    url = "/api/v1/documents/import-docx"
    files = {"file": ("draft.docx", b"not a zip", "application/octet-stream")}
    bad = client.post(url, files=files, data={"title": "x"}, headers=players.secretariat.headers)
    assert bad.status_code == 422 and "not a Word .docx file" in bad.json()["detail"]
    with corpus_file(DECISION).open("rb") as handle:
        files = {"file": (DECISION, handle, "application/octet-stream")}
        assert client.post(url, files=files, headers=players.che.headers).status_code == 403


def crochets(settings: Settings, *args: str) -> subprocess.CompletedProcess[bytes]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CROCHETS_")}
    environment["CROCHETS_DATA_DIR"] = str(settings.data_dir)
    environment["CROCHETS_DATABASE_URL"] = str(settings.database_url)
    return subprocess.run([str(CROCHETS), *args], capture_output=True, env=environment, timeout=120, check=False)


def test_the_command_line_exports_imports_and_restores(
    client: TestClient, players: Players, settings: Settings, tmp_path: Path
) -> None:
    played = play_seed(client, players)
    doc = str(played.document_id)
    text = crochets(settings, "export", doc, "--format", "bracketed", "--revision", "0")
    assert text.returncode == 0, text.stderr
    assert text.stdout == corpus_file("itu-council-wsis-draft-resolution.fr.txt").read_bytes()
    redline = tmp_path / "redline.docx"
    done = crochets(settings, "export", doc, "--format", "docx", "--from", "0", "--to", "2", "-o", str(redline))
    assert done.returncode == 0, done.stderr
    assert docx.Document(str(redline)).element.body.find(".//{*}ins") is not None
    refused = crochets(settings, "export", doc, "--format", "clean", "--revision", "1")
    assert refused.returncode == 2 and b"open bracket sets" in refused.stderr
    saved = tmp_path / "backup.json"
    assert crochets(settings, "export", doc, "--format", "json", "-o", str(saved)).returncode == 0
    restored = crochets(settings, "restore", str(saved))
    assert restored.returncode == 0, restored.stderr
    assert b"restored" in restored.stdout
    imported = crochets(settings, "import", str(corpus_file(INPUTS)), "--title", "Party inputs")
    assert imported.returncode == 0, imported.stderr
    assert b"Word comments" in imported.stdout
    listed = client.get("/api/v1/documents", headers=players.bra.headers).json()
    seed_title = "Rôle de l'UIT dans l'examen du SMSI"
    assert sorted(d["title"] for d in listed) == ["Party inputs", seed_title, seed_title]
    restored_doc = max(d["id"] for d in listed if d["title"].startswith("Rôle"))
    assert json.loads(saved.read_text())["document"]["title"] == "Rôle de l'UIT dans l'examen du SMSI"
    assert restored_doc != played.document_id
