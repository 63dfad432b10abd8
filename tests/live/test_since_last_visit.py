"""“Since my last visit”: a delegation's badge of what changed, cleared once seen."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.cast import Cast
from tests.conftest import sign_in

HTMX = {"HX-Request": "true"}


def _visit(client: TestClient, document_id: int, csrf: str) -> str:
    response = client.post(f"/documents/{document_id}/visit", headers=HTMX | {"X-CSRF-Token": csrf})
    assert response.status_code == 200, response.text
    return " ".join(response.text.split())


def test_the_badge_tells_what_changed_for_the_delegation_and_clears(
    client: TestClient, cast: Cast, document_id: int
) -> None:
    document = client.get(f"/api/v1/documents/{document_id}", headers=cast.bra.headers).json()
    csrf = sign_in(client, "bra")
    first = _visit(client, document_id, csrf)
    assert "Since your last visit" not in first  # a first visit has nothing to compare with

    # Brazil proposes wording; the United States objects to it, Brazil itself supports another set's wording.
    paragraph = next(p for p in document["paragraphs"] if "organiser d'autres réunions" in p["text"])
    edited = paragraph["text"].replace("organiser d'autres réunions", "tenir des consultations")
    proposal = client.post(
        f"/api/v1/paragraphs/{paragraph['id']}/amendments",
        json={"text": edited, "base_version": paragraph["version"]},
        headers=cast.bra.headers,
    ).json()
    ours = next(a for a in proposal["bracket_sets"][0]["alternatives"] if not a["original"])
    client.put(f"/api/v1/alternatives/{ours['id']}/position", json={"stance": "objects"}, headers=cast.usa.headers)
    competing = next(
        run
        for run in proposal["paragraph"]["content"]
        if run["type"] == "bracket_set" and run["id"] != proposal["bracket_sets"][0]["id"]
    )
    client.put(
        f"/api/v1/alternatives/{competing['alternatives'][0]['id']}/position",
        json={"stance": "supports"},
        headers=cast.bra.headers,
    )
    client.post(
        f"/api/v1/bracket-sets/{competing['id']}/resolution",
        json={"alternative_id": competing["alternatives"][0]["id"]},
        headers=cast.chair.headers,
    ).raise_for_status()
    client.post(
        f"/api/v1/documents/{document_id}/revisions", json={"note": ""}, headers=cast.chair.headers
    ).raise_for_status()

    badge = _visit(client, document_id, csrf)
    assert "Since your last visit" in badge
    assert "1 new bracket set · 1 position on your proposals · 1 resolution · Rev.1 issued" in badge

    assert "Since your last visit" not in _visit(client, document_id, csrf)  # seen: cleared
