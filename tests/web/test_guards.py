"""The chair's guards on the page: an empty compromise is asked about, agreed is refused while anything is open."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.cast import Cast
from tests.conftest import sign_in
from tests.web.test_fragments import HTMX, first_set_and_alternative


def set_home(client: TestClient, cast: Cast, document_id: int, set_id: int) -> int | None:
    """The paragraph where the set stands open, or None once it is gone from the live text."""
    document = client.get(f"/api/v1/documents/{document_id}", headers=cast.observer.headers).json()
    for paragraph in document["paragraphs"]:
        if any(run["type"] == "bracket_set" and run["id"] == set_id for run in paragraph["content"]):
            return int(paragraph["id"])
    return None


def test_an_empty_compromise_is_asked_about_before_it_deletes_the_passage(
    client: TestClient, cast: Cast, document_id: int
) -> None:
    csrf = sign_in(client, "chair")
    set_id, _ = first_set_and_alternative(client, cast, document_id)
    headers = HTMX | {"X-CSRF-Token": csrf}
    asked = client.post(f"/bracket-sets/{set_id}/resolve", data={"compromise": "1", "text": "  "}, headers=headers)
    assert asked.status_code == 200
    assert "with no text?" in asked.text and 'name="confirm_empty" value="yes"' in asked.text
    assert "No, keep it" in asked.text
    assert set_home(client, cast, document_id, set_id) is not None, "asking changes nothing"
    done = client.post(
        f"/bracket-sets/{set_id}/resolve", data={"compromise": "1", "text": "", "confirm_empty": "yes"}, headers=headers
    )
    assert done.status_code == 200
    assert "Resolved with no text (the passage was deleted)." in done.text
    assert set_home(client, cast, document_id, set_id) is None


def test_the_panel_names_the_set_as_people_do(client: TestClient, cast: Cast, document_id: int) -> None:
    csrf = sign_in(client, "chair")
    set_id, alternative_id = first_set_and_alternative(client, cast, document_id)
    panel = client.get(f"/documents/{document_id}/bracket-sets/{set_id}", headers=HTMX).text
    assert "the paragraph “à saisir l&#39;occasion" in panel and ", set 1</span>" in panel
    assert f"Bracket set {set_id}" not in panel
    headers = HTMX | {"X-CSRF-Token": csrf}
    resolved = client.post(f"/bracket-sets/{set_id}/resolve", data={"alternative_id": alternative_id}, headers=headers)
    assert "Resolved with the alternative “ouvertes à toutes les parties prenantes du SMSI”." in resolved.text


def test_agreed_is_refused_on_the_page_naming_what_is_open(client: TestClient, cast: Cast, document_id: int) -> None:
    csrf = sign_in(client, "chair")
    set_id, _ = first_set_and_alternative(client, cast, document_id)
    paragraph_id = set_home(client, cast, document_id, set_id)
    refused = client.post(
        f"/paragraphs/{paragraph_id}/status", data={"status": "ad_ref"}, headers=HTMX | {"X-CSRF-Token": csrf}
    )
    assert refused.status_code == 409
    assert "cannot be marked agreed ad ref: set 1, set 2 are still open" in refused.text


def test_a_wording_that_differs_only_in_typography_is_asked_about(
    client: TestClient, cast: Cast, document_id: int
) -> None:
    csrf = sign_in(client, "bra")
    set_id, _ = first_set_and_alternative(client, cast, document_id)
    headers = HTMX | {"X-CSRF-Token": csrf}
    twin = "Ouvertes\u00a0à toutes les parties prenantes  du SMSI"
    asked = client.post(f"/bracket-sets/{set_id}/alternatives", data={"text": twin}, headers=headers)
    assert asked.status_code == 200
    assert "Not proposed yet: the wording" in asked.text and "only in typography" in asked.text
    assert f">{twin}</textarea>" in asked.text, "the typed wording is kept in the form"
    assert 'name="accept_typography" value="yes"' in asked.text
    document = client.get(f"/api/v1/documents/{document_id}", headers=cast.observer.headers).json()
    assert twin not in str(document)
    accepted = client.post(
        f"/bracket-sets/{set_id}/alternatives", data={"text": twin, "accept_typography": "yes"}, headers=headers
    )
    assert accepted.status_code == 200 and twin in accepted.text


def test_the_api_refuses_a_typographic_twin_unless_accepted(client: TestClient, cast: Cast, document_id: int) -> None:
    document = client.get(f"/api/v1/documents/{document_id}", headers=cast.observer.headers).json()
    paragraph = next(p for p in document["paragraphs"] if "ci-dessus" in p["text"] or "débats des séances" in p["text"])
    text = paragraph["text"].replace("débats des séances", "débats des séances (ci‑dessus)")
    url = f"/api/v1/paragraphs/{paragraph['id']}/amendments"
    body = {"text": text, "base_version": paragraph["version"]}
    assert client.post(url, json=body, headers=cast.bra.headers).status_code == 201
    after = client.get(f"/api/v1/documents/{document_id}", headers=cast.observer.headers).json()
    paragraph = next(p for p in after["paragraphs"] if p["id"] == paragraph["id"])
    retyped = paragraph["text"].replace("ci‑dessus", "ci-dessus")
    body = {"text": retyped, "base_version": paragraph["version"]}
    refused = client.post(url, json=body, headers=cast.che.headers)
    assert refused.status_code == 409, refused.text
    assert refused.json()["typography"] == [{"proposed": "ci-dessus", "existing": "ci‑dessus"}]
    assert client.post(url, json=body | {"accept_typography": True}, headers=cast.che.headers).status_code == 201


def test_issuing_a_revision_shows_what_it_changed_and_its_note_stays_visible(
    client: TestClient, cast: Cast, document_id: int
) -> None:
    csrf = sign_in(client, "chair")
    set_id, alternative_id = first_set_and_alternative(client, cast, document_id)
    headers = HTMX | {"X-CSRF-Token": csrf}
    client.post(f"/bracket-sets/{set_id}/resolve", data={"alternative_id": alternative_id}, headers=headers)
    note = "after informals on <OP2>"
    issued = client.post(f"/documents/{document_id}/revisions", data={"note": note}, headers=headers)
    assert issued.status_code == 200
    text = " ".join(issued.text.split())
    assert "Rev.1 issued.</strong> Since Rev.0: 0 bracket sets opened, 1 resolved, 1 of" in text
    assert "1 bracket set still open." in text
    assert "Note: after informals on &lt;OP2&gt;" in text
    assert f'href="/documents/{document_id}/redline?from=0&amp;to=1"' in text
    redline = client.get(f"/documents/{document_id}/redline?from=0&to=1").text
    assert "Rev.1: after informals on &lt;OP2&gt;" in redline
    assert "Rev.1 — " in redline and "— “after informals on &lt;OP2&gt;”</option>" in redline


def test_a_refused_clean_text_is_a_page_of_what_is_open_with_ways_forward(
    client: TestClient, cast: Cast, document_id: int
) -> None:
    sign_in(client, "bra")
    for query in ("format=clean", "format=docx&variant=clean"):
        refused = client.get(f"/documents/{document_id}/download?{query}")
        assert refused.status_code == 409 and "<html" in refused.text
        text = " ".join(refused.text.split())
        assert "still has 3 open points" in text
        assert "the paragraph “à saisir l&#39;occasion des réunions…”, set 1</a>" in text
        assert "set 2</a>" in text and "the placeholder [...]</a>" in text
        assert f'href="/documents/{document_id}/download?format=bracketed"' in text
        assert "unresolved=keep" in text and "unresolved=" not in query
    kept = client.get(f"/documents/{document_id}/download?format=clean&unresolved=keep")
    assert kept.status_code == 200
    api = client.get(f"/api/v1/documents/{document_id}/export?format=clean", headers=cast.observer.headers)
    assert api.status_code == 409 and api.json()["error"] == "conflict" and len(api.json()["open_bracket_sets"]) == 2


def test_the_history_names_sets_by_reference_and_who_acted_for_whom(
    client: TestClient, cast: Cast, document_id: int
) -> None:
    csrf = sign_in(client, "zaf")
    set_id, alternative_id = first_set_and_alternative(client, cast, document_id)
    headers = HTMX | {"X-CSRF-Token": csrf}
    client.post(
        f"/alternatives/{alternative_id}/position", data={"stance": "objects", "on_behalf_of": "AFR"}, headers=headers
    )
    panel = " ".join(client.get(f"/documents/{document_id}/bracket-sets/{set_id}", headers=HTMX).text.split())
    assert "<strong>South Africa for African Group</strong> (zaf): objects “ouvertes à toutes" in panel
    assert "in the paragraph “à saisir l&#39;occasion des réunions…”, set 1</li>" in panel
    assert f"alternative {alternative_id}" not in panel
