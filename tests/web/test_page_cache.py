"""The document page's paragraphs served from the page cache (issue 15): after every kind of change the page is
the one a server without the cache renders, each reader gets the page of what they may do, and each session its
own CSRF token."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session

from app.config import Settings
from app.main import create_app
from app.models import Paragraph
from app.services.accounts import delegations
from app.services.documents import catalog as documents
from app.services.negotiation import blocks
from app.services.reading.page import OutlineEntry
from app.web.page_cache import PageCache, PageKey, RenderedParagraphs
from bench.generate import generate
from tests.cast import Cast
from tests.conftest import sign_in

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
ANY_TOKEN = re.compile(r'(name="csrf_token" value=|"X-CSRF-Token": )"[^"]+"')


@pytest.fixture
def uncached(settings: Settings) -> Iterator[TestClient]:
    """A second server on the same database that keeps no page: every page it answers is rendered anew."""
    application = create_app(settings.model_copy(update={"page_cache_mb": 0}))
    with TestClient(application) as client:
        yield client
    application.state.engine.dispose()


def _same_page(cached: TestClient, uncached: TestClient, url: str, headers: dict[str, str]) -> str:
    first = cached.get(url, headers=headers)
    again = cached.get(url, headers=headers)  # from the cache
    fresh = uncached.get(url, headers=headers)
    assert first.status_code == again.status_code == fresh.status_code == 200
    # Each client has its own cookie, so its own CSRF token; everything else is the same, byte for byte.
    assert ANY_TOKEN.sub("", again.text) == ANY_TOKEN.sub("", first.text) == ANY_TOKEN.sub("", fresh.text)
    return again.text


def _paragraphs(client: TestClient, document_id: int, headers: dict[str, str]) -> tuple[dict, dict, int]:  # type: ignore[type-arg]
    """The first paragraph with a bracket set, that set, and the id of a paragraph with none."""
    view = client.get(f"/api/v1/documents/{document_id}", headers=headers).json()
    sets = [(p, run) for p in view["paragraphs"] for run in p["content"] if run["type"] == "bracket_set"]
    plain = [p["id"] for p in view["paragraphs"] if all(run["type"] == "text" for run in p["content"])]
    return sets[0][0], sets[0][1], plain[-1]


def test_every_kind_of_change_shows_on_the_next_page(
    client: TestClient, uncached: TestClient, cast: Cast, document_id: int
) -> None:
    page = f"/documents/{document_id}"
    readers = (cast.chair.headers, cast.che.headers, cast.observer.headers)
    paragraph, bracket_set, plain = _paragraphs(client, document_id, cast.che.headers)
    pid, version = paragraph["id"], paragraph["version"]
    alternative = bracket_set["alternatives"][0]["id"]
    amended = paragraph["text"].rstrip() + " Texte nouveau."
    changes = [
        ("put", f"/api/v1/alternatives/{alternative}/position", {"stance": "objects"}, cast.usa),
        ("post", f"/api/v1/paragraphs/{pid}/comments", {"text": "We need more time."}, cast.bra),
        ("post", f"/api/v1/paragraphs/{pid}/amendments", {"text": amended, "base_version": version}, cast.che),
        ("post", f"/api/v1/bracket-sets/{bracket_set['id']}/resolution", {"alternative_id": alternative}, cast.chair),
        ("put", f"/api/v1/paragraphs/{plain}/status", {"status": "informals"}, cast.chair),
        ("put", f"/api/v1/paragraphs/{pid}/label", {"label": "9 bis."}, cast.chair),
        ("post", f"/api/v1/paragraphs/{plain}/insert", {"text": "Un paragraphe nouveau."}, cast.chair),
        ("post", f"/api/v1/paragraphs/{pid}/move", {"after_id": plain}, cast.chair),
        ("post", f"/api/v1/documents/{document_id}/structure/undo", {}, cast.chair),
        ("put", f"/api/v1/documents/{document_id}/phase", {"proposals_open": False}, cast.chair),
    ]
    before = {_same_page(client, uncached, page, headers) for headers in readers}
    seen = set(before)
    for method, url, body, who in changes:
        response = client.request(method.upper(), url, json=body, headers=who.headers)
        assert response.status_code in (200, 201), (url, response.text)
        pages = {_same_page(client, uncached, page, headers) for headers in readers}
        assert not pages & seen, f"a page after {url} is one from before it"
        seen |= pages
    # A delegation's name corrected in the database (no event of the document): the new name is on the page.
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        delegations.get(session=session, code="CHE").name = "Confédération suisse"
        session.commit()
    assert "Confédération suisse" in _same_page(client, uncached, page, cast.chair.headers)


def test_filters_and_readers_each_get_their_own_page(
    client: TestClient, uncached: TestClient, cast: Cast, document_id: int
) -> None:
    page = f"/documents/{document_id}"
    fragment = {"HX-Request": "true"}
    chair = _same_page(client, uncached, page, cast.chair.headers)
    delegate = _same_page(client, uncached, page, cast.che.headers)
    assert "Set status" in chair and "Set status" not in delegate
    assert "Edit as my delegation wants it" in delegate and "Edit as my delegation wants it" not in chair
    contested = _same_page(client, uncached, page + "?contested=1", cast.che.headers | fragment)
    assert contested.lstrip().startswith('<div id="paragraphs"') and len(contested) < len(delegate)
    paragraph, _set, _plain = _paragraphs(client, document_id, cast.che.headers)
    amendment = {"text": paragraph["text"].rstrip() + " Texte nouveau.", "base_version": paragraph["version"]}
    answer = client.post(f"/api/v1/paragraphs/{paragraph['id']}/amendments", json=amendment, headers=cast.che.headers)
    assert answer.status_code == 201, answer.text
    mine = {
        who.headers["Authorization"]: _same_page(client, uncached, page + "?mine=1", who.headers | fragment)
        for who in (cast.che, cast.zaf)
    }
    assert len(set(mine.values())) == 2  # "mine" depends on the delegation: Switzerland has proposed, South Africa not


def test_each_session_gets_its_own_csrf_token_from_the_cache(
    app: FastAPI, client: TestClient, cast: Cast, document_id: int
) -> None:
    with TestClient(app) as other:
        tokens = [sign_in(c, cast.chair.username, cast.chair.password) for c in (client, other)]
        pages = [c.get(f"/documents/{document_id}").text for c in (client, other)]
        for token, html in zip(tokens, pages, strict=True):
            assert set(TOKEN.findall(html)) == {token}
        assert tokens[0] != tokens[1]
        assert len(app.state.page_cache) == 1  # the second chair's page came from the first one's
        # The token written in works: the second chair sets a paragraph's status with the form's token.
        pid = int(re.search(r'data-paragraph="(\d+)"', pages[1]).group(1))  # type: ignore[union-attr]
        answer = other.post(f"/paragraphs/{pid}/status", data={"status": "ad_ref", "csrf_token": tokens[1]})
        assert answer.status_code == 200, answer.text


def test_a_kept_page_reads_no_paragraph(app: FastAPI, client: TestClient, cast: Cast, document_id: int) -> None:
    statements: list[str] = []
    engine = app.state.engine

    def count(_conn, _cursor, statement, _parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    client.get(f"/documents/{document_id}", headers=cast.che.headers)
    event.listen(engine, "before_cursor_execute", count)
    try:
        client.get(f"/documents/{document_id}", headers=cast.che.headers)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    table = Paragraph.__tablename__
    assert statements and not [s for s in statements if f"FROM {table}" in s or "FROM bracketset" in s.lower()]


def _entry(size: int) -> RenderedParagraphs:
    pieces = [b"<div>", b"x" * (size - 11), b"</div>"]
    return RenderedParagraphs.of(pieces, 0, (OutlineEntry(1, 1, "", "", False),), 1)


def _key(document_id: int, event_id: int, chair: bool = False) -> PageKey:
    return PageKey(document_id, event_id, (), chair, False, (), False, False)


def test_the_cache_keeps_a_page_a_reader_and_document_within_its_budget() -> None:
    cache = PageCache(800)
    cache.put(_key(1, 5), _entry(100))
    cache.put(_key(1, 5, chair=True), _entry(100))
    cache.put(_key(2, 3), _entry(100))
    assert cache.get(_key(1, 5)) is not None and cache.get(_key(1, 6)) is None
    cache.put(_key(1, 6), _entry(100))  # in place of the page of event 5, which no reader can ask for again
    assert cache.get(_key(1, 5)) is None and cache.get(_key(1, 6)) is not None and len(cache) == 3
    kept = cache.kept(_key(1, 5, chair=True))  # the chair's page of event 5, to update for event 6
    assert kept is not None and kept[0] == 5
    cache.put(_key(1, 4), _entry(100))  # a reader who started before event 5 finished last: not kept
    assert cache.get(_key(1, 6)) is not None
    cache.put(_key(3, 1), _entry(101))  # over an eighth of the budget: not kept
    assert cache.get(_key(3, 1)) is None
    for document in range(4, 12):
        cache.put(_key(document, 1), _entry(100))
    assert len(cache) == 8 and cache.get(_key(2, 3)) is None  # the least recently used went first


def _full_reads(app: FastAPI, client: TestClient, url: str, headers: dict[str, str]) -> list[str]:
    """The statements of one page that read every paragraph's content (a page read whole)."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, _parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(app.state.engine, "before_cursor_execute", count)
    try:
        assert client.get(url, headers=headers).status_code == 200
    finally:
        event.remove(app.state.engine, "before_cursor_execute", count)
    return [s for s in statements if "paragraph.content" in s and " IN (" not in s]


def test_a_change_costs_the_next_reader_its_paragraphs_not_the_page(
    app: FastAPI, client: TestClient, uncached: TestClient, cast: Cast
) -> None:
    # A generated text of negotiation shape: sets nested deep, options over whole paragraphs, placeholders.
    made = client.post(
        "/api/v1/documents", json={"title": "Generated", "text": generate(3, 80)}, headers=cast.secretariat.headers
    )
    assert made.status_code == 201, made.text
    document = made.json()
    page = f"/documents/{document['id']}"
    readers = (cast.chair.headers, cast.che.headers)
    for headers in readers:
        _same_page(client, uncached, page, headers)
    spans, option = _blocks(client, document["id"])
    inside = {p for span in spans for p in span}
    sets = [(p, run) for p in document["paragraphs"] for run in p["content"] if run["type"] == "bracket_set"]
    outside_paragraph, outside = next((p["id"], run) for p, run in sets if p["id"] not in inside)
    within = next(run for p, run in sets if p["id"] in inside)
    # A position on a set of an ordinary paragraph: the kept pages get that paragraph rendered anew.
    answer = client.put(
        f"/api/v1/alternatives/{outside['alternatives'][0]['id']}/position",
        json={"stance": "supports"},
        headers=cast.usa.headers,
    )
    assert answer.status_code == 200, answer.text
    for headers in readers:
        assert _full_reads(app, client, page, headers) == []
        _same_page(client, uncached, page, headers)
    # Inside an option over whole paragraphs: the same, the options themselves unchanged.
    answer = client.put(
        f"/api/v1/alternatives/{within['alternatives'][0]['id']}/position",
        json={"stance": "objects"},
        headers=cast.usa.headers,
    )
    assert answer.status_code == 200, answer.text
    assert _full_reads(app, client, page, cast.che.headers) == []
    _same_page(client, uncached, page, cast.che.headers)
    # A position on an option itself shows in its mark, where the option begins: that paragraph is read anew.
    before = _same_page(client, uncached, page, cast.che.headers)
    answer = client.put(
        f"/api/v1/alternatives/{option}/position", json={"stance": "supports"}, headers=cast.bra.headers
    )
    assert answer.status_code == 200, answer.text
    assert _full_reads(app, client, page, cast.che.headers) == []
    assert _same_page(client, uncached, page, cast.che.headers).count("chip-support") > before.count("chip-support")
    # Several changes, an amendment among them, between two readings: all of them, and only them.
    ordinary = list({p["id"]: p for p, _run in sets if p["id"] not in inside and p["id"] != outside_paragraph}.values())
    for number, paragraph in enumerate(ordinary[:3]):
        text = paragraph["text"].rstrip() + f" Further words {number}."
        body = {"text": text, "base_version": paragraph["version"]}
        answer = client.post(f"/api/v1/paragraphs/{paragraph['id']}/amendments", json=body, headers=cast.bra.headers)
        assert answer.status_code == 201, answer.text
    assert _full_reads(app, client, page, cast.che.headers) == []  # Switzerland's page was read whole after the last
    assert "Further words 2." in _same_page(client, uncached, page, cast.che.headers)
    # The chair's page, kept before the position on the option, gets every change since.
    assert _full_reads(app, client, page, cast.chair.headers) == []
    _same_page(client, uncached, page, cast.chair.headers)
    # A paragraph moved: every paragraph after it may be named anew, so the page is read whole.
    first, second = (p["id"] for p in document["paragraphs"][:2])
    moved = client.post(f"/api/v1/paragraphs/{first}/move", json={"after_id": second}, headers=cast.chair.headers)
    assert moved.status_code == 200, moved.text
    assert _full_reads(app, client, page, cast.che.headers) != []
    _same_page(client, uncached, page, cast.che.headers)


def _blocks(client: TestClient, document_id: int) -> tuple[list[set[int]], int]:
    """The paragraphs each live alternative of an open set over whole paragraphs spans, and one's id."""
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        order = [p.id for p in documents.paragraphs(session=session, document_id=document_id)]
        rows = blocks.open_alternative_rows(session=session, document_id=document_id)
    spans = [(order.index(row.first_paragraph_id), order.index(row.last_paragraph_id)) for row in rows]
    assert spans, "the generated text has options over whole paragraphs"
    return [set(order[first : last + 1]) for first, last in spans], rows[-1].id
