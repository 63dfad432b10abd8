"""Failed sign-ins slow down further attempts per (username, address), never others, never after the wait."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import LoginFailure
from app.services.accounts import auth, throttle
from tests.conftest import AuthAccount, MakeAccount, csrf_from

WRONG = "not the password"
NAT = ("203.0.113.10", 40000)  # a conference network: everyone behind one address


def ask_token(client: TestClient, username: str, password: str) -> int:
    return client.post("/api/v1/tokens", json={"username": username, "password": password}).status_code


def test_five_failures_slow_down_that_username_from_that_address_only(
    app: FastAPI, client: TestClient, delegate: AuthAccount
) -> None:
    assert [ask_token(client, "ana", WRONG) for _ in range(5)] == [401] * 5
    response = client.post("/api/v1/tokens", json={"username": "ana", "password": delegate.password})
    assert response.status_code == 429
    assert response.json()["error"] == "too_many_requests"
    assert int(response.headers["Retry-After"]) >= 1
    # The owner elsewhere is not locked out by someone guessing from here.
    with TestClient(app, client=("192.0.2.7", 40000)) as elsewhere:
        assert ask_token(elsewhere, "ana", delegate.password) == 201


def test_a_crowd_behind_one_address_does_not_lock_each_other(app: FastAPI, make_account: MakeAccount) -> None:
    chair = make_account("chair", role="chair", delegation="CHAIR", kind="secretariat")
    with TestClient(app, client=NAT) as guesser, TestClient(app, client=NAT) as colleague:
        assert [ask_token(guesser, f"guess{n}", WRONG) for n in range(20)] == [401] * 20
        assert [ask_token(guesser, "someone", WRONG) for _ in range(5)] == [401] * 5
        assert ask_token(guesser, "someone", WRONG) == 429
        assert ask_token(colleague, "chair", chair.password) == 201


def test_the_username_is_compared_in_its_canonical_form(client: TestClient, delegate: AuthAccount) -> None:
    for name in ("ana", "ANA", "Ana", "ａｎａ", " ana "):
        assert ask_token(client, name, WRONG) == 401
    assert ask_token(client, "ANA", delegate.password) == 429


def test_a_correct_password_is_accepted_as_soon_as_the_wait_is_over(app: FastAPI, delegate: AuthAccount) -> None:
    start = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    with Session(app.state.engine) as session:

        def attempt(password: str, at: datetime) -> str:
            try:
                auth.authenticate(session=session, username="ana", password=password, address="192.0.2.9", now=at)
            except Exception as error:
                return type(error).__name__
            return "ok"

        assert [attempt(WRONG, start) for _ in range(7)] == ["Unauthenticated"] * 5 + ["TooManyRequests"] * 2
        key = throttle.key(username="ana", address="192.0.2.9")
        assert throttle.retry_after(session=session, key=key, now=start) == 1
        # Refused attempts inside the wait are not counted: the wait does not grow while someone keeps trying.
        assert attempt(delegate.password, start + timedelta(milliseconds=500)) == "TooManyRequests"
        assert attempt(delegate.password, start + timedelta(seconds=1)) == "ok"
        assert throttle.retry_after(session=session, key=key, now=start + timedelta(seconds=1)) == 0


def test_delay_doubles_per_failure_up_to_five_minutes_and_failures_expire(app: FastAPI) -> None:
    start = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    key = throttle.key(username="x", address="x")
    with Session(app.state.engine) as session:

        def fail_at(count: int) -> None:
            session.add_all(LoginFailure(key=key, failed_at=start) for _ in range(count))
            session.commit()

        fail_at(4)
        assert throttle.retry_after(session=session, key=key, now=start) == 0
        delays = []
        for _ in range(11):
            fail_at(1)
            delays.append(throttle.retry_after(session=session, key=key, now=start))
        assert delays == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
        assert throttle.retry_after(session=session, key=key, now=start + timedelta(seconds=299)) == 1
        assert throttle.retry_after(session=session, key=key, now=start + timedelta(minutes=15, seconds=1)) == 0


def test_each_throttled_attempt_is_logged_with_username_and_address(
    app: FastAPI, delegate: AuthAccount, caplog: pytest.LogCaptureFixture
) -> None:
    with TestClient(app, client=("198.51.100.4", 40000)) as client, caplog.at_level(logging.WARNING, "crochets.auth"):
        assert [ask_token(client, "evil\x1b[31m", WRONG) for _ in range(5)] == [401] * 5
        assert ask_token(client, "evil\x1b[31m", WRONG) == 429
        assert [ask_token(client, "ana", WRONG) for _ in range(5)] == [401] * 5
        assert ask_token(client, "ana", delegate.password) == 429
    lines = [record.getMessage() for record in caplog.records if record.name == "crochets.auth"]
    assert len(lines) == 2
    assert all("198.51.100.4" in line and "throttled" in line for line in lines)
    assert "username='evil\\x1b[31m'" in lines[0]  # control characters escaped: one attempt, one clean line
    assert "username='ana'" in lines[1]


def test_the_login_page_says_how_long_to_wait(app: FastAPI, delegate: AuthAccount) -> None:
    with TestClient(app) as client:
        statuses = []
        for _ in range(8):  # the sixth is refused unless the machine took over a second for the fifth
            form = {"username": "ana", "password": WRONG, "csrf_token": csrf_from(client.get("/login").text)}
            response = client.post("/login", data=form)
            statuses.append(response.status_code)
            if response.status_code == 429:
                break
        assert statuses[:5] == [401] * 5 and statuses[-1] == 429
        assert re.search(r"try again in \d+ seconds?", response.text)
        assert int(response.headers["Retry-After"]) >= 1


def test_a_success_clears_the_counter(app: FastAPI, delegate: AuthAccount) -> None:
    key = throttle.key(username="ana", address="192.0.2.9")
    with Session(app.state.engine) as session:
        session.add_all(LoginFailure(key=key) for _ in range(4))
        session.commit()
        auth.authenticate(session=session, username="ana", password=delegate.password, address="192.0.2.9")
        session.add_all(LoginFailure(key=key) for _ in range(4))
        session.commit()
        assert throttle.retry_after(session=session, key=key) == 0


def login(client: TestClient, username: str, password: str) -> int:
    form = {"username": username, "password": password, "csrf_token": csrf_from(client.get("/login").text)}
    return client.post("/login", data=form, follow_redirects=False).status_code


def test_a_guesser_on_the_same_network_does_not_lock_out_a_browser_that_signed_in_before(
    app: FastAPI, make_account: MakeAccount
) -> None:
    chair = make_account("chair", role="chair", delegation="CHAIR", kind="secretariat")
    with TestClient(app, client=NAT) as laptop, TestClient(app, client=NAT) as guesser:
        assert login(laptop, "chair", chair.password) == 303  # yesterday, from this laptop
        laptop.post("/logout", data={"csrf_token": csrf_from(laptop.get("/login").text)})
        statuses = [login(guesser, "chair", WRONG) for _ in range(7)]
        assert statuses[:5] == [401] * 5 and 429 in statuses[5:]
        assert login(laptop, "chair", chair.password) == 303  # the known browser is counted on its own
        assert [login(laptop, "chair", WRONG) for _ in range(5)] == [401] * 5
        assert login(laptop, "chair", WRONG) == 429  # and is throttled too when it keeps failing


def test_a_device_cookie_counts_only_for_the_name_it_signed_in_as(app: FastAPI, make_account: MakeAccount) -> None:
    make_account("ana")
    with TestClient(app, client=NAT) as browser:
        assert login(browser, "ana", "correct horse battery") == 303
        assert [login(browser, "bob", WRONG) for _ in range(5)] == [401] * 5
        with TestClient(app, client=NAT) as neighbour:
            assert login(neighbour, "bob", WRONG) == 429  # same (username, address) key as the browser's attempts
