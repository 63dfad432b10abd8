"""Usernames: NFKC, case-folded, unique in that form, invisible characters refused; old rows migrated safely."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from app import migrate
from app.db import build_engine
from app.services.accounts import usernames
from app.services.errors import Invalid
from tests.conftest import AuthAccount, MakeAccount


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Che", "che"),
        ("ＣＨＥ", "che"),
        (" che ", "che"),
        ("Straße", "strasse"),
        ("José.M", "josé.m"),
        ("ǅemal", "džemal"),
    ],
)
def test_names_are_stored_in_one_canonical_form(typed: str, stored: str) -> None:
    assert usernames.normalise(typed) == stored


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("che\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\u202etdopa", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("ana\u2066x", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("ana\x1b[31m", "U+001B, a control character"),
        ("an\x00a", "U+0000"),
        ("a b", "a space"),
        ("a\u00a0b", "a space"),
        ("-ana", "not allowed at the start"),
        ("ana/../x", "U+002F SOLIDUS"),
        ("", "1 to 80 characters"),
        ("x" * 81, "1 to 80 characters"),
    ],
)
def test_invisible_control_and_odd_characters_are_refused_with_their_code(typed: str, words: str) -> None:
    with pytest.raises(Invalid) as refused:
        usernames.normalise(typed)
    for word in words.split(", "):
        assert word in refused.value.detail


def test_look_alikes_cannot_be_created_beside_an_account(
    app: FastAPI, make_account: MakeAccount, delegate: AuthAccount
) -> None:
    admin = make_account("root", role="admin", delegation="SEC")
    api = TestClient(app)
    for look_alike in ("Ana", "ANA", "ａｎａ", "ana\u200b"):
        form = {"username": look_alike, "delegation": "BRA", "role": "delegate", "password": "long enough"}
        answer = api.post("/admin/accounts", data=form, headers=admin.headers)
        assert answer.status_code in (409, 422), (look_alike, answer.text)
        assert answer.json()["error"] in ("conflict", "invalid")
    taken = api.post(
        "/admin/accounts",
        data={"username": "ANA", "delegation": "BRA", "role": "delegate", "password": "long enough"},
        headers=admin.headers,
    ).json()
    assert taken == {
        "error": "conflict",
        "detail": "an account named 'ana' already exists ('ANA' is the same name as 'ana')",
    }


def test_the_admin_page_shows_the_rule_in_its_error(app: FastAPI, make_account: MakeAccount) -> None:
    admin = make_account("root", role="admin", delegation="SEC")
    form = {"username": "che\u200b", "delegation": "SEC", "role": "delegate", "password": "long enough"}
    page = TestClient(app).post("/admin/accounts", data=form, headers={"Accept": "text/html", **admin.headers})
    assert page.status_code == 422
    assert "U+200B ZERO WIDTH SPACE" in page.text and "<!doctype html>" in page.text.lower()


def test_sign_in_matches_the_canonical_form(client: TestClient, delegate: AuthAccount) -> None:
    for typed in ("ana", "Ana", "ＡＮＡ", " ana"):
        answer = client.post("/api/v1/tokens", json={"username": typed, "password": delegate.password})
        assert answer.status_code == 201, typed
    assert (
        client.post("/api/v1/tokens", json={"username": "ana\u200b", "password": delegate.password}).status_code == 401
    )


def test_the_migration_normalises_existing_rows_and_disables_look_alikes(tmp_path: Path) -> None:
    engine = build_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = migrate.alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
    now = datetime.now(UTC).isoformat(sep=" ")
    old = ["Ana", "che\u200b", "che", "Che", "ＢＯＢ", "bob-4"]
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO delegation (id, code, name, kind) VALUES (1, 'BRA', 'Brazil', 'member_state')")
        )
        for number, name in enumerate(old, start=1):
            connection.execute(
                text(
                    "INSERT INTO account (id, username, display_name, delegation_id, role, password_hash, created_at) "
                    "VALUES (:id, :name, :name, 1, 'delegate', 'x', :now)"
                ),
                {"id": number, "name": name, "now": now},
            )
    migrate.upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, username, disabled_at IS NOT NULL FROM account ORDER BY id")).all()
    # Back and forth with rows in place (other tables' rows refer to the accounts).
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO api_token (account_id, token_hash, label, created_at) VALUES (1, 'h', '', :now)"),
            {"now": now},
        )
    migrate.downgrade(engine, "0007")
    migrate.upgrade(engine)
    engine.dispose()
    assert [tuple(row) for row in rows] == [
        (1, "ana", False),  # only its case changed: same person, same login
        (2, "che-2", True),  # a look-alike of the existing `che`: renamed, disabled for an administrator to review
        (3, "che", False),  # already canonical: keeps its name
        (4, "che-4", True),
        (5, "bob", False),
        (6, "bob-4", False),
    ]
