"""Failed logins slow down further attempts per username and per client address, in the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import LoginFailure
from app.services.accounts import auth
from tests.conftest import AuthAccount, MakeAccount

WRONG = "not the password"


def ask_token(client: TestClient, username: str, password: str) -> int:
    return client.post("/api/v1/tokens", json={"username": username, "password": password}).status_code


def test_five_failures_for_a_username_lock_it_everywhere(
    app: FastAPI, client: TestClient, delegate: AuthAccount
) -> None:
    assert [ask_token(client, "ana", WRONG) for _ in range(5)] == [401] * 5
    with TestClient(app, client=("192.0.2.7", 40000)) as elsewhere:
        # Refused without checking the password, even the right one, even from another address.
        response = elsewhere.post("/api/v1/tokens", json={"username": "ana", "password": delegate.password})
        assert response.status_code == 429
        assert response.json()["error"] == "too_many_requests"
        assert int(response.headers["Retry-After"]) >= 1


def test_five_failures_from_an_address_lock_that_address(
    app: FastAPI, client: TestClient, make_account: MakeAccount
) -> None:
    ana = make_account("ana")
    assert [ask_token(client, f"guess{n}", WRONG) for n in range(5)] == [401] * 5
    assert ask_token(client, "ana", ana.password) == 429
    with TestClient(app, client=("192.0.2.8", 40000)) as elsewhere:
        assert elsewhere.post("/api/v1/tokens", json={"username": "ana", "password": ana.password}).status_code == 201


def test_a_success_clears_the_username_counter(app: FastAPI, delegate: AuthAccount) -> None:
    with Session(app.state.engine) as session:
        for _ in range(4):
            session.add(LoginFailure(key="user:ana"))
        session.commit()
        auth.authenticate(session=session, username="ana", password=delegate.password, address="192.0.2.9")
        assert auth.retry_after(session=session, key="user:ana") == 0
        for _ in range(4):
            session.add(LoginFailure(key="user:ana"))
        session.commit()
        assert auth.retry_after(session=session, key="user:ana") == 0


def test_delay_doubles_per_failure_up_to_fifteen_minutes_and_failures_expire(app: FastAPI) -> None:
    start = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    with Session(app.state.engine) as session:

        def fail_at(count: int) -> None:
            session.add_all(LoginFailure(key="addr:x", failed_at=start) for _ in range(count))
            session.commit()

        fail_at(4)
        assert auth.retry_after(session=session, key="addr:x", now=start) == 0
        delays = []
        for _ in range(12):
            fail_at(1)
            delays.append(auth.retry_after(session=session, key="addr:x", now=start))
        assert delays == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]
        assert auth.retry_after(session=session, key="addr:x", now=start + timedelta(seconds=899)) == 1
        assert auth.retry_after(session=session, key="addr:x", now=start + timedelta(minutes=15, seconds=1)) == 0
