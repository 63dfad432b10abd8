"""API tokens over HTTP: issued for a password, used as Bearer, revoked, stored only as a hash."""

from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from tests.conftest import AuthAccount, MakeAccount


def test_issue_a_token_and_ask_who_i_am(client: TestClient, delegate: AuthAccount) -> None:
    response = client.post("/api/v1/tokens", json={"username": "ana", "password": delegate.password})
    assert response.status_code == 201
    body = response.json()
    assert body["token"].startswith("crochets_") and isinstance(body["token_id"], int)
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.json() == {
        "username": "ana",
        "display_name": "Ana Silva",
        "role": "delegate",
        "delegation_code": "BRA",
        "delegation_name": "Brazil",
        "groups": ["GRULAC"],
    }


def test_wrong_password_and_unknown_user_get_the_same_401(client: TestClient, delegate: AuthAccount) -> None:
    wrong = client.post("/api/v1/tokens", json={"username": "ana", "password": "not the password"})
    unknown = client.post("/api/v1/tokens", json={"username": "nobody", "password": "not the password"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"error": "unauthenticated", "detail": wrong.json()["detail"]}


def test_anonymous_and_bad_tokens_get_401(client: TestClient) -> None:
    assert client.get("/api/v1/me").json()["error"] == "unauthenticated"
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer crochets_made-up"})
    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"


def test_malformed_token_request_is_422(client: TestClient) -> None:
    response = client.post("/api/v1/tokens", json={"username": "ana"})
    assert response.status_code == 422
    assert "password" in response.json()["detail"]


def test_revoke_current_token(client: TestClient, delegate: AuthAccount) -> None:
    assert client.delete("/api/v1/tokens/current", headers=delegate.headers).status_code == 204
    response = client.get("/api/v1/me", headers=delegate.headers)
    assert response.status_code == 401


def test_revoke_by_id_own_tokens_only_unless_admin(client: TestClient, make_account: MakeAccount) -> None:
    ana = make_account("ana")
    bob = make_account("bob", delegation="CHE")
    admin = make_account("root", role="admin", delegation="SEC", kind="secretariat")
    refused = client.delete(f"/api/v1/tokens/{bob.token_id}", headers=ana.headers)
    assert refused.status_code == 404
    assert client.get("/api/v1/me", headers=bob.headers).status_code == 200
    assert client.delete(f"/api/v1/tokens/{bob.token_id}", headers=admin.headers).status_code == 204
    assert client.get("/api/v1/me", headers=bob.headers).status_code == 401
    assert client.delete(f"/api/v1/tokens/{ana.token_id}", headers=ana.headers).status_code == 204
    assert client.get("/api/v1/me", headers=ana.headers).status_code == 401


@pytest.mark.sqlite_only  # reads the database's files, WAL included
def test_tokens_are_stored_hashed(client: TestClient, settings: Settings, delegate: AuthAccount) -> None:
    issued = client.post("/api/v1/tokens", json={"username": "ana", "password": delegate.password}).json()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {issued['token']}"}).status_code == 200
    stored = b"".join(path.read_bytes() for path in settings.data_dir.glob("crochets.sqlite3*"))
    for token in (issued["token"], delegate.token):
        assert token.encode() not in stored
        assert hashlib.sha256(token.encode()).hexdigest().encode() in stored
