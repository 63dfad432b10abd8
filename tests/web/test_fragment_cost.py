"""A change renders the fragments its `Change` names from the rows of that paragraph, not the whole document."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

from app.models import AlternativeRow, BracketSetRow, Paragraph, Position
from tests.cast import Cast
from tests.conftest import sign_in

HTMX = {"HX-Request": "true"}
PARAGRAPHS = 120


@contextmanager
def rows_loaded() -> Iterator[Counter[str]]:
    """Count the rows of each table that the ORM loads while the block runs."""
    loaded: Counter[str] = Counter()
    listeners = []
    for model in (Paragraph, BracketSetRow, AlternativeRow, Position):

        def on_load(_target: Any, _context: Any, name: str = model.__tablename__) -> None:
            loaded[str(name)] += 1

        event.listen(model, "load", on_load)
        listeners.append((model, on_load))
    try:
        yield loaded
    finally:
        for model, listener in listeners:
            event.remove(model, "load", listener)


def test_a_support_click_reads_its_paragraph_once_not_the_document(client: TestClient, cast: Cast) -> None:
    text = "\n".join(f"{n}\tLes Parties [décident][conviennent] d'agir au point {n}." for n in range(1, PARAGRAPHS + 1))
    body = {"title": "Long draft", "text": text}
    document = client.post("/api/v1/documents", json=body, headers=cast.secretariat.headers).json()
    assert len(document["paragraphs"]) == PARAGRAPHS
    target = document["paragraphs"][PARAGRAPHS // 2]
    bracket_set = next(run for run in target["content"] if run["type"] == "bracket_set")
    alternative_id = bracket_set["alternatives"][0]["id"]
    csrf = sign_in(client, "bra")

    with rows_loaded() as loaded:
        response = client.post(
            f"/alternatives/{alternative_id}/position",
            data={"stance": "supports", "on_behalf_of": "BRA"},
            headers=HTMX | {"X-CSRF-Token": csrf},
        )

    assert response.status_code == 200, response.text
    assert f'id="p-{target["id"]}"' in response.text and 'id="set-panel"' in response.text
    # The write loads the paragraph and its one set; the fragment reads them again once, fresh: paragraph and
    # panel share one read of the paragraph's rows. A whole-document view would load 120 of each.
    assert loaded["paragraph"] <= 4, loaded
    assert loaded["bracket_set"] <= 4, loaded
    assert loaded["alternative"] <= 8, loaded
