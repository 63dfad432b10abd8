"""The seed negotiation, scripted through the API from import to the clean text of Rev.1."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.negotiation.conftest import Cast, bracket_sets, paragraph_containing, seed_text

OPEN_TO_ALL = "ouvertes à toutes les parties prenantes du SMSI"
INTERGOVERNMENTAL = (
    "qui devraient être intergouvernementales et inclure toutes les parties prenantes, selon leurs rôles respectifs"
)
INSERTION = ", et en tenant compte des modalités qui seront fixées par l'Assemblée générale"
SWISS_WORDING = "tenir des consultations régionales"


def document(client: TestClient, cast: Cast, document_id: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/documents/{document_id}", headers=cast.observer.headers)
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


def alternative(bracket_set: dict[str, Any], text: str) -> dict[str, Any]:
    return next(a for a in bracket_set["alternatives"] if a["text"] == text)


def test_bracketed_export_of_the_unchanged_import_is_the_seed(client: TestClient, cast: Cast, seed: dict) -> None:
    response = client.get(f"/api/v1/documents/{seed['id']}/export?format=bracketed", headers=cast.usa.headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.content == seed_text().encode("utf-8")
    rev0 = client.get(f"/api/v1/documents/{seed['id']}/export?format=bracketed&revision=0", headers=cast.usa.headers)
    assert rev0.content == seed_text().encode("utf-8")


def test_the_seed_negotiation_from_import_to_clean_text(client: TestClient, cast: Cast, seed: dict) -> None:
    doc_id = seed["id"]
    (paragraph, competing), (_, optional) = bracket_sets(seed)
    assert [a["text"] for a in competing["alternatives"]] == [OPEN_TO_ALL, INTERGOVERNMENTAL]
    assert [a["text"] for a in optional["alternatives"]] == [INSERTION]

    # South Africa supports the intergovernmental wording on behalf of the African Group.
    response = client.put(
        f"/api/v1/alternatives/{alternative(competing, INTERGOVERNMENTAL)['id']}/position",
        json={"stance": "supports", "on_behalf_of": "AFR"},
        headers=cast.zaf.headers,
    )
    assert response.status_code == 200, response.text
    assert alternative(response.json(), INTERGOVERNMENTAL)["supporters"] == ["AFR"]

    # Switzerland proposes other wording for "organiser d'autres réunions".
    edited = paragraph["text"].replace("organiser d'autres réunions", SWISS_WORDING)
    response = client.post(
        f"/api/v1/paragraphs/{paragraph['id']}/amendments",
        json={"text": edited, "base_version": paragraph["version"]},
        headers=cast.che.headers,
    )
    assert response.status_code == 201, response.text
    swiss_set = response.json()["bracket_sets"][0]
    assert [(a["text"], a["original"], a["sponsors"]) for a in swiss_set["alternatives"]] == [
        ("organiser d'autres réunions", True, []),
        (SWISS_WORDING, False, ["CHE"]),
    ]
    assert (
        f"pour [organiser d'autres réunions] [{SWISS_WORDING}] [{OPEN_TO_ALL}]" in response.json()["paragraph"]["text"]
    )

    # The United States objects to the Swiss wording.
    swiss = alternative(swiss_set, SWISS_WORDING)
    response = client.put(
        f"/api/v1/alternatives/{swiss['id']}/position", json={"stance": "objects"}, headers=cast.usa.headers
    )
    assert response.status_code == 200, response.text
    assert alternative(response.json(), SWISS_WORDING)["objectors"] == ["USA"]

    # The chair resolves every set, fills the placeholder and issues Rev.1.
    chair = cast.chair.headers
    resolutions = [
        (competing["id"], {"alternative_id": alternative(competing, INTERGOVERNMENTAL)["id"]}),
        (optional["id"], {"text": ""}),
        (swiss_set["id"], {"alternative_id": swiss["id"]}),
    ]
    for set_id, body in resolutions:
        response = client.post(f"/api/v1/bracket-sets/{set_id}/resolution", json=body, headers=chair)
        assert response.status_code == 200, response.text
        assert response.json()["bracket_set"]["state"] == "resolved"
    title = paragraph_containing(seed, "projet de nouvelle résolution [...]")
    placeholder = next(run for run in title["content"] if run["type"] == "placeholder")
    response = client.post(f"/api/v1/placeholders/{placeholder['id']}/value", json={"text": "1340"}, headers=chair)
    assert response.status_code == 200, response.text
    response = client.post(f"/api/v1/documents/{doc_id}/revisions", json={"note": "after informals"}, headers=chair)
    assert response.status_code == 201, response.text
    assert response.json()["number"] == 1

    expected = (
        seed_text()
        .replace("projet de nouvelle résolution [...]", "projet de nouvelle résolution 1340")
        .replace(
            f"organiser d'autres réunions [{OPEN_TO_ALL}] [{INTERGOVERNMENTAL}]",
            f"{SWISS_WORDING} {INTERGOVERNMENTAL}",
        )
        .replace(f"[{INSERTION}]", "")
    )
    # The Word footnote reads as in print: a superscript number, its note after the text.
    start = expected.index(" [1: ")
    end = expected.index("]", start)
    note = expected[start + len(" [1: ") : end]
    body = expected[:start].replace("[footnoteRef:1]", "¹") + expected[end + 1 :]
    expected = body + ("" if body.endswith("\n") else "\n") + f"\n1. {note.strip()}\n"
    for query in ("format=clean", "format=clean&revision=1"):
        response = client.get(f"/api/v1/documents/{doc_id}/export?{query}", headers=cast.bra.headers)
        assert response.status_code == 200, response.text
        assert response.content == expected.encode("utf-8")
    assert document(client, cast, doc_id)["last_revision"] == 1

    # The history tells each step, with delegation and time, in order.
    history = client.get(f"/api/v1/documents/{doc_id}/history", headers=cast.observer.headers).json()
    steps = [(entry["action"], entry["delegation"]) for entry in history]
    assert steps == [
        ("imported", "SEC"),
        ("position_supports", "AFR"),
        ("set_proposed", "CHE"),
        ("position_objects", "USA"),
        ("resolved", "CHAIR"),
        ("resolved", "CHAIR"),
        ("resolved", "CHAIR"),
        ("placeholder_filled", "CHAIR"),
        ("revision", "CHAIR"),
    ]
    assert all(entry["at"] for entry in history)
    assert [entry["username"] for entry in history][:4] == ["sec", "zaf", "che", "usa"]
    set_history = client.get(f"/api/v1/bracket-sets/{swiss_set['id']}/history", headers=chair).json()
    assert set_history["state"] == "resolved"
    assert [e["action"] for e in set_history["history"]] == ["set_proposed", "position_objects", "resolved"]


def test_clean_export_lists_what_is_still_open(client: TestClient, cast: Cast, seed: dict) -> None:
    response = client.get(f"/api/v1/documents/{seed['id']}/export?format=clean", headers=cast.bra.headers)
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "conflict"
    assert "2 open bracket sets and 1 unfilled placeholders" in body["detail"]
    assert [item["id"] for item in body["open_bracket_sets"]] == [s["id"] for _, s in bracket_sets(seed)]
    assert body["placeholders"][0]["line"] == 21
    kept = client.get(f"/api/v1/documents/{seed['id']}/export?format=clean&unresolved=keep", headers=cast.bra.headers)
    assert kept.content == seed_text().encode("utf-8")
