"""Security headers on every response; scripts only from this site and the pinned htmx; no inline script."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from app.config import HTMX_CDN_URL, HTMX_SSE_CDN_URL, SWAGGER_CSS_SRI, SWAGGER_JS_CDN_URL, SWAGGER_JS_SRI, Settings
from app.main import create_app
from tests.conftest import ROOT, AuthAccount


def directives(response_headers: object) -> dict[str, list[str]]:
    policy = response_headers["content-security-policy"]  # type: ignore[index]
    return {name: sources for name, *sources in (part.split() for part in policy.split(";"))}


@pytest.mark.parametrize(
    ("path", "status"),
    [("/", 401), ("/login", 200), ("/healthz", 200), ("/static/crochets.css", 200), ("/nowhere", 404),
     ("/api/v1/nowhere", 404), ("/openapi.json", 200), ("/docs", 200)],
)  # fmt: skip
def test_every_response_carries_the_headers(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"
    policy = directives(response.headers)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]


def test_scripts_only_from_this_site_and_the_pinned_htmx(client: TestClient, delegate: AuthAccount) -> None:
    scripts = directives(client.get("/", headers=delegate.headers).headers)["script-src"]
    assert scripts == ["'self'", HTMX_CDN_URL, HTMX_SSE_CDN_URL]
    assert not any("unsafe" in source for source in scripts)


def test_docs_alone_may_load_the_pinned_swagger_ui(client: TestClient) -> None:
    docs = client.get("/docs")
    assert SWAGGER_JS_CDN_URL in directives(docs.headers)["script-src"]
    assert f'integrity="{SWAGGER_JS_SRI}"' in docs.text and f'integrity="{SWAGGER_CSS_SRI}"' in docs.text
    assert "<script>" not in docs.text  # started by /static/api-docs.js, not an inline script
    assert SWAGGER_JS_CDN_URL not in directives(client.get("/login").headers)["script-src"]
    assert client.get("/redoc").status_code == 404


def test_self_hosted_htmx_needs_nothing_but_self(settings: Settings) -> None:
    local = settings.model_copy(
        update={"htmx_url": "/static/vendor/htmx.min.js", "htmx_sse_url": "/static/vendor/sse.min.js"}
    )
    with TestClient(create_app(local)) as client:
        assert directives(client.get("/login").headers)["script-src"] == ["'self'"]


def test_tls_deployments_also_get_strict_transport_security(settings: Settings) -> None:
    with TestClient(create_app(settings.model_copy(update={"secure_cookies": True}))) as client:
        assert client.get("/login").headers["strict-transport-security"] == "max-age=31536000"


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "an on…= handler attribute"),
    (re.compile(r"\bhx-on(?::|-|\b)", re.IGNORECASE), "an hx-on handler (htmx evaluates it as code)"),
    (re.compile(r"javascript:", re.IGNORECASE), "a javascript: URL"),
]


def test_no_template_carries_inline_script() -> None:
    found = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        source = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(source):
                found.append(f"{template.relative_to(ROOT)}: {what}: {match.group(0)!r}")
    assert found == []


def test_htmx_is_told_not_to_evaluate_code(client: TestClient) -> None:
    page = client.get("/login").text
    assert '"allowEval": false' in page and '"allowScriptTags": false' in page


def test_the_server_error_page_carries_the_headers_too(settings: Settings) -> None:
    app = create_app(settings)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert response.json()["error"] == "internal_error" and "a bug" not in response.text
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
