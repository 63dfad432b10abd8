"""Numbers no row can hold, bodies over the limit and the framework's own errors: {error, detail}, never 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.cast import Template
from tests.conftest import AuthAccount, MakeAccount, settings_on_copy

HUGE = str(2**63)
HUGER = "9" * 40


@pytest.mark.parametrize(
    "path",
    [f"/api/v1/documents/{HUGE}", f"/api/v1/documents/{HUGER}", "/api/v1/documents/-1",
     f"/api/v1/bracket-sets/{HUGE}/history", f"/documents/{HUGE}", f"/paragraphs/{HUGE}",
     f"/documents/1/bracket-sets/{HUGE}", f"/api/v1/documents/{HUGE}/export?format=clean"],
)  # fmt: skip
def test_ids_out_of_range_in_paths_are_404(client: TestClient, delegate: AuthAccount, path: str) -> None:
    response = client.get(path, headers=delegate.headers)
    assert response.status_code == 404, response.text
    body = response.json()
    assert body["error"] == "not_found" and "ids are whole numbers from 1 to 2^63 - 1" in body["detail"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", f"/api/v1/paragraphs/{HUGE}/amendments", {"text": "x", "base_version": 1}),
        ("POST", "/api/v1/paragraphs/1/amendments", {"text": "x", "base_version": int(HUGE)}),
        ("POST", "/api/v1/bracket-sets/1/resolution", {"alternative_id": int(HUGER)}),
        ("DELETE", f"/api/v1/tokens/{HUGE}", None),
        ("PUT", f"/api/v1/alternatives/{HUGE}/position", {"stance": "supports"}),
    ],
)
def test_numbers_out_of_range_in_json_are_404_or_422(
    client: TestClient, make_account: MakeAccount, method: str, path: str, body: object
) -> None:
    role = "chair" if "resolution" in path else "delegate"
    caller = make_account("someone", role=role)
    response = client.request(method, path, json=body, headers=caller.headers)
    assert response.status_code in (404, 422), response.text
    assert set(response.json()) == {"error", "detail"}


def test_numbers_out_of_range_in_forms_and_queries_are_422(client: TestClient, delegate: AuthAccount) -> None:
    form = {"paragraph_id": HUGE, "start": "0", "end": HUGER, "action": "delete", "base_version": HUGE}
    response = client.post("/selection-proposals", data=form, headers=delegate.headers)
    assert response.status_code in (404, 422), response.text
    assert set(response.json()) == {"error", "detail"}
    page = client.post(
        "/bracket-sets/1/resolve", data={"alternative_id": HUGER}, headers={"Accept": "text/html", **delegate.headers}
    )
    assert page.status_code in (403, 404, 422) and "<!doctype html>" in page.text.lower()
    query = client.get(f"/api/v1/documents/1/export?format=clean&revision={HUGE}", headers=delegate.headers)
    assert query.status_code in (404, 422) and set(query.json()) == {"error", "detail"}


def test_a_body_over_the_limit_is_413_in_the_error_shape(client: TestClient, delegate: AuthAccount) -> None:
    declared = client.post(
        "/api/v1/documents/restore", content=b"{" + b" " * (64 * 1024 * 1024) + b"}",
        headers={"Content-Type": "application/json", **delegate.headers},
    )  # fmt: skip
    assert declared.status_code == 413
    assert declared.json() == {"error": "too_large", "detail": "the request body is larger than the 64 MB allowed"}

    def chunks() -> object:
        for _ in range(65):
            yield b" " * (1024 * 1024)

    streamed = client.post(
        "/api/v1/documents/restore", content=chunks(), headers={"Content-Type": "application/json", **delegate.headers}
    )
    assert streamed.status_code == 413 and streamed.json()["error"] == "too_large"


def test_the_frameworks_own_errors_are_in_the_same_shape(client: TestClient, delegate: AuthAccount) -> None:
    unknown = client.get("/api/v1/no/such/thing", headers=delegate.headers)
    assert unknown.status_code == 404
    assert unknown.json() == {"error": "not_found", "detail": "there is nothing at /api/v1/no/such/thing"}
    wrong_method = client.patch("/api/v1/documents", headers=delegate.headers)
    assert wrong_method.status_code == 405 and wrong_method.json()["error"] == "method_not_allowed"
    assert "PATCH is not allowed on /api/v1/documents" in wrong_method.json()["detail"]
    malformed = client.post("/api/v1/tokens", content=b"{", headers={"Content-Type": "application/json"})
    assert malformed.status_code == 422 and malformed.json()["error"] == "invalid"
    missing = client.post("/api/v1/tokens", json={})
    assert missing.status_code == 422 and "username" in missing.json()["detail"]


def test_people_get_an_error_page(client: TestClient, delegate: AuthAccount) -> None:
    page = client.get("/no/such/page", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "<!doctype html>" in page.text.lower() and "there is nothing at /no/such/page" in page.text
    huge = client.get(f"/documents/{HUGE}", headers={"Accept": "text/html", **delegate.headers})
    assert huge.status_code == 404 and "<!doctype html>" in huge.text.lower()


def test_numbers_too_large_for_the_database_on_real_rows_are_422(
    tmp_path: Path, negotiation_template: Template
) -> None:
    app = create_app(settings_on_copy(negotiation_template.url, tmp_path))
    cast, doc = negotiation_template.cast, negotiation_template.document_id
    with TestClient(app) as client:
        export = client.get(f"/api/v1/documents/{doc}/export?format=clean&revision={HUGE}", headers=cast.chair.headers)
        redline = client.get(f"/api/v1/documents/{doc}/redline?from={HUGE}", headers=cast.chair.headers)
        seed = client.get(f"/api/v1/documents/{doc}", headers=cast.chair.headers).json()
        paragraph = seed["paragraphs"][0]
        amended = client.post(
            f"/api/v1/paragraphs/{paragraph['id']}/amendments",
            json={"text": paragraph["text"] + " x", "base_version": int(HUGE)},
            headers=cast.zaf.headers,
        )
    for response in (export, redline, amended):
        assert response.status_code in (404, 409, 422), response.text
        assert set(response.json()) >= {"error", "detail"}
