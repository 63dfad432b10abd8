"""The application built by create_app: health, home page, OpenAPI, htmx loading."""

from __future__ import annotations

import stat
from pathlib import Path

from fastapi.testclient import TestClient

from app.config import HTMX_SRI, Settings, ensure_secret_key
from app.main import create_app
from tests.conftest import AuthAccount, create_account


def test_healthz_on_a_fresh_data_directory(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_does_not_answer(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "db.sqlite3"
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{missing}")
    with TestClient(create_app(settings)) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_home_page_loads_pinned_htmx_with_integrity(client: TestClient, delegate: AuthAccount) -> None:
    response = client.get("/", headers=delegate.headers)
    assert response.status_code == 200
    # The session cookie (CSRF token) adds "Cookie" to Vary.
    assert "HX-Request" in [part.strip() for part in response.headers["vary"].split(",")]
    html = response.text
    assert 'src="https://cdn.jsdelivr.net/npm/htmx.org@2.0.11/dist/htmx.min.js"' in html
    assert f'integrity="{HTMX_SRI}"' in html
    assert 'crossorigin="anonymous"' in html
    assert "No documents yet" in html


def test_htmx_request_gets_the_partial_only(client: TestClient, delegate: AuthAccount) -> None:
    response = client.get("/", headers={"HX-Request": "true", **delegate.headers})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="document-list"')
    assert "<html" not in response.text
    restore = client.get("/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true", **delegate.headers})
    assert "<html" in restore.text


def test_self_hosted_htmx_url_is_used_and_served(tmp_path: Path, settings: Settings) -> None:
    vendor = tmp_path / "vendor"
    vendor.mkdir()
    (vendor / "htmx.min.js").write_text("/* htmx */", encoding="utf-8")
    local = settings.model_copy(update={"htmx_url": "/static/vendor/htmx.min.js", "vendor_dir": vendor})
    app = create_app(local)
    reader = create_account(app.state.engine, "ana")
    with TestClient(app) as client:
        assert 'src="/static/vendor/htmx.min.js"' in client.get("/", headers=reader.headers).text
        assert client.get("/static/vendor/htmx.min.js").text == "/* htmx */"
        assert client.get("/static/crochets.css").status_code == 200


def test_openapi_is_published(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "Crochets"


def test_secret_key_is_generated_once_with_private_permissions(tmp_path: Path) -> None:
    first = ensure_secret_key(tmp_path)
    assert len(first) >= 40
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600
    assert ensure_secret_key(tmp_path) == first
    assert Settings(data_dir=tmp_path).resolved_secret_key() == first
    assert Settings(data_dir=tmp_path, secret_key="given").resolved_secret_key() == "given"
