"""A restore checks the backup as an import is checked: a forged or inconsistent one is refused whole, with why."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.cast import Cast
from tests.conftest import corpus_file
from tests.inputs.conftest import import_document

Backup = dict[str, Any]
RESTORE = "/api/v1/documents/restore"


def negotiated(client: TestClient, cast: Cast) -> Backup:
    """A small negotiated document's backup: an amendment, positions, a resolution, a revision."""
    document = import_document(client, cast, "Title [...]\nDecides [to adopt] [to note] the [draft] text.\n")
    paragraph = document["paragraphs"][1]
    body = {"text": paragraph["text"].replace("the [draft] text", "the [draft] final text"), "base_version": 1}
    assert client.post(f"/api/v1/paragraphs/{paragraph['id']}/amendments", json=body, headers=cast.che.headers)
    first = paragraph["content"][1]
    url = f"/api/v1/alternatives/{first['alternatives'][0]['id']}/position"
    assert client.put(url, json={"stance": "supports"}, headers=cast.usa.headers).is_success
    choice = {"alternative_id": first["alternatives"][1]["id"]}
    assert client.post(f"/api/v1/bracket-sets/{first['id']}/resolution", json=choice, headers=cast.chair.headers)
    assert client.post(f"/api/v1/documents/{document['id']}/revisions", json={}, headers=cast.chair.headers)
    return exported(client, cast, document["id"])


def exported(client: TestClient, cast: Cast, document_id: int) -> Backup:
    response = client.get(f"/api/v1/documents/{document_id}/export?format=json", headers=cast.bra.headers)
    assert response.status_code == 200, response.text
    data: Backup = response.json()
    return data


def forge(backup: Backup, change: Callable[[Backup], Any]) -> Backup:
    forged = copy.deepcopy(backup)
    change(forged)
    return forged


def row(backup: Backup, table: str, **match: Any) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in backup[table] if all(r.get(k) == v for k, v in match.items()))
    return found


def nest_sixty(backup: Backup) -> None:
    """Sixty new sets, each alone in an alternative of the one before, hung from the first paragraph's text."""
    top = max(r["id"] for r in backup["bracket_sets"])
    alternative = max(r["id"] for r in backup["alternatives"])
    paragraph = backup["paragraphs"][0]
    template_set, template_alternative = backup["bracket_sets"][0], backup["alternatives"][0]
    for n in range(1, 61):
        fields = {"id": top + n, "paragraph": paragraph["id"], "state": "open", "resolution_alternative": None}
        backup["bracket_sets"].append(template_set | fields)
        inner = [{"s": top + n + 1}] if n < 60 else [{"t": "x"}]
        backup["alternatives"].append(
            template_alternative | {"id": alternative + n, "bracket_set": top + n, "content": inner}
        )
    paragraph["content"] = [*paragraph["content"], {"s": top + 1}]


def set_inside_itself(backup: Backup) -> None:
    """The first set taken out of its paragraph and put in one of its own alternatives."""
    alternative = backup["alternatives"][0]
    reference = {"s": alternative["bracket_set"]}
    for paragraph in backup["paragraphs"]:
        if reference in paragraph["content"]:
            paragraph["content"].remove(reference)
    alternative["content"].append(reference)


FORGERIES: dict[str, tuple[Callable[[Backup], Any], str]] = {
    "a row points to a missing id": (
        lambda b: b["alternatives"][0].update(bracket_set=999),
        "inconsistent: alternatives[0] (id 1): bracket_set 999 is not a row of bracket_sets",
    ),
    "a position on no alternative": (
        lambda b: b["positions"][0].update(alternative=999),
        "alternative 999 is not a row of alternatives",
    ),
    "content names a missing set": (
        lambda b: b["paragraphs"][1]["content"].append({"s": 999}),
        "content names bracket_sets 999, which the backup does not have",
    ),
    "a set used twice": (
        lambda b: b["paragraphs"][0]["content"].append(b["paragraphs"][1]["content"][1]),
        "is already used by paragraphs",
    ),
    "a set inside itself": (lambda b: set_inside_itself(b), "it contains itself"),
    "sets nested sixty deep": (nest_sixty, "sets nested more than 50 deep"),
    "an unknown action": (lambda b: b["events"][1].update(action="deleted_everything"), "is not one Crochets records"),
    "events out of order": (
        lambda b: b["events"][-1].update(at="2001-01-01T00:00:00+00:00"),
        "before the event or document that precedes it",
    ),
    "an event from the future": (lambda b: b["events"][-1].update(at="2999-01-01T00:00:00+00:00"), "in the future"),
    "a time without its offset": (lambda b: b["events"][0].update(at="2024-01-01T00:00:00"), "UTC offset"),
    "an event about a missing paragraph": (
        lambda b: b["events"][1].update(paragraph=999),
        "paragraph 999 is not a row of paragraphs",
    ),
    "a label over its length": (lambda b: b["paragraphs"][0].update(label="L" * 41), "label has 41 characters"),
    "an action over its length": (lambda b: b["events"][0].update(action="x" * 41), "action has 41 characters"),
    "a version that is text": (lambda b: b["paragraphs"][0].update(version="1"), "version must be int"),
    "a boolean id": (lambda b: b["paragraphs"][0].update(id=True), "is not a new positive number"),
    "an unknown stance": (lambda b: b["positions"][0].update(stance="adores"), "stance 'adores' is not one of"),
    "a NUL in a text": (lambda b: b["alternatives"][0]["content"].append({"t": "a\x00b"}), "U+0000 NULL"),
    "a text that is not its content": (
        lambda b: (b["paragraphs"][1].update(text="Decides nothing."), b["paragraph_versions"][-1].update()),
        "its text is not its latest version's",
    ),
    "a revision that is not its snapshot": (
        lambda b: b["revisions"][-1].update(text="Something else."),
        "its text is not the text of its snapshot",
    ),
    "an unlisted delegation": (lambda b: b["positions"][0].update(delegation="XYZ"), "'XYZ' is not listed"),
    "a bidi title": (lambda b: b["document"].update(title="Draft \u202eresolution"), "U+202E"),
    "a missing table": (lambda b: b.pop("events"), "malformed: events: missing"),
    "an extra column": (lambda b: b["events"][0].update(sql="DROP TABLE"), "exactly the keys"),
}


@pytest.mark.parametrize("case", sorted(FORGERIES))
def test_a_forged_backup_is_refused_whole_with_the_reason(client: TestClient, cast: Cast, case: str) -> None:
    backup = negotiated(client, cast)
    change, reason = FORGERIES[case]
    before = client.get("/api/v1/documents", headers=cast.bra.headers).json()
    response = client.post(RESTORE, json=forge(backup, change), headers=cast.secretariat.headers)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "invalid" and reason in response.json()["detail"], response.json()["detail"]
    assert client.get("/api/v1/documents", headers=cast.bra.headers).json() == before


def test_a_paragraph_text_must_be_what_its_content_renders(client: TestClient, cast: Cast) -> None:
    backup = negotiated(client, cast)

    def change(forged: Backup) -> None:
        paragraph = forged["paragraphs"][1]
        latest = max(
            (v for v in forged["paragraph_versions"] if v["paragraph"] == paragraph["id"]), key=lambda v: v["version"]
        )
        paragraph["text"] = latest["text"] = "Decides nothing at all."

    response = client.post(RESTORE, json=forge(backup, change), headers=cast.secretariat.headers)
    assert response.status_code == 422 and "not what its content renders to" in response.json()["detail"]
    assert len(client.get("/api/v1/documents", headers=cast.bra.headers).json()) == 1


def test_too_many_rows_are_refused(client: TestClient, cast: Cast) -> None:
    backup = negotiated(client, cast)
    forged = forge(backup, lambda b: b["revisions"].extend({**b["revisions"][0], "id": 100 + n} for n in range(1001)))
    response = client.post(RESTORE, json=forged, headers=cast.secretariat.headers)
    assert response.status_code == 413 and "revisions: 1,003 rows; at most 1,000" in response.json()["detail"]


def test_unreadable_json_bodies_are_a_422_saying_why(client: TestClient, cast: Cast) -> None:
    headers = cast.secretariat.headers | {"Content-Type": "application/json"}
    bodies = [
        (b'{"deep": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "the JSON nests too deeply"),
        (b'{"format": "crochets-backup", ', "not valid JSON"),
        (b'{"title": "caf\xe9"}', "not UTF-8 (byte 0xE9 at byte offset 14)"),
    ]
    for body, said in bodies:
        response = client.post(RESTORE, content=body, headers=headers)
        assert response.status_code == 422, response.text
        assert response.json()["error"] == "invalid" and said in response.json()["detail"], response.json()


@pytest.mark.parametrize(
    "name",
    [
        "itu-council-wsis-draft-resolution.fr.txt",
        "unfccc-art6-2-draft-decision-2024-11-14.txt",
        "unfccc-geneva-negotiating-text-2015-02-12.txt",
        "paris-draft-agreement-2015-12-09.md",
        "unfccc-art6-2-draft-decision-2024-11-14.docx",
        "unfccc-art6-2-party-inputs-2024.docx",
    ],
)
def test_every_corpus_file_round_trips_through_a_backup(client: TestClient, cast: Cast, name: str) -> None:
    data = corpus_file(name).read_bytes()
    if name.endswith(".docx"):
        files = {"file": (name, data, "application/octet-stream")}
        response = client.post("/api/v1/documents/import-docx", files=files, headers=cast.secretariat.headers)
        assert response.status_code == 201, response.text
        document_id = response.json()["id"]
    else:
        document_id = import_document(client, cast, data.decode("utf-8"), name)["id"]
    first = exported(client, cast, document_id)
    restored = client.post(RESTORE, json=first, headers=cast.secretariat.headers)
    assert restored.status_code == 201, restored.text
    second = exported(client, cast, restored.json()["id"])
    event = second["events"].pop()
    assert event["action"] == "restored" and event["account"] == "sec"
    assert json.dumps(second, sort_keys=True) == json.dumps(first, sort_keys=True)
