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
