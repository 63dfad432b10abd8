"""The chair's structure menu and its forms: for the chair only; htmx reloads the page, a plain post redirects."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.cast import Cast
from tests.conftest import sign_in
from tests.structure.conftest import by_label, import_draft, read

HTMX = {"HX-Request": "true"}


def test_the_menu_offers_the_neighbours_and_the_change_undo_would_reverse(client: TestClient, cast: Cast) -> None:
    document = import_draft(client, cast)
    two, one = by_label(document, "2"), by_label(document, "1")
    csrf = sign_in(client, cast.chair.username)
    menu = client.get(f"/paragraphs/{two['id']}/structure", headers=HTMX)
    assert menu.status_code == 200 and "place 4 of 4" in menu.text
    assert f'name="before_id" value="{one["id"]}"' in menu.text and "Move down" not in menu.text
    assert "Undo it" not in menu.text
    answer = client.post(f"/paragraphs/{two['id']}/label", data={"label": "3."}, headers=HTMX | {"X-CSRF-Token": csrf})
    assert answer.status_code == 200 and answer.headers["HX-Refresh"] == "true"
    assert by_label(read(client, cast, document["id"]), "3")["id"] == two["id"]
    menu = client.get(f"/paragraphs/{two['id']}/structure", headers=HTMX)
    assert "Last change: relabelled paragraph 2 as 3." in menu.text and "Undo it" in menu.text
    plain = client.post(
        f"/documents/{document['id']}/structure/undo", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert plain.status_code == 303 and plain.headers["location"] == f"/documents/{document['id']}#p-{two['id']}"
    assert by_label(read(client, cast, document["id"]), "2")["id"] == two["id"]


def test_the_menu_is_the_chairs_only(client: TestClient, cast: Cast) -> None:
    document = import_draft(client, cast)
    paragraph = by_label(document, "1")
    sign_in(client, cast.che.username)
    refused = client.get(f"/paragraphs/{paragraph['id']}/structure", headers=HTMX)
    assert refused.status_code == 403
    page = client.get(f"/documents/{document['id']}").text
    assert 'title="Split, merge, move, insert, relabel or delete">Structure</button>' not in page
    sign_in(client, cast.chair.username)
    page = client.get(f"/documents/{document['id']}").text
    assert f'hx-get="/paragraphs/{paragraph["id"]}/structure"' in page
