"""Importing next versions written outside the tool: the Paris draft of 9 Dec 2015 replayed over two revisions
(paragraphs moved, split, merged, inserted, deleted; sets kept, dropped and accepted), and the Geneva text with
sections moved. Each revision's bracketed export is the imported file byte for byte, the preview tells exactly
the structural changes made, and the positions delegations took stay with the sets the new text keeps."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app import domain
from app.config import Settings
from app.models import BracketSetRow, Paragraph, SetState
from tests.conftest import ROOT, corpus_file, sign_in
from tests.reports.conftest import Players, call, corpus_text

PARIS = "paris-draft-agreement-2015-12-09.md"
GENEVA = "unfccc-geneva-negotiating-text-2015-02-12.txt"
NEW = "    The Parties [shall][should] cooperate on new matters of common concern to all of them.\n\n"


class Chunks:
    """A text as its paragraphs' exact sources, to make a next version by moving, splitting and merging them."""

    def __init__(self, text: str, syntax: domain.Syntax = "plain") -> None:
        tree = domain.parse(text, syntax=syntax)
        self.head = tree.bom + tree.leading
        self.items = [domain.render_paragraph(p) for p in tree.paragraphs]
        assert self.text() == text

    def text(self) -> str:
        return self.head + "".join(self.items)

    def index(self, words: str) -> int:
        found = [k for k, item in enumerate(self.items) if words in item]
        assert len(found) == 1, (words, found)
        return found[0]


def import_paris(client: TestClient, players: Players) -> dict[str, Any]:
    body = {"title": "Draft Paris Agreement", "text": corpus_text(PARIS), "format": "markdown"}
    return call(client, "POST", "/api/v1/documents", players.secretariat, body, status=201)  # type: ignore[no-any-return]


def paragraph_with(document: dict[str, Any], words: str) -> dict[str, Any]:
    found = [p for p in document["paragraphs"] if words in p["text"]]
    assert len(found) == 1, (words, len(found))
    return found[0]


def alternative_with(paragraph: dict[str, Any], text: str) -> dict[str, Any]:
    for run in paragraph["content"]:
        if run["type"] == "bracket_set":
            for alternative in run["alternatives"]:
                if alternative["text"] == text:
                    return alternative  # type: ignore[no-any-return]
    raise AssertionError(f"no alternative {text!r}")


def export(client: TestClient, players: Players, document_id: int, revision: int) -> bytes:
    url = f"/api/v1/documents/{document_id}/export?format=bracketed&revision={revision}"
    response = client.get(url, headers=players.observer.headers)
    assert response.status_code == 200, response.text
    return response.content


def report(client: TestClient, players: Players, doc: int, code: str, start: str, end: str) -> list[dict[str, Any]]:
    url = f"/api/v1/documents/{doc}/delegations/{code}/report?from={start}&to={end}"
    items: list[dict[str, Any]] = call(client, "GET", url, players.observer)["items"]
    return items


def kinds(preview: dict[str, Any]) -> dict[str, int]:
    counts = preview["counts"]
    return {k: counts[k] for k in ("edited", "moved", "split", "merged", "added", "deleted")}


def rev1(text: str) -> str:
    """The chair's overnight draft: one paragraph moved, one split, two merged, one inserted, one deleted, one
    set accepted ("shall") and one optional passage dropped."""
    chunks = Chunks(text, "markdown")
    items = chunks.items
    shall = chunks.index("Each Party’s successive ### [shall][should][will]")
    items[shall] = items[shall].replace("[shall][should][will]", "shall")
    adjust = chunks.index("A Party may at any time adjust")
    items[adjust] = items[adjust].replace(
        " [, in accordance with the simplified adjustment procedure referred to in Article 19, paragraph 3]", ""
    )
    split = chunks.index("Parties shall [track progress towards][account for] their ###. In")
    items[split] = items[split].replace("their ###. In ", "their ###.\n\n    In ")
    merged = chunks.index("Implementation of adaptation actions, undertakings")
    items[merged] = items[merged].rstrip("\n") + " " + items[merged + 1].lstrip()
    del items[merged + 1]
    items.insert(chunks.index("submit an adaptation communication, which may include") + 1, NEW)
    del items[chunks.index("Encourages United Nations specialized organizations")]
    moved = items.pop(chunks.index("Parties recognize that adaptation is a global challenge"))
    items.insert(chunks.index("Parties acknowledge that adaptation action should follow") + 1, moved)
    return chunks.text()


def rev2(text: str) -> str:
    """The next morning's draft: the new paragraph accepted without brackets and moved up, a heading deleted."""
    chunks = Chunks(text, "markdown")
    items = chunks.items
    new = items.pop(chunks.index("cooperate on new matters of common concern"))
    items.insert(
        chunks.index("Parties recognize that adaptation is a global challenge"),
        new.replace("[shall][should]", "should"),
    )
    del items[chunks.index("**Housing**")]
    return chunks.text()


def test_the_paris_draft_replayed_over_two_imported_revisions(client: TestClient, players: Players) -> None:
    document = import_paris(client, players)
    doc = document["id"]
    shall = alternative_with(paragraph_with(document, "Each Party’s successive ###"), "shall")
    adjustment = paragraph_with(document, "A Party may at any time adjust")
    optional = alternative_with(
        adjustment, ", in accordance with the simplified adjustment procedure referred to in Article 19, paragraph 3"
    )
    tracking = alternative_with(paragraph_with(document, "Parties shall [track progress towards]"), "account for")
    call(client, "PUT", f"/api/v1/alternatives/{shall['id']}/position", players.usa, {"stance": "supports"})
    call(client, "PUT", f"/api/v1/alternatives/{optional['id']}/position", players.zaf,
         {"stance": "supports", "on_behalf_of": "AFR"})  # fmt: skip
    call(client, "PUT", f"/api/v1/alternatives/{tracking['id']}/position", players.bra, {"stance": "objects"})

    first = rev1(corpus_text(PARIS))
    preview = call(client, "POST", f"/api/v1/documents/{doc}/revisions/preview", players.chair,
                   {"text": first, "format": "markdown"})  # fmt: skip
    assert preview["number"] == 1
    assert kinds(preview) == {"edited": 2, "moved": 1, "split": 1, "merged": 1, "added": 1, "deleted": 1}
    fates = {s["bracket_set_id"]: s for s in preview["sets"]}
    assert sorted(s["fate"] for s in fates.values() if s["fate"] != "kept") == ["dropped", "resolved"]
    resolved = next(s for s in fates.values() if s["fate"] == "resolved")
    assert resolved["standing"] == "shall"
    split = next(p for p in preview["paragraphs"] if p["kind"] == "split")
    assert split["sets_kept"] == 2 and len(split["new_positions"]) == 2

    issued = call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.chair,
                  {"note": "facilitators' draft", "text": first, "format": "markdown"}, status=201)  # fmt: skip
    assert issued["number"] == 1
    # The redline between the imported revisions tells the same structure: moved once, split, merged, added, deleted.
    redline = call(client, "GET", f"/api/v1/documents/{doc}/redline?from=0&to=1", players.observer)
    assert redline["summary"]["structure"] == {"moved": 1, "split": 1, "merged": 1, "added": 1, "deleted": 1}
    assert export(client, players, doc, 1) == first.encode("utf-8")
    after = call(client, "GET", f"/api/v1/documents/{doc}", players.observer)
    kept = alternative_with(paragraph_with(after, "Parties shall [track progress towards]"), "account for")
    assert kept["id"] == tracking["id"] and kept["objectors"] == ["BRA"]
    assert paragraph_with(after, "A Party may at any time adjust")["id"] == adjustment["id"]

    fates_after = {
        code: [(i["text"], i["fate"], i["ended_by"]) for i in report(client, players, doc, code, "0", "1")]
        for code in ("USA", "AFR", "BRA")
    }
    assert fates_after == {
        "USA": [("shall", "accepted", "resolved by Rev.1")],
        "AFR": [(optional["text"], "dropped", "dropped in Rev.1")],
        "BRA": [("account for", "open", None)],
    }

    cooperate = alternative_with(paragraph_with(after, "cooperate on new matters"), "should")
    call(client, "PUT", f"/api/v1/alternatives/{cooperate['id']}/position", players.usa, {"stance": "supports"})

    second = rev2(first)
    preview = call(client, "POST", f"/api/v1/documents/{doc}/revisions/preview", players.chair, {"text": second})
    assert kinds(preview) == {"edited": 1, "moved": 1, "split": 0, "merged": 0, "added": 0, "deleted": 1}
    assert [s["fate"] for s in preview["sets"] if s["fate"] != "kept"] == ["resolved"]
    call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.secretariat,
         {"note": "morning", "text": second}, status=201)  # fmt: skip
    assert export(client, players, doc, 2) == second.encode("utf-8")
    assert export(client, players, doc, 1) == first.encode("utf-8")
    assert export(client, players, doc, 0) == corpus_text(PARIS).encode("utf-8")
    usa = [(i["text"], i["fate"], i["ended_by"]) for i in report(client, players, doc, "USA", "0", "2")]
    assert usa == [("shall", "accepted", "resolved by Rev.1"), ("should", "accepted", "resolved by Rev.2")]
    page = client.get(f"/documents/{doc}/delegations/AFR/report?from=0&to=2", headers=players.observer.headers)
    assert page.status_code == 200 and "dropped in Rev.1" in page.text


def test_a_next_version_as_a_file_upload_and_the_live_text_without_one(client: TestClient, players: Players) -> None:
    doc = import_paris(client, players)["id"]
    first = rev1(corpus_text(PARIS))
    files = {"file": ("rev1.md", first.encode("utf-8"), "text/markdown")}
    response = client.post(
        f"/api/v1/documents/{doc}/revisions", files=files, data={"note": "by file"}, headers=players.chair.headers
    )
    assert response.status_code == 201, response.text
    assert export(client, players, doc, 1) == first.encode("utf-8")
    call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.chair, {"note": "same text"}, status=201)
    assert export(client, players, doc, 2) == first.encode("utf-8")


def test_a_delegate_may_not_import_a_next_version_and_a_bad_text_stores_nothing(
    client: TestClient, players: Players
) -> None:
    doc = import_paris(client, players)["id"]
    body = {"note": "", "text": rev1(corpus_text(PARIS))}
    call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.usa, body, status=403)
    call(client, "POST", f"/api/v1/documents/{doc}/revisions/preview", players.usa, body, status=403)
    refused = call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.chair, {"text": "  \n"}, status=422)
    assert "text" in refused["detail"]
    deep = "Parties " + "[" * 60 + "x" + "]" * 60 + "\n"
    refused = call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.chair, {"text": deep}, status=422)
    assert "line 1" in refused["detail"]
    listed = call(client, "GET", f"/api/v1/documents/{doc}/revisions", players.observer)
    assert [r["number"] for r in listed] == [0]
    assert export(client, players, doc, 0) == corpus_text(PARIS).encode("utf-8")


def test_the_geneva_text_with_sections_moved(client: TestClient, players: Players) -> None:
    text = corpus_text(GENEVA)
    body = {"title": "Geneva negotiating text", "text": text}
    doc = call(client, "POST", "/api/v1/documents", players.secretariat, body, status=201)["id"]
    chunks = Chunks(text)
    section = chunks.items[30:45]
    del chunks.items[30:45]
    chunks.items[100:100] = section
    moved = chunks.text()
    preview = call(client, "POST", f"/api/v1/documents/{doc}/revisions/preview", players.chair, {"text": moved})
    assert kinds(preview) == {"edited": 0, "moved": 15, "split": 0, "merged": 0, "added": 0, "deleted": 0}
    assert all(s["fate"] == "kept" for s in preview["sets"])
    call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.chair, {"text": moved}, status=201)
    assert export(client, players, doc, 1) == moved.encode("utf-8")
    redline = call(client, "GET", f"/api/v1/documents/{doc}/redline?from=0&to=1", players.observer)
    assert redline["summary"]["structure"] == {"moved": 15, "split": 0, "merged": 0, "added": 0, "deleted": 0}


def test_the_command_line_previews_then_issues_a_next_version(
    client: TestClient, players: Players, settings: Settings, tmp_path: Path
) -> None:
    doc = import_paris(client, players)["id"]
    source = tmp_path / "rev1.md"
    first = rev1(corpus_text(PARIS))
    source.write_bytes(first.encode("utf-8"))
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CROCHETS_")}
    environment["CROCHETS_DATA_DIR"] = str(settings.data_dir)
    environment["CROCHETS_DATABASE_URL"] = str(settings.database_url)
    command = [sys.executable, "-m", "app.cli", "revise", str(doc), str(source), "--note", "overnight"]
    previewed = subprocess.run([*command, "--preview"], capture_output=True, env=environment, cwd=ROOT, timeout=120)
    assert previewed.returncode == 0, previewed.stderr
    assert b"1 moved, 1 split, 1 merged, 1 added, 1 deleted" in previewed.stdout, previewed.stdout
    split = [line for line in previewed.stdout.decode().splitlines() if line.startswith("  split")]
    assert len(split) == 1 and re.search(r"¶ → §\d+, §\d+: Parties shall \[track progress", split[0]), split
    assert [r["number"] for r in call(client, "GET", f"/api/v1/documents/{doc}/revisions", players.observer)] == [0]
    issued = subprocess.run(command, capture_output=True, env=environment, cwd=ROOT, timeout=120)
    assert issued.returncode == 0, issued.stderr
    assert b"issued Rev.1" in issued.stdout
    assert export(client, players, doc, 1) == first.encode("utf-8")
    refused = subprocess.run([*command[:4], "999", str(source)], capture_output=True, env=environment, cwd=ROOT)
    assert refused.returncode == 2 and b"999" in refused.stderr, refused.stderr


def test_a_word_file_as_the_next_version_of_a_word_import(client: TestClient, players: Players) -> None:
    data = corpus_file("unfccc-art6-2-draft-decision-2024-11-14.docx").read_bytes()
    files = {"file": ("art62.docx", data, "application/octet-stream")}
    imported = client.post(
        "/api/v1/documents/import-docx", files=files, data={"title": "Art 6.2"}, headers=players.secretariat.headers
    )
    assert imported.status_code == 201, imported.text
    doc = imported.json()["id"]
    as_imported = export(client, players, doc, 0)
    response = client.post(
        f"/api/v1/documents/{doc}/revisions", files=files, data={"note": "same file"}, headers=players.chair.headers
    )
    assert response.status_code == 201, response.text
    assert export(client, players, doc, 1) == as_imported
    refused = client.post(
        f"/api/v1/documents/{doc}/revisions",
        files={"file": ("next.txt", b"\xff\xfe bad bytes", "text/plain")},
        headers=players.chair.headers,
    )
    assert refused.status_code == 422 and "UTF-8" in refused.json()["detail"], refused.text


def test_the_revision_event_names_its_number_and_the_structural_changes(client: TestClient, players: Players) -> None:
    doc = import_paris(client, players)["id"]
    call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.chair,
         {"text": rev1(corpus_text(PARIS))}, status=201)  # fmt: skip
    history = call(client, "GET", f"/api/v1/documents/{doc}/history", players.observer)
    actions = [entry["action"] for entry in history]
    for action in ("revision_moved", "revision_split", "revision_merged", "revision_added", "revision_deleted"):
        assert actions.count(action) == 1, (action, actions)
    assert actions.count("set_dropped") == 1 and actions.count("resolved") == 1
    revision = next(entry for entry in history if entry["action"] == "revision")
    assert revision["summary"].endswith("issued Rev.1")


def test_a_kept_set_takes_the_next_versions_order_and_spacing_of_its_alternatives(
    client: TestClient, players: Players
) -> None:
    text = "1.\tParties [shall][should] act [now].\n2.\tAnother paragraph about [something][nothing].\n"
    body = {"title": "Small", "text": text}
    document = call(client, "POST", "/api/v1/documents", players.secretariat, body, status=201)
    doc = document["id"]
    should = alternative_with(paragraph_with(document, "Parties"), "should")
    call(client, "PUT", f"/api/v1/alternatives/{should['id']}/position", players.usa, {"stance": "supports"})
    versions = [
        "1.\tParties [may] [should][shall] act now.\n2.\tAnother paragraph about [something][nothing].\n",
        "2.\tAnother paragraph about [nothing] [something].\n1.\tParties [should] act now.\n",
    ]
    for number, version in enumerate(versions, start=1):
        call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.chair, {"text": version}, status=201)
        assert export(client, players, doc, number) == version.encode("utf-8")
        live = call(client, "GET", f"/api/v1/documents/{doc}", players.observer)
        kept = alternative_with(paragraph_with(live, "Parties"), "should")
        assert kept["id"] == should["id"] and kept["supporters"] == ["USA"]
    usa = [(i["text"], i["fate"]) for i in report(client, players, doc, "USA", "0", "2")]
    assert usa == [("should", "open")]


def test_the_rows_behind_an_imported_revision(app: FastAPI, client: TestClient, players: Players) -> None:
    document = import_paris(client, players)
    doc = document["id"]
    split = paragraph_with(document, "Parties shall [track progress towards]")
    first = paragraph_with(document, "Implementation of adaptation actions, undertakings")
    second = paragraph_with(document, "The process to formulate and implement national adaptation plans")
    deleted = paragraph_with(document, "Encourages United Nations specialized organizations")
    shall = alternative_with(paragraph_with(document, "Each Party’s successive ###"), "shall")
    optional = next(
        r for r in paragraph_with(document, "A Party may at any time")["content"] if r["type"] == "bracket_set"
    )
    call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.chair,
         {"text": rev1(corpus_text(PARIS))}, status=201)  # fmt: skip
    with Session(app.state.engine) as session:
        parts = session.exec(select(Paragraph).where(Paragraph.derived_from_id == split["id"])).all()
        assert [p.text.strip()[:2] for p in parts] == ["In"] and parts[0].retired_at is None
        merged = session.get(Paragraph, second["id"])
        assert merged is not None and merged.retired_at is not None and merged.merged_into_id == first["id"]
        gone = session.get(Paragraph, deleted["id"])
        assert gone is not None and gone.retired_at is not None and gone.merged_into_id is None
        sets = {row.id: row for row in session.exec(select(BracketSetRow).where(BracketSetRow.document_id == doc))}
        ended = {row.id: (row.state, row.ended_in_revision) for row in sets.values() if row.ended_in_revision}
        assert ended[optional["id"]] == (SetState.dropped, 1)
        resolved = next(row for row in sets.values() if row.resolution_alternative_id == shall["id"])
        assert (resolved.state, resolved.ended_in_revision) == (SetState.resolved, 1)
        assert len(ended) == 2


def test_the_page_refuses_a_preview_overtaken_by_another_revision(client: TestClient, players: Players) -> None:
    doc = import_paris(client, players)["id"]
    token = sign_in(client, players.secretariat.username)
    headers = {"X-CSRF-Token": token}
    form = {"text": rev1(corpus_text(PARIS)), "note": "overnight"}
    previewed = client.post(f"/documents/{doc}/revise/preview", data=form, headers=headers)
    assert previewed.status_code == 200, previewed.text
    assert "Issue it as Rev.1" in previewed.text and 'class="badge align-split"' in previewed.text
    payload = re.search(r'name="payload" value="([^"]+)"', previewed.text)
    assert payload is not None
    call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.chair, {"note": "meanwhile"}, status=201)
    confirm = {"payload": payload.group(1), "note": "overnight", "format": "text", "number": "1"}
    refused = client.post(f"/documents/{doc}/revise", data=confirm, headers=headers, follow_redirects=False)
    assert refused.status_code == 409 and "Rev.1 was issued after this preview" in refused.text
    confirm["number"] = "2"
    issued = client.post(f"/documents/{doc}/revise", data=confirm, headers=headers, follow_redirects=False)
    assert issued.status_code == 303 and issued.headers["location"] == f"/documents/{doc}/redline?from=1&to=2"
    assert export(client, players, doc, 2) == rev1(corpus_text(PARIS)).encode("utf-8")
    empty = client.post(f"/documents/{doc}/revise/preview", data={"text": " "}, headers=headers)
    assert empty.status_code == 422 and "text: give the next version" in empty.text


def test_a_backup_after_an_imported_revision_restores(client: TestClient, players: Players) -> None:
    doc = import_paris(client, players)["id"]
    first = rev1(corpus_text(PARIS))
    call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.chair, {"text": first}, status=201)
    backup = client.get(f"/api/v1/documents/{doc}/export?format=json", headers=players.secretariat.headers)
    assert backup.status_code == 200, backup.text
    restored = call(client, "POST", "/api/v1/documents/restore", players.secretariat, backup.json(), status=201)
    assert export(client, players, restored["id"], 1) == first.encode("utf-8")
    live = client.get(f"/api/v1/documents/{restored['id']}/export?format=bracketed", headers=players.observer.headers)
    assert live.content == first.encode("utf-8")


OPTIONS = (
    "Title\nOp1 Decides to act;\nOption 1: below 2 °C [above pre-industrial levels],\n"
    "Option 2: well below 1.5 °C,\nOption 3: No text\nOp2 Invites Parties.\n"
)


def marks(client: TestClient, players: Players, doc: int) -> list[tuple[str, int, list[str]]]:
    document = call(client, "GET", f"/api/v1/documents/{doc}", players.observer)
    return [(p["text"], m["bracket_set_id"], m["supporters"]) for p in document["paragraphs"] for m in p["blocks"]]


def test_sets_over_whole_paragraphs_across_imported_revisions(client: TestClient, players: Players) -> None:
    body = {"title": "Options", "text": OPTIONS}
    doc = call(client, "POST", "/api/v1/documents", players.secretariat, body, status=201)["id"]
    before = marks(client, players, doc)
    assert len(before) == 3 and len({set_id for _text, set_id, _s in before}) == 1
    second = call(client, "GET", f"/api/v1/documents/{doc}", players.observer)["paragraphs"][3]["blocks"][0]
    call(
        client, "PUT", f"/api/v1/alternatives/{second['alternative_id']}/position", players.usa, {"stance": "supports"}
    )
    versions = [
        OPTIONS.replace("Op2 Invites Parties.\n", "Op2 Invites Parties.\nOp3 Requests the secretariat.\n"),
        "Title\nOp1 Decides to act;\nwell below 1.5 °C,\nOp2 Invites Parties.\nOp3 Requests the secretariat.\n",
        "Title\nOption 1: Op1 Decides to act;\nOption 2: Op1 Decides not to act;\nOp2 Invites Parties.\n",
    ]
    call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.chair, {"text": versions[0]}, status=201)
    assert marks(client, players, doc) == [(t, s, ["USA"] if "1.5" in t else []) for t, s, _ in before]
    preview = call(client, "POST", f"/api/v1/documents/{doc}/revisions/preview", players.chair, {"text": versions[1]})
    assert (preview["counts"]["block_sets_kept"], preview["counts"]["block_sets_dropped"]) == (0, 1)
    call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.chair, {"text": versions[1]}, status=201)
    assert marks(client, players, doc) == []
    usa = [(i["fate"], i["ended_by"]) for i in report(client, players, doc, "USA", "0", "2")]
    assert usa == [("dropped", "dropped in Rev.2")]
    call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.chair, {"text": versions[2]}, status=201)
    assert len(marks(client, players, doc)) == 2
    for number, version in enumerate(versions, start=1):
        assert export(client, players, doc, number) == version.encode("utf-8")


def test_merged_paragraphs_whose_sets_are_kept_resolved_and_dropped(client: TestClient, players: Players) -> None:
    text = (
        "1.\tParties [shall][should] report on their contributions every five years to the secretariat.\n"
        "2.\tThe reports [may][must] include information on adaptation [and finance] in a common format.\n"
        "3.\tThe CMA shall review the reports.\n"
    )
    body = {"title": "Merge", "text": text}
    document = call(client, "POST", "/api/v1/documents", players.secretariat, body, status=201)
    doc = document["id"]
    merged = (
        "1.\tParties [shall][should] report on their contributions every five years to the secretariat; "
        "the reports must include information on adaptation in a common format.\n"
        "2.\tThe CMA shall review the reports.\n"
    )
    preview = call(client, "POST", f"/api/v1/documents/{doc}/revisions/preview", players.chair, {"text": merged})
    assert kinds(preview)["merged"] == 1
    assert sorted(s["fate"] for s in preview["sets"]) == ["dropped", "kept", "resolved"]
    call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.chair, {"text": merged}, status=201)
    assert export(client, players, doc, 1) == merged.encode("utf-8")
    after = call(client, "GET", f"/api/v1/documents/{doc}", players.observer)
    assert [p["id"] for p in after["paragraphs"]] == [document["paragraphs"][0]["id"], document["paragraphs"][2]["id"]]
