"""Reading needs an account, except the documents the operator lists in CROCHETS_PUBLIC_DOCUMENTS (read-only)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.cast import Template
from tests.conftest import settings_on_copy

HTML = {"Accept": "text/html"}


@pytest.fixture
def two_documents(tmp_path: Path, negotiation_template: Template) -> Iterator[tuple[TestClient, int, int, Any]]:
    """The seed (public) and a second, private document; an anonymous client."""
    settings = settings_on_copy(negotiation_template.url, tmp_path)
    cast = negotiation_template.cast
    public = negotiation_template.document_id or 0
    with TestClient(create_app(settings)) as setup:
        made = setup.post(
            "/api/v1/documents",
            json={"title": "Private draft", "text": "Le [Conseil]."},
            headers=cast.secretariat.headers,
        )
        private = made.json()["id"]
    app = create_app(settings.model_copy(update={"public_documents": frozenset({public})}))
    with TestClient(app) as client:
        yield client, public, private, cast


@pytest.mark.parametrize("path", ["/", "/documents/{private}", "/documents/{private}/redline", "/import", "/admin"])
def test_anonymous_pages_lead_to_the_login_with_next(two_documents: Any, path: str) -> None:
    client, _public, private, _cast = two_documents
    target = path.format(private=private)
    response = client.get(target, headers=HTML, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={target}"


def test_htmx_requests_are_redirected_by_htmx(two_documents: Any) -> None:
    client, _public, private, _cast = two_documents
    response = client.get(
        f"/documents/{private}",
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver/documents/{private}"},
    )
    assert response.status_code == 204 and response.headers["HX-Redirect"] == f"/login?next=/documents/{private}"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/documents", "/api/v1/documents/{private}", "/api/v1/documents/{private}/history",
     "/api/v1/documents/{private}/export?format=bracketed", "/api/v1/documents/{private}/statistics", "/api/v1/me"],
)  # fmt: skip
def test_anonymous_api_reads_are_401(two_documents: Any, path: str) -> None:
    client, _public, private, _cast = two_documents
    response = client.get(path.format(private=private))
    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"


@pytest.mark.parametrize(
    "path",
    ["/documents/{public}", "/documents/{public}/redline", "/documents/{public}/statistics",
     "/documents/{public}/compilation", "/api/v1/documents/{public}", "/api/v1/documents/{public}/revisions",
     "/api/v1/documents/{public}/export?format=bracketed"],
)  # fmt: skip
def test_public_documents_are_read_without_signing_in(two_documents: Any, path: str) -> None:
    client, public, _private, _cast = two_documents
    response = client.get(path.format(public=public), headers=HTML)
    assert response.status_code == 200, response.text


def test_a_public_document_page_is_read_only_and_says_sign_in(two_documents: Any) -> None:
    client, public, _private, _cast = two_documents
    page = client.get(f"/documents/{public}", headers=HTML).text
    assert 'href="/login">Sign in</a>' in page
    assert 'id="selection-toolbar"' not in page and "/phase" not in page and "/revisions" not in page
    seed = client.get(f"/api/v1/documents/{public}").json()
    paragraph = seed["paragraphs"][0]
    write = client.post(f"/api/v1/paragraphs/{paragraph['id']}/amendments", json={"text": "x", "base_version": 1})
    assert write.status_code == 401
    assert client.get(f"/paragraphs/{paragraph['id']}", headers=HTML).status_code == 200


def test_public_means_only_the_listed_documents(two_documents: Any) -> None:
    client, public, private, cast = two_documents
    private_paragraph = client.get(f"/api/v1/documents/{private}", headers=cast.observer.headers).json()["paragraphs"][
        0
    ]
    assert client.get(f"/paragraphs/{private_paragraph['id']}").status_code == 401
    # A public id in the path does not open a private thing named beside it.
    mixed = client.get(f"/documents/{public}/bracket-sets/999999")
    assert mixed.status_code == 401
    assert client.get("/api/v1/documents").status_code == 401  # no list of titles for anonymous visitors


def test_the_login_page_lists_the_public_documents(two_documents: Any) -> None:
    client, public, _private, _cast = two_documents
    page = client.get("/login").text
    assert f'href="/documents/{public}"' in page and "Private draft" not in page


def test_signed_in_people_read_everything(two_documents: Any) -> None:
    client, _public, private, cast = two_documents
    assert client.get(f"/api/v1/documents/{private}", headers=cast.observer.headers).status_code == 200
    listing = client.get("/", headers={**HTML, **cast.observer.headers})
    assert listing.status_code == 200 and "Private draft" in listing.text
