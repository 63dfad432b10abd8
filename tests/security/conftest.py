"""A negotiation under way, with one signed-in browser per role, built once into a template database."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docx import Document as WordDocument
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests import databases
from tests.cast import Cast, Template
from tests.conftest import AuthAccount, create_account, csrf_from

SECRET = "matrix-secret-key-for-tests-only-0123456789abcdef"
ROLES = ("admin", "secretariat", "chair", "owner", "other", "observer", "anonymous")
SWISS_EDIT = ("d'autres réunions", "des consultations")


@dataclass(frozen=True)
class Browser:
    """A signed-in browser: its session cookie and CSRF token."""

    cookie: str
    csrf: str


@dataclass(frozen=True)
class World:
    """What the tests act on: ids from the negotiation and a signed-in browser and an API token per role."""

    url: str  # the database this world was played on; each test plays on a copy of it
    accounts: dict[str, AuthAccount]
    browsers: dict[str, Browser]
    document_id: int
    paragraph: dict[str, Any]  # the paragraph with the owner's proposal in it
    title_paragraph_id: int
    plain_paragraph_id: int  # nothing open in it: the chair may mark it agreed
    placeholder_id: int
    open_set_id: int  # an imported bracket set, open
    imported_alternative_id: int  # one of its alternatives (nobody's)
    owner_set_id: int  # the set the owner's amendment made
    owner_alternative_id: int  # the owner's alternative (it proposes it)
    resolved_set_id: int  # a set the chair resolved
    backup: dict[str, Any]
    docx: bytes
    selection: tuple[int, int]  # offsets of a word in the paragraph, outside every bracket
    owner_comment_id: int = 0  # the owner's comment on the open set


def _call(client: TestClient, method: str, url: str, who: AuthAccount, body: Any = None) -> Any:
    response = client.request(method, url, json=body, headers=who.headers)
    assert response.status_code < 300, response.text
    return response.json()


def _browser(client: TestClient, account: AuthAccount) -> Browser:
    client.cookies.clear()
    form = {
        "username": account.username,
        "password": account.password,
        "csrf_token": csrf_from(client.get("/login").text),
    }
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    csrf = csrf_from(client.get("/login").text)
    cookie = client.cookies.get("crochets_session")
    client.cookies.clear()
    assert cookie is not None
    return Browser(cookie, csrf)


def _docx() -> bytes:
    document = WordDocument()
    document.add_paragraph("Le Conseil [décide] [convient] de poursuivre.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_world(negotiation: Template, path: Path) -> World:
    """The seed after the owner (ZAF) proposed wording and the chair resolved one set; a browser per role."""
    url = databases.copy(negotiation.url, path, lasting=True)
    settings = Settings(data_dir=path.parent, database_url=url, secret_key=SECRET)
    app = create_app(settings)
    cast: Cast = negotiation.cast
    admin = create_account(app.state.engine, "root", role="admin", delegation="SEC")
    accounts = {
        "admin": admin,
        "secretariat": cast.secretariat,
        "chair": cast.chair,
        "owner": cast.zaf,
        "other": cast.usa,
        "observer": cast.observer,
    }
    with TestClient(app) as client:
        world = _play(client, accounts, negotiation.document_id or 0, url)
    app.state.engine.dispose()
    return world


def _play(client: TestClient, accounts: dict[str, AuthAccount], doc: int, url: str) -> World:
    seed = _call(client, "GET", f"/api/v1/documents/{doc}", accounts["observer"])
    sets = [(p, run) for p in seed["paragraphs"] for run in p["content"] if run["type"] == "bracket_set"]
    (paragraph, competing), (_, optional) = sets[0], sets[1]
    edited = paragraph["text"].replace(*SWISS_EDIT)
    made = _call(client, "POST", f"/api/v1/paragraphs/{paragraph['id']}/amendments", accounts["owner"],
                 {"text": edited, "base_version": paragraph["version"]})  # fmt: skip
    owner_set = made["bracket_sets"][0]
    owner_alternative = next(a for a in owner_set["alternatives"] if not a["original"])
    _call(client, "POST", f"/api/v1/bracket-sets/{optional['id']}/resolution", accounts["chair"], {"text": ""})
    current = _call(client, "GET", f"/api/v1/documents/{doc}", accounts["observer"])
    paragraph = next(p for p in current["paragraphs"] if p["id"] == paragraph["id"])
    title = next(p for p in current["paragraphs"] if "[...]" in p["text"])
    placeholder = next(run for run in title["content"] if run["type"] == "placeholder")
    plain = next(p for p in current["paragraphs"] if all(run["type"] == "text" for run in p["content"]))
    # A structure change for the chair's undo to reverse (the label changes; nothing else does).
    _call(client, "PUT", f"/api/v1/paragraphs/{plain['id']}/label", accounts["chair"], {"label": "99."})
    word = "préparatoires"  # in the first line of the paragraph, outside every bracket
    start = paragraph["text"].index(word)
    comment = _call(client, "POST", f"/api/v1/bracket-sets/{competing['id']}/comments", accounts["owner"],
                    {"text": "ZAF explains its position."})  # fmt: skip
    backup = client.get(f"/api/v1/documents/{doc}/export?format=json", headers=accounts["chair"].headers).json()
    browsers = {role: _browser(client, account) for role, account in accounts.items()}
    return World(
        url=url,
        accounts=accounts,
        browsers=browsers,
        document_id=doc,
        paragraph=paragraph,
        title_paragraph_id=title["id"],
        plain_paragraph_id=plain["id"],
        placeholder_id=placeholder["id"],
        open_set_id=competing["id"],
        imported_alternative_id=competing["alternatives"][0]["id"],
        owner_set_id=owner_set["id"],
        owner_alternative_id=owner_alternative["id"],
        resolved_set_id=optional["id"],
        backup=backup,
        docx=_docx(),
        selection=(start, start + len(word)),
        owner_comment_id=comment["id"],
    )


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory, negotiation_template: Template) -> World:
    """The negotiation under way, made once."""
    return build_world(negotiation_template, tmp_path_factory.mktemp("world") / "world.sqlite3")
