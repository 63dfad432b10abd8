"""htmx gets the partial, a browser the whole page, caches are told so; changes answer with fragments or a 303."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.cast import Cast
from tests.conftest import sign_in

HTMX = {"HX-Request": "true"}


def first_set_and_alternative(client: TestClient, cast: Cast, document_id: int) -> tuple[int, int]:
    document = client.get(f"/api/v1/documents/{document_id}", headers=cast.observer.headers).json()
    for paragraph in document["paragraphs"]:
        for run in paragraph["content"]:
            if run["type"] == "bracket_set":
                return run["id"], run["alternatives"][0]["id"]
    raise AssertionError("the seed has bracket sets")


def test_document_page_and_its_paragraphs_fragment(client: TestClient, cast: Cast, document_id: int) -> None:
    sign_in(client, "bra")
    full = client.get(f"/documents/{document_id}")
    assert full.status_code == 200
    assert "<html" in full.text and 'id="paragraphs"' in full.text and 'id="panel"' in full.text
    assert "HX-Request" in full.headers["vary"]
    partial = client.get(f"/documents/{document_id}?contested=1", headers=HTMX)
    assert partial.status_code == 200
    assert "HX-Request" in partial.headers["vary"]
    assert partial.text.lstrip().startswith('<div id="paragraphs"')
    assert "<html" not in partial.text
    assert partial.text.count('class="para ') == 2
    restore = client.get(f"/documents/{document_id}", headers=HTMX | {"HX-History-Restore-Request": "true"})
    assert "<html" in restore.text


def test_set_panel_fragment_and_page(client: TestClient, cast: Cast, document_id: int) -> None:
    sign_in(client, "bra")
    set_id, _ = first_set_and_alternative(client, cast, document_id)
    partial = client.get(f"/documents/{document_id}/bracket-sets/{set_id}", headers=HTMX)
    assert partial.text.lstrip().startswith('<section class="panel" id="set-panel"')
    assert "Support" in partial.text and "Resolve with this" not in partial.text
    page = client.get(f"/documents/{document_id}/bracket-sets/{set_id}")
    assert "<html" in page.text and 'id="set-panel"' in page.text
    assert client.get(f"/documents/{document_id}/bracket-sets/999999", headers=HTMX).status_code == 404


def test_a_change_answers_htmx_with_fragments_and_a_form_with_a_redirect(
    client: TestClient, cast: Cast, document_id: int
) -> None:
    csrf = sign_in(client, "bra")
    _set_id, alternative_id = first_set_and_alternative(client, cast, document_id)
    response = client.post(
        f"/alternatives/{alternative_id}/position",
        data={"stance": "supports", "on_behalf_of": "BRA"},
        headers=HTMX | {"X-CSRF-Token": csrf},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section class="panel" id="set-panel"')
    assert re.search(r'<section id="p-\d+" class="para[^>]*hx-swap-oob="outerHTML"', response.text)
    assert "document-changed" in response.headers["hx-trigger"]
    plain = client.post(
        f"/alternatives/{alternative_id}/position",
        data={"stance": "objects", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert plain.status_code == 303
    assert plain.headers["location"].startswith(f"/documents/{document_id}#p-")


def test_refusals_are_shown_where_they_happen(client: TestClient, cast: Cast, document_id: int) -> None:
    csrf = sign_in(client, "isoc")
    _, alternative_id = first_set_and_alternative(client, cast, document_id)
    fragment = client.post(
        f"/alternatives/{alternative_id}/position", data={"stance": "supports"}, headers=HTMX | {"X-CSRF-Token": csrf}
    )
    assert fragment.status_code == 403
    assert fragment.headers["hx-retarget"] == "#errors"
    assert "observers follow the negotiation but change nothing" in fragment.text
    assert "<html" not in fragment.text
    page = client.post(
        f"/alternatives/{alternative_id}/position",
        data={"stance": "supports", "csrf_token": csrf},
        headers={"Accept": "text/html"},
    )
    assert page.status_code == 403 and "<html" in page.text and "observers" in page.text
    missing_csrf = client.post(f"/alternatives/{alternative_id}/position", data={"stance": "supports"}, headers=HTMX)
    assert missing_csrf.status_code == 403


def test_pages_send_strangers_to_the_login_page(client: TestClient, document_id: int) -> None:
    browser = {"Accept": "text/html,application/xhtml+xml"}
    response = client.get(f"/documents/{document_id}?contested=1", headers=browser, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next=/documents/{document_id}%3Fcontested%3D1"
    api = client.get(f"/api/v1/documents/{document_id}")
    assert api.status_code == 401 and api.json()["error"] == "unauthenticated"


def test_user_text_is_escaped(client: TestClient, cast: Cast) -> None:
    response = client.post(
        "/api/v1/documents",
        json={"title": "<script>alert(1)</script>", "text": "a [<b>bold</b>] [<img src=x onerror=alert(1)>] z\n"},
        headers=cast.secretariat.headers,
    )
    assert response.status_code == 201
    sign_in(client, "bra")
    page = client.get(f"/documents/{response.json()['id']}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>bold</b>" not in page


def test_the_toolbar_counts_every_open_set_whatever_is_shown(client: TestClient, document_id: int) -> None:
    csrf = sign_in(client, "chair")
    issued = client.post(
        f"/documents/{document_id}/revisions", data={"note": "Rev.1"}, headers=HTMX | {"X-CSRF-Token": csrf}
    )
    assert issued.status_code == 200
    assert re.search(r'id="open-set-count">2<', issued.text), "the toolbar after a revision counts the whole document"
    filtered = client.get(f"/documents/{document_id}/toolbar?mine=1", headers=HTMX)
    assert re.search(r'id="open-set-count">2<', filtered.text)
