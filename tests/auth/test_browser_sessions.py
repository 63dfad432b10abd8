"""Browser sign-in: the login form, the signed session cookie, CSRF on unsafe requests, safe redirects."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import AuthAccount, csrf_from, sign_in


def post_login(client: TestClient, **fields: str) -> Any:
    form = {"csrf_token": csrf_from(client.get("/login").text), **fields}
    return client.post("/login", data=form, follow_redirects=False)


def test_login_page_is_a_labelled_form(client: TestClient) -> None:
    page = client.get("/login")
    assert page.status_code == 200
    html = page.text
    assert '<label for="login-username">' in html and '<label for="login-password">' in html
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html
    assert "Sign in" in html


def test_sign_in_sets_an_httponly_lax_cookie_and_shows_the_person(client: TestClient, delegate: AuthAccount) -> None:
    response = client.post(
        "/login",
        data={"username": "ana", "password": delegate.password, "csrf_token": csrf_from(client.get("/login").text)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookies = {value.split("=", 1)[0]: value.lower() for value in response.headers.get_list("set-cookie")}
    assert set(cookies) == {"crochets_session", "crochets_device"}  # the session, and the known-browser mark
    for cookie in cookies.values():
        assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    home = client.get("/")
    assert "<strong>Ana Silva</strong> — Brazil (BRA) · delegate" in home.text
    assert client.get("/api/v1/me").json()["username"] == "ana"


def test_failed_sign_in_rerenders_the_form_with_the_username(client: TestClient, delegate: AuthAccount) -> None:
    response = post_login(client, username="ana", password="not the password")
    assert response.status_code == 401
    html = response.text
    assert 'value="ana"' in html and "the username or the password is wrong" in html
    assert client.get("/api/v1/me").status_code == 401


def test_sign_in_without_the_csrf_token_is_refused(client: TestClient, delegate: AuthAccount) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": "ana", "password": delegate.password}, follow_redirects=False)
    assert response.status_code == 403
    assert client.get("/api/v1/me").status_code == 401


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/documents/3?tab=history", "/documents/3?tab=history"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/\\evil.example", "/"),
        ("/\t/evil.example", "/"),
    ],
)
def test_next_must_be_a_local_path(client: TestClient, delegate: AuthAccount, target: str, expected: str) -> None:
    response = post_login(client, username="ana", password=delegate.password, next=target)
    assert response.headers["location"] == expected


def test_cookie_authenticated_unsafe_requests_need_the_csrf_token(client: TestClient, delegate: AuthAccount) -> None:
    csrf = sign_in(client, "ana")
    path = f"/api/v1/tokens/{delegate.token_id}"
    refused = client.delete(path)
    assert refused.status_code == 403
    assert refused.json()["error"] == "csrf"
    assert client.delete(path, headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert client.get("/api/v1/me", headers=delegate.headers).status_code == 200
    assert client.delete(path, headers={"X-CSRF-Token": csrf}).status_code == 204
    assert client.get("/api/v1/me", headers=delegate.headers).status_code == 401


def test_bearer_requests_need_no_csrf_token(client: TestClient, delegate: AuthAccount) -> None:
    sign_in(client, "ana")  # a session cookie is present too; the bearer token decides
    assert client.delete(f"/api/v1/tokens/{delegate.token_id}", headers=delegate.headers).status_code == 204


def test_pages_carry_the_csrf_token_for_htmx(client: TestClient, delegate: AuthAccount) -> None:
    csrf = sign_in(client, "ana")
    assert f'hx-headers=\'{{"X-CSRF-Token": "{csrf}"}}\'' in client.get("/").text


def test_logout_needs_the_csrf_token_and_ends_the_session(client: TestClient, delegate: AuthAccount) -> None:
    csrf = sign_in(client, "ana")
    assert client.post("/logout", follow_redirects=False).status_code == 403
    assert client.get("/api/v1/me").status_code == 200
    response = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert client.get("/api/v1/me").status_code == 401
    assert 'href="/login">Sign in</a>' in client.get("/login").text


def test_login_starts_a_new_session_with_a_new_csrf_token(client: TestClient, delegate: AuthAccount) -> None:
    anonymous = csrf_from(client.get("/login").text)
    assert sign_in(client, "ana") != anonymous


def test_an_empty_bearer_header_does_not_skip_the_csrf_check(client: TestClient, delegate: AuthAccount) -> None:
    sign_in(client, "ana")
    response = client.delete(f"/api/v1/tokens/{delegate.token_id}", headers={"Authorization": "Bearer "})
    assert response.status_code == 403
