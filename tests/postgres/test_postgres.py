"""The PostgreSQL path: migrations, a negotiation through the API, and concurrent proposals on row locks."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import inspect
from sqlmodel import Session

import app.models
from app import migrate
from app.config import Settings
from app.db import build_engine
from app.services.accounts import auth
from app.services.documents import catalog as documents
from tests.cast import SEED_TITLE, seed_text
from tests.conftest import LiveServer, create_account


def test_migrations_upgrade_and_downgrade_on_postgresql(settings: Settings) -> None:
    engine = build_engine(settings.resolved_database_url())
    try:
        assert engine.dialect.name == "postgresql"
        migrate.upgrade(engine)
        assert set(app.models.SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
        assert migrate.drift(engine) is None
        migrate.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()


def _prepare(app_: FastAPI) -> tuple[dict[str, Any], int]:
    engine = app_.state.engine
    migrate.upgrade(engine)
    accounts = {
        "sec": create_account(engine, "sec", role="secretariat", delegation="SEC", kind="secretariat"),
        "chair": create_account(engine, "chair", role="chair", delegation="CHAIR", kind="secretariat"),
        "che": create_account(engine, "che", delegation="CHE"),
        "usa": create_account(engine, "usa", delegation="USA"),
    }
    with Session(engine) as session:
        actor = auth.actor_for_account(session=session, account_id=accounts["sec"].account_id)
        document = documents.import_text(session=session, title=SEED_TITLE, text=seed_text(), actor=actor)
        assert document.id is not None
        return accounts, document.id


def test_a_negotiation_on_postgresql(app: FastAPI) -> None:
    accounts, document_id = _prepare(app)
    with TestClient(app) as client:
        bracketed = client.get(
            f"/api/v1/documents/{document_id}/export?format=bracketed", headers=accounts["che"].headers
        )
        assert bracketed.content == seed_text().encode("utf-8")
        tree = client.get(f"/api/v1/documents/{document_id}", headers=accounts["che"].headers).json()
        paragraph = next(p for p in tree["paragraphs"] if "organiser d'autres réunions" in p["text"])
        edited = paragraph["text"].replace("organiser d'autres réunions", "tenir des consultations")
        response = client.post(
            f"/api/v1/paragraphs/{paragraph['id']}/amendments",
            json={"text": edited, "base_version": 1},
            headers=accounts["che"].headers,
        )
        assert response.status_code == 201, response.text
        new_set = response.json()["bracket_sets"][0]
        objection = client.put(
            f"/api/v1/alternatives/{new_set['alternatives'][1]['id']}/position",
            json={"stance": "objects"},
            headers=accounts["usa"].headers,
        )
        assert objection.json()["alternatives"][1]["objectors"] == ["USA"]
        resolved = client.post(
            f"/api/v1/bracket-sets/{new_set['id']}/resolution",
            json={"alternative_id": new_set["alternatives"][0]["id"]},
            headers=accounts["chair"].headers,
        )
        assert resolved.status_code == 200
        assert resolved.json()["paragraph"]["text"] == paragraph["text"]
        history = client.get(f"/api/v1/documents/{document_id}/history", headers=accounts["che"].headers).json()
        assert [e["action"] for e in history] == ["imported", "set_proposed", "position_objects", "resolved"]
    app.state.engine.dispose()


def test_concurrent_amendments_on_postgresql(live_server: LiveServer) -> None:
    accounts, document_id = _prepare(live_server.app)
    headers = accounts["che"].headers
    tree = httpx.get(f"{live_server.url}/api/v1/documents/{document_id}", headers=headers).json()
    paragraph = next(p for p in tree["paragraphs"] if "organiser d'autres réunions" in p["text"])
    words = paragraph["text"].split(" ")
    start = next(i for i, word in enumerate(words) if word.endswith("respectifs],"))
    places = [i for i in range(start + 1, len(words)) if words[i].isalpha()][:10]

    def amend(n: int) -> tuple[int, int]:
        edited = list(words)
        edited[places[n % len(places)]] += f" ajout{n:02d}"
        body = {"text": " ".join(edited), "base_version": 1}
        url = f"{live_server.url}/api/v1/paragraphs/{paragraph['id']}/amendments"
        return n, httpx.post(url, json=body, headers=headers, timeout=60).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = dict(pool.map(amend, range(20)))
    assert set(statuses.values()) <= {201, 409}, statuses
    accepted = {n for n, status in statuses.items() if status == 201}
    stored = httpx.get(f"{live_server.url}/api/v1/documents/{document_id}", headers=headers).json()
    text = next(p for p in stored["paragraphs"] if p["id"] == paragraph["id"])["text"]
    assert accepted and {n for n in range(20) if f"[ajout{n:02d}]" in text} == accepted
