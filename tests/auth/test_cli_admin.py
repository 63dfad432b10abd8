"""`crochets delegations …` and `crochets users …` as real processes on a configured data directory."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import Settings
from app.main import create_app
from app.services.accounts import accounts, delegations
from tests.conftest import CROCHETS

PASSWORD = "a long enough password"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def crochets(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CROCHETS_")}
    environment["CROCHETS_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [str(CROCHETS), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=data_dir.parent,
        env=environment,
        timeout=60,
        check=False,
    )


def refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("crochets: "), result.stderr
    for word in words:
        assert word in lines[0]


def stored(data_dir: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    app = create_app(Settings(data_dir=data_dir))
    try:
        with Session(app.state.engine) as session:
            return {row.code: (row.kind, row.groups) for row in delegations.list_all(session=session)}
    finally:
        app.state.engine.dispose()


def test_delegations_add(data_dir: Path) -> None:
    assert crochets(data_dir, "delegations", "add", "AFR", "African Group", "--kind", "group").returncode == 0
    result = crochets(data_dir, "delegations", "add", "zaf", "South Africa", "--kind", "member_state", "--group", "AFR")
    assert result.returncode == 0, result.stderr
    assert "ZAF" in result.stdout
    refused(crochets(data_dir, "delegations", "add", "ZAF", "Again", "--kind", "member_state"), "ZAF", "already exists")
    refused(crochets(data_dir, "delegations", "add", "CHE", "Switzerland", "--kind", "state"), "kind", "member_state")
    refused(
        crochets(data_dir, "delegations", "add", "CHE", "Switzerland", "--kind", "member_state", "--group", "WEOG"),
        "WEOG",
    )
    assert stored(data_dir) == {"AFR": ("group", ()), "ZAF": ("member_state", ("AFR",))}


def test_delegations_import_is_all_or_nothing(data_dir: Path) -> None:
    bad = data_dir.parent / "bad.csv"
    bad.write_text(
        "code,name,kind,groups\nWEOG,Western European and Others,group,\nCHE,Switzerland,member_state,WEOG\n"
        "FRA,France,member_state,WEOG;EU\n",
        encoding="utf-8",
    )
    refused(crochets(data_dir, "delegations", "import", str(bad)), "line 4", "EU")
    assert stored(data_dir) == {}
    good = data_dir.parent / "good.csv"
    good.write_text(
        "\ufeffcode,name,kind,groups\nCHE,Switzerland,member_state,WEOG\nWEOG,Western European and Others,group,\n"
        'EU,European Union,group,\nFRA,France,member_state,"WEOG; EU"\nISOC,Internet Society,observer,\n',
        encoding="utf-8",
    )
    result = crochets(data_dir, "delegations", "import", str(good))
    assert result.returncode == 0, result.stderr
    assert stored(data_dir) == {
        "CHE": ("member_state", ("WEOG",)),
        "EU": ("group", ()),
        "FRA": ("member_state", ("EU", "WEOG")),
        "ISOC": ("observer", ()),
        "WEOG": ("group", ()),
    }
    refused(crochets(data_dir, "delegations", "import", str(good)), "line 2", "CHE", "already exists")


def test_users_add_and_token(data_dir: Path) -> None:
    assert crochets(data_dir, "delegations", "add", "BRA", "Brazil", "--kind", "member_state").returncode == 0
    add = ("users", "add", "ana", "--delegation", "BRA", "--role", "delegate", "--password-stdin")
    result = crochets(data_dir, *add, "--display-name", "Ana Silva", stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    refused(crochets(data_dir, *add, stdin=PASSWORD + "\n"), "ana", "already exists")
    refused(
        crochets(data_dir, "users", "add", "bob", "--delegation", "XXX", "--role", "delegate", "--password-stdin"),
        "XXX",
    )
    refused(
        crochets(data_dir, "users", "add", "bob", "--delegation", "BRA", "--role", "king", "--password-stdin"),
        "role",
        "king",
    )
    refused(crochets(data_dir, "users", "token", "nobody"), "nobody")
    token = crochets(data_dir, "users", "token", "ana", "--label", "laptop")
    assert token.returncode == 0, token.stderr
    lines = token.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("crochets_")
    app = create_app(Settings(data_dir=data_dir))
    with TestClient(app) as client:
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {lines[0]}"})
        assert me.status_code == 200
        assert me.json()["display_name"] == "Ana Silva"
        with Session(app.state.engine) as session:
            account = accounts.find(session=session, username="ana")
            assert account is not None and account.password_hash.startswith("$argon2")
