"""Sessions kept in the database: logout, idle time and maximum life end them; accounts disabled, reset, revoked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, col

from app.config import Settings
from app.main import create_app
from app.models import BrowserSession
from tests.conftest import AuthAccount, MakeAccount, csrf_from, sign_in


def cookie(client: TestClient) -> str:
    value = client.cookies.get("crochets_session")
    assert value is not None
    return value


def me(app: FastAPI, session_cookie: str) -> int:
    """Who a saved cookie signs in, asked from a fresh client (as a thief replaying it would)."""
    with TestClient(app, cookies={"crochets_session": session_cookie}) as thief:
        return thief.get("/api/v1/me").status_code


def age_sessions(app: FastAPI, **moved: timedelta) -> None:
    """Move every session's times into the past."""
    values = {column: datetime.now(UTC) - delta for column, delta in moved.items()}
    with Session(app.state.engine) as session:
        session.exec(update(BrowserSession).values(**values))
        session.commit()


def test_a_cookie_saved_before_logout_no_longer_works(app: FastAPI, client: TestClient, delegate: AuthAccount) -> None:
    csrf = sign_in(client, "ana")
    saved = cookie(client)
    assert me(app, saved) == 200
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert me(app, saved) == 401
    page = TestClient(app, cookies={"crochets_session": saved}).get("/", headers={"Accept": "text/html"})
    assert page.url.path == "/login"  # the stale cookie is an anonymous visitor, sent to sign in


def test_signing_in_again_replaces_the_session(app: FastAPI, client: TestClient, delegate: AuthAccount) -> None:
    sign_in(client, "ana")
    first = cookie(client)
    sign_in(client, "ana")
    assert me(app, first) == 401
    assert me(app, cookie(client)) == 200


def test_a_session_ends_after_the_idle_time(app: FastAPI, client: TestClient, delegate: AuthAccount) -> None:
    sign_in(client, "ana")
    age_sessions(app, last_seen_at=timedelta(minutes=179))
    assert client.get("/api/v1/me").status_code == 200  # and this request counts as activity
    age_sessions(app, last_seen_at=timedelta(minutes=181))
    assert client.get("/api/v1/me").status_code == 401


def test_the_idle_time_is_a_setting(tmp_path: object, settings: Settings, make_account: MakeAccount) -> None:
    short = create_app(settings.model_copy(update={"session_idle_minutes": 5}))
    make_account("ana")
    with TestClient(short) as client:
        sign_in(client, "ana")
        age_sessions(short, last_seen_at=timedelta(minutes=6))
        assert client.get("/api/v1/me").status_code == 401


def test_a_session_ends_at_its_maximum_life_however_active(
    app: FastAPI, client: TestClient, delegate: AuthAccount
) -> None:
    sign_in(client, "ana")
    age_sessions(app, created_at=timedelta(hours=12, minutes=1))
    assert client.get("/api/v1/me").status_code == 401


def test_each_session_is_a_row_with_its_own_csrf_token(app: FastAPI, client: TestClient, delegate: AuthAccount) -> None:
    csrf = sign_in(client, "ana")
    with Session(app.state.engine) as session:
        rows = session.exec(BrowserSession.__table__.select()).all()  # type: ignore[attr-defined]
    assert len(rows) == 1
    assert rows[0].csrf == csrf and rows[0].ended_at is None
    assert cookie(client) not in str(tuple(rows[0]))  # only the key's hash is stored


def manager_client(app: FastAPI, account: AuthAccount) -> tuple[TestClient, str]:
    client = TestClient(app)
    return client, sign_in(client, account.username)


def test_the_secretariat_disables_an_account_and_its_sessions_and_tokens_end(
    app: FastAPI, make_account: MakeAccount
) -> None:
    secretariat = make_account("sam", role="secretariat", delegation="SEC", kind="secretariat")
    ana = make_account("ana")
    with TestClient(app) as ana_browser:
        sign_in(ana_browser, "ana")
        manager, csrf = manager_client(app, secretariat)
        page = manager.post("/admin/accounts/ana/disable", data={"csrf_token": csrf})
        assert page.status_code == 200 and "Account ana disabled" in page.text
        assert ana_browser.get("/api/v1/me").status_code == 401
    refused = TestClient(app).get("/api/v1/me", headers=ana.headers)
    assert refused.status_code == 401 and refused.json()["error"] == "unauthenticated"  # the token was revoked
    form = {"username": "ana", "password": ana.password, "csrf_token": csrf_from(TestClient(app).get("/login").text)}
    with TestClient(app) as again:
        form["csrf_token"] = csrf_from(again.get("/login").text)
        answer = again.post("/login", data=form)
    assert answer.status_code == 403 and "this account is disabled" in answer.text
    # Enabled again, the account signs in anew, but what it held before stays ended.
    assert manager.post("/admin/accounts/ana/enable", data={"csrf_token": csrf}).status_code == 200
    assert TestClient(app).get("/api/v1/me", headers=ana.headers).status_code == 401
    assert TestClient(app).post("/api/v1/tokens", json={"username": "ana", "password": ana.password}).status_code == 201


def test_a_password_reset_ends_sessions_and_tokens_and_the_new_password_works(
    app: FastAPI, make_account: MakeAccount
) -> None:
    admin = make_account("root", role="admin", delegation="SEC")
    ana = make_account("ana")
    api = TestClient(app)
    response = api.put("/api/v1/accounts/ana/password", json={"password": "a brand new one"}, headers=admin.headers)
    assert response.status_code == 200, response.text
    assert api.get("/api/v1/me", headers=ana.headers).status_code == 401
    assert api.post("/api/v1/tokens", json={"username": "ana", "password": ana.password}).status_code == 401
    assert api.post("/api/v1/tokens", json={"username": "ana", "password": "a brand new one"}).status_code == 201
    short = api.put("/api/v1/accounts/ana/password", json={"password": "short"}, headers=admin.headers)
    assert short.status_code == 422 and short.json()["error"] == "invalid" and "8 characters" in short.json()["detail"]


def test_revoking_signs_an_account_out_everywhere(app: FastAPI, make_account: MakeAccount) -> None:
    secretariat = make_account("sam", role="secretariat", delegation="SEC", kind="secretariat")
    ana = make_account("ana")
    with TestClient(app) as browser:
        sign_in(browser, "ana")
        answer = TestClient(app).post("/api/v1/accounts/ana/revoke", headers=secretariat.headers)
        assert answer.json() == {"sessions_ended": 1, "tokens_revoked": 1}
        assert browser.get("/api/v1/me").status_code == 401
    assert TestClient(app).get("/api/v1/me", headers=ana.headers).status_code == 401


def test_the_secretariat_cannot_touch_an_administrator_nor_make_one(app: FastAPI, make_account: MakeAccount) -> None:
    secretariat = make_account("sam", role="secretariat", delegation="SEC", kind="secretariat")
    make_account("root", role="admin", delegation="SEC")
    api = TestClient(app)
    for path in ("/api/v1/accounts/root/disable", "/api/v1/accounts/root/revoke"):
        refused = api.post(path, headers=secretariat.headers)
        assert refused.status_code == 403
        assert refused.json() == {
            "error": "forbidden",
            "detail": "only an administrator creates or manages administrator accounts",
        }
    reset = api.put("/api/v1/accounts/root/password", json={"password": "taken over!"}, headers=secretariat.headers)
    assert reset.status_code == 403
    page, csrf = manager_client(app, secretariat)
    form = {"username": "boss", "delegation": "SEC", "role": "admin", "password": "long enough", "csrf_token": csrf}
    made = page.post("/admin/accounts", data=form, headers={"Accept": "text/html"})
    assert made.status_code == 403 and "only an administrator" in made.text
    listing = page.get("/admin").text
    assert '<option value="admin"' not in listing  # the form offers only the roles the secretariat may give
    assert "/admin/accounts/root/disable" not in listing


def test_no_one_disables_their_own_account(app: FastAPI, make_account: MakeAccount) -> None:
    admin = make_account("root", role="admin", delegation="SEC")
    answer = TestClient(app).post("/api/v1/accounts/root/disable", headers=admin.headers)
    assert answer.status_code == 409 and "your own account" in answer.json()["detail"]


def test_unknown_accounts_are_a_clear_404(app: FastAPI, make_account: MakeAccount) -> None:
    admin = make_account("root", role="admin", delegation="SEC")
    answer = TestClient(app).post("/api/v1/accounts/nobody/disable", headers=admin.headers)
    assert answer.status_code == 404
    assert answer.json() == {"error": "not_found", "detail": "there is no account named 'nobody'"}


def test_tokens_may_carry_an_expiry(app: FastAPI, delegate: AuthAccount) -> None:
    api = TestClient(app)
    soon = datetime.now(UTC) + timedelta(hours=1)
    body = {"username": "ana", "password": delegate.password, "expires_at": soon.isoformat()}
    issued = api.post("/api/v1/tokens", json=body)
    assert issued.status_code == 201
    assert datetime.fromisoformat(issued.json()["expires_at"]) == soon
    token = {"Authorization": f"Bearer {issued.json()['token']}"}
    assert api.get("/api/v1/me", headers=token).status_code == 200
    from app.models import ApiToken

    with Session(app.state.engine) as session:
        session.exec(
            update(ApiToken)
            .where(col(ApiToken.id) == issued.json()["token_id"])
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        session.commit()
    expired = api.get("/api/v1/me", headers=token)
    assert expired.status_code == 401 and "expired at" in expired.json()["detail"]
    past = api.post("/api/v1/tokens", json=body | {"expires_at": "2001-01-01T00:00:00Z"})
    assert past.status_code == 422 and "not in the future" in past.json()["detail"]


def test_the_account_list_shows_state_and_live_sessions(app: FastAPI, make_account: MakeAccount) -> None:
    secretariat = make_account("sam", role="secretariat", delegation="SEC", kind="secretariat")
    make_account("ana")
    with TestClient(app) as browser:
        sign_in(browser, "ana")
        listing = TestClient(app).get("/api/v1/accounts", headers=secretariat.headers).json()
    ana = next(row for row in listing if row["username"] == "ana")
    assert ana == {
        "username": "ana", "display_name": "ana", "role": "delegate", "disabled": False,
        "delegation_code": "BRA", "live_sessions": 1,
    }  # fmt: skip
    assert TestClient(app).get("/api/v1/accounts", headers=make_account("bob").headers).status_code == 403
