"""`crochets users disable|enable|reset-password|revoke` and `users token --expires`, as real processes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.auth.test_cli_admin import PASSWORD, crochets, refused


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    assert crochets(data, "delegations", "add", "BRA", "Brazil", "--kind", "member_state").returncode == 0
    add = ("users", "add", "Ana", "--delegation", "BRA", "--role", "delegate", "--password-stdin")
    assert crochets(data, *add, stdin=PASSWORD + "\n").returncode == 0
    return data


def token(data_dir: Path, *options: str) -> str:
    result = crochets(data_dir, "users", "token", "ana", *options)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def me(data_dir: Path, bearer: str) -> int:
    app = create_app(Settings(data_dir=data_dir))
    with TestClient(app) as client:
        status = client.get("/api/v1/me", headers={"Authorization": f"Bearer {bearer}"}).status_code
    app.state.engine.dispose()
    return status


def test_disable_ends_tokens_and_enable_lets_the_account_back_in(data_dir: Path) -> None:
    first = token(data_dir)
    result = crochets(data_dir, "users", "disable", "ANA")
    assert result.returncode == 0 and "disabled ana" in result.stdout
    assert me(data_dir, first) == 401
    assert "(disabled)" in crochets(data_dir, "users", "list").stdout
    refused(crochets(data_dir, "users", "token", "ana"), "disabled")
    assert crochets(data_dir, "users", "enable", "ana").returncode == 0
    assert me(data_dir, first) == 401  # what was revoked stays revoked
    assert me(data_dir, token(data_dir)) == 200
    refused(crochets(data_dir, "users", "disable", "nobody"), "no account named 'nobody'")


def test_reset_password_and_revoke(data_dir: Path) -> None:
    held = token(data_dir)
    result = crochets(data_dir, "users", "reset-password", "ana", "--password-stdin", stdin="another password\n")
    assert result.returncode == 0, result.stderr
    assert me(data_dir, held) == 401
    refused(crochets(data_dir, "users", "reset-password", "ana", "--password-stdin", stdin="short\n"), "8 characters")
    second = token(data_dir)
    revoked = crochets(data_dir, "users", "revoke", "ana")
    assert revoked.returncode == 0 and "1 API token(s) revoked" in revoked.stdout
    assert me(data_dir, second) == 401


def test_token_expiry_as_a_duration_or_a_date(data_dir: Path) -> None:
    result = crochets(data_dir, "users", "token", "ana", "--expires", "30d")
    assert result.returncode == 0, result.stderr
    stated = datetime.fromisoformat(result.stderr.strip().removeprefix("expires "))
    assert abs(stated - (datetime.now(UTC) + timedelta(days=30))) < timedelta(minutes=5)
    assert me(data_dir, result.stdout.strip()) == 200
    dated = crochets(data_dir, "users", "token", "ana", "--expires", "2999-12-31T18:00")
    assert dated.returncode == 0 and "2999-12-31T18:00:00+00:00" in dated.stderr
    refused(crochets(data_dir, "users", "token", "ana", "--expires", "2001-01-01"), "not in the future")
    refused(crochets(data_dir, "users", "token", "ana", "--expires", "soon"), "--expires", "30d")
