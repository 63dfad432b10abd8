"""Comments and reasons through the API and the services: attributed, timestamped, in the history, never deleted."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Comment
from app.services.accounts import auth
from app.services.errors import Forbidden, Invalid, TooLarge
from app.services.negotiation import comments
from tests.negotiation.conftest import Cast, bracket_sets

Json = dict[str, Any]


def _first_set(seed: Json) -> tuple[Json, Json]:
    paragraph, run = bracket_sets(seed)[0]
    return paragraph, run


def _history(client: TestClient, cast: Cast, document_id: int) -> list[Json]:
    response = client.get(f"/api/v1/documents/{document_id}/history", headers=cast.observer.headers)
    assert response.status_code == 200, response.text
    entries: list[Json] = response.json()
    return entries


def _stored(app: FastAPI) -> list[Comment]:
    with Session(app.state.engine) as session:
        return list(session.exec(select(Comment).order_by(Comment.id)))  # type: ignore[arg-type]


def test_a_delegate_comments_on_a_set_for_a_group(client: TestClient, cast: Cast, seed: Json) -> None:
    _, run = _first_set(seed)
    body = {"text": "  The African Group cannot accept this wording before the informals.  ", "on_behalf_of": "AFR"}
    response = client.post(f"/api/v1/bracket-sets/{run['id']}/comments", json=body, headers=cast.zaf.headers)
    assert response.status_code == 201, response.text
    comment = response.json()
    assert comment["text"] == "The African Group cannot accept this wording before the informals."
    assert comment["kind"] == "comment" and comment["state"] == "live"
    assert (comment["author"], comment["delegation"], comment["acting_delegation"]) == ("Thandi Nkosi", "AFR", "ZAF")
    assert comment["by"] == "Thandi Nkosi (ZAF for AFR)"
    assert comment["bracket_set_id"] == run["id"] and comment["created_at"]

    listed = client.get(f"/api/v1/bracket-sets/{run['id']}/comments", headers=cast.observer.headers).json()
    assert [c["id"] for c in listed] == [comment["id"]]
    last = _history(client, cast, seed["id"])[-1]
    assert last["action"] == "commented" and last["bracket_set_id"] == run["id"]
    assert last["by"] == "South Africa for African Group"
    assert "informals" in last["summary"]


def test_a_withdrawn_comment_stays_with_its_state(client: TestClient, cast: Cast, seed: Json, app: FastAPI) -> None:
    _, run = _first_set(seed)
    made = client.post(
        f"/api/v1/bracket-sets/{run['id']}/comments", json={"text": "Too early."}, headers=cast.che.headers
    ).json()
    url = f"/api/v1/comments/{made['id']}/withdrawal"
    refused = client.post(url, headers=cast.usa.headers)
    assert refused.status_code == 403 and "another delegation's" in refused.json()["detail"]
    withdrawn = client.post(url, headers=cast.che.headers)
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["state"] == "withdrawn" and withdrawn.json()["withdrawn_at"]
    again = client.post(url, headers=cast.che.headers)
    assert again.status_code == 409 and "already withdrawn" in again.json()["detail"]
    rows = _stored(app)
    assert [(r.text, r.withdrawn_at is not None) for r in rows] == [("Too early.", True)]
    assert _history(client, cast, seed["id"])[-1]["action"] == "comment_withdrawn"


@pytest.mark.parametrize(
    ("who", "text", "status", "words"),
    [
        ("che", "   ", 422, ("text: the comment is empty",)),
        ("che", "x" * 5001, 413, ("text: 5,001 characters", "at most 5,000")),
        ("che", "hidden\u202eright-to-left", 422, ("text",)),
        ("observer", "I object.", 403, ("observers",)),
        ("chair", "I object.", 403, ("delegates do",)),
        ("che", "x" * 20_001, 422, ("text",)),
    ],
)
def test_refused_comments_say_what_and_where_and_store_nothing(
    client: TestClient, cast: Cast, seed: Json, app: FastAPI, who: str, text: str, status: int, words: tuple[str, ...]
) -> None:
    _, run = _first_set(seed)
    before = len(_history(client, cast, seed["id"]))
    headers = getattr(cast, who).headers
    response = client.post(f"/api/v1/bracket-sets/{run['id']}/comments", json={"text": text}, headers=headers)
    assert response.status_code == status, response.text
    detail = str(response.json()["detail"])
    for word in words:
        assert word in detail, detail
    assert _stored(app) == []
    assert len(_history(client, cast, seed["id"])) == before


def test_unknown_set_or_comment_is_named(client: TestClient, cast: Cast) -> None:
    response = client.post("/api/v1/bracket-sets/999999/comments", json={"text": "x"}, headers=cast.che.headers)
    assert response.status_code == 404 and "999999" in response.json()["detail"]
    response = client.post("/api/v1/comments/424242/withdrawal", headers=cast.che.headers)
    assert response.status_code == 404 and "424242" in response.json()["detail"]


def test_a_paragraph_comment(client: TestClient, cast: Cast, seed: Json) -> None:
    paragraph, _ = _first_set(seed)
    response = client.post(
        f"/api/v1/paragraphs/{paragraph['id']}/comments", json={"text": "Merge with OP 3."}, headers=cast.bra.headers
    )
    assert response.status_code == 201, response.text
    assert response.json()["paragraph_id"] == paragraph["id"] and response.json()["bracket_set_id"] is None
    listed = client.get(f"/api/v1/documents/{seed['id']}/comments", headers=cast.observer.headers).json()
    assert [c["text"] for c in listed] == ["Merge with OP 3."]


def test_a_reason_given_with_an_alternative(client: TestClient, cast: Cast, seed: Json) -> None:
    _, run = _first_set(seed)
    body = {"text": "dans le cadre du mandat de l'UIT", "reason": "Keeps the text within the ITU's mandate."}
    response = client.post(f"/api/v1/bracket-sets/{run['id']}/alternatives", json=body, headers=cast.usa.headers)
    assert response.status_code == 201, response.text
    alternative_id = response.json()["new_alternatives"][0]
    listed = client.get(f"/api/v1/bracket-sets/{run['id']}/comments", headers=cast.observer.headers).json()
    assert [(c["kind"], c["text"], c["alternative_id"], c["by"]) for c in listed] == [
        ("justification", "Keeps the text within the ITU's mandate.", alternative_id, "Dana Lee (USA)")
    ]
    actions = [e["action"] for e in _history(client, cast, seed["id"])[-2:]]
    assert actions == ["alternative_proposed", "justified"]


def test_a_reason_given_with_an_amendment_goes_to_each_new_set(client: TestClient, cast: Cast, seed: Json) -> None:
    paragraph, _ = _first_set(seed)
    text = str(paragraph["text"]).replace("d'autres réunions", "des consultations")
    body = {"text": text, "base_version": paragraph["version"], "reason": "Consultations is the agreed term."}
    response = client.post(f"/api/v1/paragraphs/{paragraph['id']}/amendments", json=body, headers=cast.che.headers)
    assert response.status_code == 201, response.text
    sets = [s["id"] for s in response.json()["bracket_sets"]]
    listed = client.get(f"/api/v1/documents/{seed['id']}/comments", headers=cast.observer.headers).json()
    assert sorted(c["bracket_set_id"] for c in listed) == sorted(sets)
    assert {c["kind"] for c in listed} == {"justification"}


def test_a_too_long_reason_refuses_the_whole_proposal(client: TestClient, cast: Cast, seed: Json, app: FastAPI) -> None:
    _, run = _first_set(seed)
    body = {"text": "autre libellé", "reason": "r" * 5001}
    response = client.post(f"/api/v1/bracket-sets/{run['id']}/alternatives", json=body, headers=cast.usa.headers)
    assert response.status_code == 413 and response.json()["detail"].startswith("reason: 5,001 characters")
    after = client.get(f"/api/v1/bracket-sets/{run['id']}/history", headers=cast.observer.headers).json()
    assert len(after["alternatives"]) == len(run["alternatives"])
    assert _stored(app) == []


# --- the service, called directly ---------------------------------------------------------------------------


def _actor(app: FastAPI, account_id: int) -> auth.Actor:
    with Session(app.state.engine) as session:
        return auth.actor_for_account(session=session, account_id=account_id)


def test_service_checks_text_before_anything(app: FastAPI, cast: Cast, seed: Json) -> None:
    assert comments.check_text("  ok \n", field="text") == "ok"
    assert comments.check_reason("   ") is None and comments.check_reason(None) is None
    with pytest.raises(Invalid, match="reason: the comment is empty"):
        comments.check_text("", field="reason")
    with pytest.raises(TooLarge, match="at most 5,000"):
        comments.check_text("a" * 5001, field="text")
    _, run = _first_set(seed)
    with Session(app.state.engine) as session:
        change = comments.comment_on_set(
            session=session,
            actor=_actor(app, cast.bra.account_id),
            bracket_set_id=run["id"],
            text="Fine.",
            on_behalf_of=None,
        )
    assert change.kind == "comment" and change.bracket_set_ids == (run["id"],) and len(change.comment_ids) == 1
    assert change.paragraph_ids == ()  # a comment changes no wording
    with Session(app.state.engine) as session, pytest.raises(Forbidden, match="another delegation's"):
        comments.withdraw(session=session, actor=_actor(app, cast.che.account_id), comment_id=change.comment_ids[0])
