"""The import page: .txt and .docx uploads previewed, then stored exactly as previewed."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.cast import Cast
from tests.conftest import corpus_file, sign_in

HTMX = {"HX-Request": "true"}
PAYLOAD = re.compile(r'name="payload" value="([^"]+)"')


def preview(client: TestClient, csrf: str, name: str, data: bytes, title: str) -> str:
    response = client.post(
        "/import/preview",
        data={"title": title, "language": "en"},
        files={"file": (name, data)},
        headers=HTMX | {"X-CSRF-Token": csrf},
    )
    assert response.status_code == 200, response.text
    return response.text


def confirm(client: TestClient, csrf: str, html: str, title: str) -> int:
    payload = PAYLOAD.search(html)
    assert payload is not None
    response = client.post(
        "/import",
        data={"title": title, "language": "en", "payload": payload.group(1)},
        headers=HTMX | {"X-CSRF-Token": csrf},
    )
    assert response.status_code == 204, response.text
    return int(response.headers["hx-redirect"].rsplit("/", 1)[1])


def test_a_txt_upload_is_stored_byte_for_byte(client: TestClient, cast: Cast) -> None:
    csrf = sign_in(client, "sec")
    data = corpus_file("unfccc-art6-2-draft-decision-2024-11-14.txt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    html = preview(client, csrf, "art6-2.txt", data, "Article 6.2")
    assert "<strong>9</strong> warnings" in html  # paragraphs first: 2 more typos, each where it is
    assert "line 155, column 352 — stray" in html
    document_id = confirm(client, csrf, html, "Article 6.2")
    exported = client.get(f"/api/v1/documents/{document_id}/export?format=bracketed", headers=cast.secretariat.headers)
    assert exported.content == data


def test_a_word_upload_shows_its_comments_and_imports(client: TestClient, cast: Cast) -> None:
    csrf = sign_in(client, "sec")
    data = corpus_file("unfccc-art6-2-party-inputs-2024.docx").read_bytes()
    html = preview(client, csrf, "party-inputs.docx", data, "")
    assert "Word comments" in html
    for name in ("LMDC", "US", "India"):
        assert name in html
    assert 'name="title" value="party-inputs"' in html
    document_id = confirm(client, csrf, html, "Party inputs")
    document = client.get(f"/api/v1/documents/{document_id}", headers=cast.secretariat.headers).json()
    assert len(document["paragraphs"]) == 305
    draft = corpus_file("unfccc-art6-2-draft-decision-2024-11-14.docx").read_bytes()
    assert "<strong>352</strong> bracket sets" in preview(
        client, csrf, "draft.docx", draft, "Draft"
    )  # paragraphs first; 27 of them over whole paragraphs


def test_bad_files_are_refused_with_where(client: TestClient) -> None:
    csrf = sign_in(client, "sec")
    response = client.post(
        "/import/preview",
        files={"file": ("latin1.txt", "déjà".encode("latin-1"))},
        headers=HTMX | {"X-CSRF-Token": csrf},
    )
    assert response.status_code == 422
    assert "latin1.txt" in response.text and "byte offset 1" in response.text
    assert (
        client.post("/import", data={"title": "t", "payload": "***"}, headers=HTMX | {"X-CSRF-Token": csrf}).status_code
        == 422
    )
    delegate_csrf = sign_in(client, "bra")
    refused = client.post("/import/preview", data={"text": "x"}, headers=HTMX | {"X-CSRF-Token": delegate_csrf})
    assert refused.status_code == 403


def test_a_long_pasted_draft_is_not_cut_by_form_limits(client: TestClient) -> None:
    csrf = sign_in(client, "sec")
    text = "le texte [é] " * 150_000  # about 2 MB once encoded: above Starlette's default 1 MB per field
    response = client.post(
        "/import/preview",
        data={"title": "Long", "text": text},
        files={"file": ("", b"")},
        headers=HTMX | {"X-CSRF-Token": csrf},
    )
    assert response.status_code == 200, response.text[:300]
    assert "<strong>150000</strong> bracket sets" in response.text
    too_long = client.post(
        "/import/preview",
        data={"title": "Too long", "text": "x" * 5_000_001},
        files={"file": ("", b"")},
        headers=HTMX | {"X-CSRF-Token": csrf},
    )
    assert too_long.status_code == 413
    assert "at most 5,000,000" in too_long.text
