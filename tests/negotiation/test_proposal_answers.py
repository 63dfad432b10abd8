"""A proposal's answer is made from the rows its write stored (`Change.written`), not read again: it must be
exactly what reading the paragraph and its sets afresh gives, for every kind of proposal."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session

from app.db import write_session
from app.services.accounts.auth import actor_for_token
from app.services.negotiation import proposals
from app.services.reading import page as reading
from app.services.reading import views
from tests.negotiation.conftest import Cast, bracket_sets, paragraph_containing

Json = dict[str, Any]


def _read_afresh(app: FastAPI, answer: Json) -> Json:
    """The answer's paragraph and sets as a reader of the stored rows gives them after the commit."""
    with Session(app.state.engine) as session:
        paragraph_id = answer["paragraph"]["id"]
        reader = views.paragraph_reader(session=session, paragraph_ids=[paragraph_id])
        return {
            "paragraph": reader.paragraph(reader.row(paragraph_id)).model_dump(mode="json"),
            "rebased": answer["rebased"],
            "bracket_sets": [
                views.set_view(session=session, bracket_set_id=s["id"]).model_dump(mode="json")
                for s in answer["bracket_sets"]
            ],
            "new_alternatives": answer["new_alternatives"],
        }


def _proposed(client: TestClient, app: FastAPI, url: str, headers: dict[str, str], body: Json) -> Json:
    response = client.post(url, json=body, headers=headers)
    assert response.status_code == 201, response.text
    answer: Json = response.json()
    assert answer == _read_afresh(app, answer)
    return answer


def test_every_kind_of_proposal_answers_what_a_fresh_read_gives(
    client: TestClient, app: FastAPI, cast: Cast, seed: Json
) -> None:
    (paragraph, competing), (_, optional) = bracket_sets(seed)
    amend = f"/api/v1/paragraphs/{paragraph['id']}/amendments"
    text = str(paragraph["text"])

    # New wording beside sets that have sponsors, supporters and objectors already.
    first = _proposed(
        client,
        app,
        amend,
        cast.che.headers,
        {"text": text.replace("d'autres réunions", "des consultations"), "base_version": paragraph["version"]},
    )
    assert first["bracket_sets"] and first["new_alternatives"] and first["paragraph"]["version"] == 2

    # Made against version 1: re-applied to version 2 (rebased), with a reason.
    late = text.replace("afin d'examiner les points de vue", "afin d'examiner attentivement les points de vue")
    rebased = _proposed(client, app, amend, cast.usa.headers, {"text": late, "base_version": 1, "reason": "Clarté."})
    assert rebased["rebased"] is True

    # One word changed inside an alternative of an existing set, for a group.
    current = rebased["paragraph"]
    inner = str(optional["alternatives"][0]["text"])
    word = inner.split(" ")[0]
    inside = str(current["text"]).replace(inner, inner.replace(word, f"{word} notamment", 1), 1)
    grouped = _proposed(
        client,
        app,
        amend,
        cast.zaf.headers,
        {"text": inside, "base_version": current["version"], "on_behalf_of": "AFR"},
    )
    assert grouped["paragraph"]["text"] != current["text"]

    # A competing wording added to a set.
    added = _proposed(
        client,
        app,
        f"/api/v1/bracket-sets/{competing['id']}/alternatives",
        cast.bra.headers,
        {"text": "ouvertes aux États Membres", "reason": "Le mandat."},
    )
    assert added["bracket_sets"][0]["alternatives"][-1]["sponsors"] == ["BRA"]

    # A paragraph holding a placeholder.
    title = paragraph_containing(seed, "[...]")
    words = str(title["text"]).split(" ")
    _proposed(
        client,
        app,
        f"/api/v1/paragraphs/{title['id']}/amendments",
        cast.che.headers,
        {"text": " ".join([*words, "révisé"]), "base_version": title["version"]},
    )


def test_a_proposals_page_fragment_from_its_written_rows_is_what_a_fresh_read_gives(
    app: FastAPI, cast: Cast, seed: Json
) -> None:
    """The page's answer to a proposal (htmx) reads only who stands where: the rest comes from the write."""
    (paragraph, _competing), _ = bracket_sets(seed)
    text = str(paragraph["text"]).replace("d'autres réunions", "des consultations")
    engine = app.state.engine
    with Session(engine) as session:
        actor = actor_for_token(session=session, token=cast.che.token)
    with write_session(engine) as session:
        change = proposals.propose_amendment(
            session=session,
            actor=actor,
            paragraph_id=paragraph["id"],
            text=text,
            base_version=paragraph["version"],
            on_behalf_of=None,
        )
    assert change.written is not None and change.bracket_set_ids
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731 -- (conn, cursor, statement, ...)
    event.listen(engine, "before_cursor_execute", listener)
    try:
        with Session(engine) as session:
            answered = reading.paragraphs_page(
                session=session, actor=actor, paragraph_ids=[paragraph["id"]], written=change.written
            )
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert statements and not [s for s in statements if "paragraph.content" in s or "FROM bracket_set" in s]
    with Session(engine) as session:
        fresh = reading.paragraphs_page(session=session, actor=actor, paragraph_ids=[paragraph["id"]])
    assert [p.data for p in answered.paragraphs] == [p.data for p in fresh.paragraphs]
    assert answered == fresh
    assert "des consultations" in answered.paragraphs[0].data.text
