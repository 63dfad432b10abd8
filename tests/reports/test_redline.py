"""Redlines between revisions of real drafts, edited through the API: exactly the edits made, attributed."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from app.domain.redline import Step, redline, side_by_side
from tests.reports.conftest import ART62, Players, call, corpus_text, import_text, top_sets
from tests.reports.scenario import (
    BRAZIL_WORDING,
    INSERTION,
    INTERGOVERNMENTAL,
    OPEN_TO_ALL,
    SWISS_WORDING,
    play_seed,
)


def get_redline(client: TestClient, players: Players, document_id: int, query: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/documents/{document_id}/redline?{query}", headers=players.observer.headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def texts(paragraph: dict[str, Any]) -> tuple[str, str]:
    """The old and the new text a paragraph's ops spell out."""
    before = "".join(op["text"] for op in paragraph["ops"] if op["kind"] != "insert")
    after = "".join(op["text"] for op in paragraph["ops"] if op["kind"] != "delete")
    return before, after


def changed_runs(paragraph: dict[str, Any], kind: str) -> list[tuple[str, str | None]]:
    return [(op["text"], op["by"]) for op in paragraph["ops"] if op["kind"] == kind]


def snapshot_texts(client: TestClient, players: Players, document_id: int, revision: int) -> str:
    response = client.get(
        f"/api/v1/documents/{document_id}/export?format=bracketed&revision={revision}", headers=players.observer.headers
    )
    return response.text


def test_seed_redlines_tell_each_revision_s_edits_with_their_authors(client: TestClient, players: Players) -> None:
    played = play_seed(client, players)
    doc = played.document_id

    first = get_redline(client, players, doc, "from=0&to=1")
    changed = [p for p in first["paragraphs"] if p["changed"]]
    assert [p["id"] for p in changed] == [played.paragraph_id]
    paragraph = changed[0]
    assert changed_runs(paragraph, "delete") == []
    inserted = "".join(text for text, _ in changed_runs(paragraph, "insert"))
    assert inserted == f"[] [{SWISS_WORDING}] [{BRAZIL_WORDING}]"
    assert {by for _, by in changed_runs(paragraph, "insert") if SWISS_WORDING in _} == {"CHE"}
    assert changed_runs(paragraph, "insert")[-1] == (f" [{BRAZIL_WORDING}]", "BRA")
    assert [(c["kind"], c["by"]) for c in paragraph["bracket_changes"]] == [
        ("set_added", "CHE"),
        ("alternative_added", "BRA"),
    ]
    proposed = paragraph["bracket_changes"][0]
    assert [(a["text"], a["original"], a["sponsor"]) for a in proposed["alternatives"]] == [
        ("organiser d'autres réunions", True, None),
        (SWISS_WORDING, False, "CHE"),
    ]
    added = paragraph["bracket_changes"][1]["summary"]
    # Named as the room reads it (the paragraph's reference and the set's number), never by a database id.
    assert re.fullmatch(rf"BRA added the alternative \[{re.escape(BRAZIL_WORDING)}\] to .+, set 1", added), added
    assert first["summary"]["bracket_changes"] == {"alternative_added": 1, "set_added": 1}
    rev0, rev1 = snapshot_texts(client, players, doc, 0), snapshot_texts(client, players, doc, 1)
    before, after = texts(paragraph)
    assert before in rev0 and after in rev1 and before != after

    second = get_redline(client, players, doc, "from=1&to=2")
    changed = {p["id"]: p for p in second["paragraphs"] if p["changed"]}
    assert set(changed) == {played.paragraph_id, played.title_paragraph_id}
    title = changed[played.title_paragraph_id]
    assert changed_runs(title, "delete") == [("[...]", "Chair")] and changed_runs(title, "insert") == [
        ("1340", "Chair")
    ]
    body = changed[played.paragraph_id]
    deleted = "".join(text for text, _ in changed_runs(body, "delete"))
    for gone in (f"[{OPEN_TO_ALL}]", f"[{INSERTION}]", "[organiser d'autres réunions]"):
        assert gone in deleted
    assert (f" [{BRAZIL_WORDING}]", "BRA") in changed_runs(body, "delete")
    assert {by for _, by in changed_runs(body, "delete") + changed_runs(body, "insert")} == {"Chair", "BRA"}
    assert INTERGOVERNMENTAL in texts(body)[1] and f"[{INTERGOVERNMENTAL}]" not in texts(body)[1]
    kinds = [(c["kind"], c["by"]) for c in body["bracket_changes"]]
    assert kinds == [("alternative_withdrawn", "BRA")] + [("set_resolved", "Chair")] * 3
    resolutions = [(c["with"], c["text"]) for c in body["bracket_changes"][1:]]
    assert resolutions == [("alternative", INTERGOVERNMENTAL), ("compromise", ""), ("alternative", SWISS_WORDING)]
    named = [c["summary"] for c in body["bracket_changes"][1:]]
    assert all(re.match(r"the chair resolved .+, set \d with ", s) for s in named), named
    assert [c["kind"] for c in title["bracket_changes"]] == ["placeholder_filled"]
    assert "'1340'" in title["bracket_changes"][0]["summary"]
    assert second["summary"]["open_bracket_sets"] == {"from": 2, "to": 0}


def test_redline_is_deterministic_and_live_is_a_version(client: TestClient, players: Players) -> None:
    played = play_seed(client, players)
    one = get_redline(client, players, played.document_id, "from=0&to=live")
    two = get_redline(client, players, played.document_id, "from=0&to=live")
    assert one == two
    assert one == get_redline(client, players, played.document_id, "from=0&to=2") | {"to": "live"} | {
        "summary": one["summary"]
    }
    same = get_redline(client, players, played.document_id, "from=2&to=2")
    assert not any(p["changed"] or p["bracket_changes"] for p in same["paragraphs"])


def test_redline_refuses_what_it_cannot_compare(client: TestClient, players: Players) -> None:
    played = play_seed(client, players)
    base = f"/api/v1/documents/{played.document_id}/redline"
    headers = players.observer.headers
    assert client.get(f"{base}?from=2&to=1", headers=headers).status_code == 422
    assert client.get(f"{base}?from=live&to=1", headers=headers).status_code == 422
    assert client.get(f"{base}?from=abc&to=1", headers=headers).json()["error"] == "invalid"
    assert client.get(f"{base}?from=0&to=9", headers=headers).status_code == 404
    assert client.get("/api/v1/documents/999/redline", headers=headers).status_code == 404
    assert client.get(base).status_code == 401


def test_art62_redline_tells_an_amendment_a_nested_resolution_and_an_emptied_paragraph(
    client: TestClient, players: Players
) -> None:
    document = import_text(client, players, ART62, "Art 6.2 draft decision")
    doc = document["id"]
    paragraphs = document["paragraphs"]
    # The United States changes "voluntary" in a paragraph without brackets.
    plain = next(p for p in paragraphs if " voluntary " in p["text"] and "[" not in p["text"])
    edited = plain["text"].replace(" voluntary ", " voluntary and transparent ", 1)
    call(client, "POST", f"/api/v1/paragraphs/{plain['id']}/amendments", players.usa,
         {"text": edited, "base_version": plain["version"]}, status=201)  # fmt: skip
    # The chair resolves the first set of "[shall][should]" with "shall".
    paragraph, contested = next(
        (p, s) for p, s in top_sets(document) if [a["text"] for a in s["alternatives"]][:2] == ["shall", "should"]
    )
    shall = contested["alternatives"][0]["id"]
    call(client, "POST", f"/api/v1/bracket-sets/{contested['id']}/resolution", players.chair, {"alternative_id": shall})
    # The chair empties a paragraph with chair's text.
    emptied = next(
        p
        for p in paragraphs
        if p["text"].strip() and p["id"] not in (plain["id"], paragraph["id"]) and "[" in p["text"]
    )
    call(
        client,
        "PUT",
        f"/api/v1/paragraphs/{emptied['id']}/text",
        players.chair,
        {"text": "", "base_version": emptied["version"]},
    )
    call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.chair, {"note": "Rev.1"}, status=201)

    result = get_redline(client, players, doc, "from=0&to=1")
    changed = {p["id"]: p for p in result["paragraphs"] if p["changed"]}
    assert set(changed) == {plain["id"], paragraph["id"], emptied["id"]}
    amended = changed[plain["id"]]
    assert changed_runs(amended, "insert") == [("[and transparent] ", "USA")]
    assert changed_runs(amended, "delete") == []
    assert texts(amended) == (plain["text"], edited.replace("and transparent ", "[and transparent] ", 1))
    resolved = changed[paragraph["id"]]
    assert "".join(t for t, _ in changed_runs(resolved, "delete")).replace(" ", "") in ("[][should]", "[shall][should]")
    assert {by for _, by in changed_runs(resolved, "delete")} == {"Chair"}
    assert [c["kind"] for c in resolved["bracket_changes"]] == ["set_resolved"]
    gone = changed[emptied["id"]]
    assert texts(gone) == (emptied["text"], "")
    assert {by for _, by in changed_runs(gone, "delete")} == {"Chair"}
    assert [c["kind"] for c in gone["bracket_changes"]] == ["chair_text"]
    assert corpus_text(ART62).startswith("\ufeff")


def test_domain_redline_attributes_steps_and_diffs_cjk_by_character() -> None:
    steps = [Step("a b c d", "a X c d"), Step("a X c d", "a X c d Y")]
    ops = redline("a b c d", "a X c d Y", steps)
    assert [(op.kind, op.text, op.step) for op in ops] == [
        ("equal", "a ", None),
        ("delete", "b", 0),
        ("insert", "X", 0),
        ("equal", " c d", None),
        ("insert", " Y", 1),
    ]
    cjk = redline("各国代表团同意该决议", "各国代表团反对该决议")
    assert [(op.kind, op.text) for op in cjk] == [
        ("equal", "各国代表团"),
        ("delete", "同意"),
        ("insert", "反对"),
        ("equal", "该决议"),
    ]
    columns = side_by_side(ops)
    assert "".join(op.text for op in columns.before) == "a b c d"
    assert "".join(op.text for op in columns.after) == "a X c d Y"
    assert redline("same", "same") == redline("same", "same", steps)
