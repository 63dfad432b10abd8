"""Random edits of a paragraph through the real amendment service on a real SQLite file.

Whatever a delegate sends, the answer is never a 500: either the amendment is stored and the stored text is the
text the service reported, or it is a typed refusal (403, 409, 422) and nothing changed.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cast import Cast
from tests.inputs.conftest import import_document

WORDING = ["shall ", " should", "the Parties ", " may", "urges ", " all", ",", ".", " ", "é", "…", "\t"]
PIECES = st.sampled_from(
    WORDING * 4 + [
        "[", "]", "[may]", "[...]", "[ ]", "\n", "\r\n", "\u202e", "\u200b", "\x00", "[footnoteRef:1]",
        "[1: note]", "[[a] [b]]", "] [",
    ]
)  # fmt: skip
EDITS = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=1), st.integers(min_value=0, max_value=12), PIECES | st.text(max_size=3)
    ),
    min_size=1,
    max_size=6,
)
SEED = "Decides [to adopt] [to note] the [draft] text of [...] and invites the Parties to report.\n"
ACCEPTED, REFUSED = 201, {403, 409, 422}


def edited(text: str, edits: list[tuple[float, int, str]]) -> str:
    """The text with each edit applied: at a place, cut some characters and put a piece there."""
    for where, cut, piece in edits:
        at = int(where * len(text))
        text = text[:at] + piece + text[at + cut :]
    return text


def state(client: TestClient, cast: Cast, document_id: int) -> tuple[Any, Any]:
    document = client.get(f"/api/v1/documents/{document_id}", headers=cast.bra.headers).json()
    history = client.get(f"/api/v1/documents/{document_id}/history?limit=1000", headers=cast.bra.headers).json()
    return document, history


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS, stale=st.sampled_from([False, False, False, True]))
def test_random_amendments_are_stored_as_reported_or_refused_cleanly(
    client: TestClient, cast: Cast, edits: list[tuple[float, int, str]], stale: bool
) -> None:
    found = client.get("/api/v1/documents", headers=cast.bra.headers).json()
    document_id = found[0]["id"] if found else import_document(client, cast, SEED)["id"]
    before = state(client, cast, document_id)
    paragraph = before[0]["paragraphs"][0]
    version = max(1, paragraph["version"] - 1) if stale else paragraph["version"]
    body = {"text": edited(paragraph["text"], edits), "base_version": version}
    response = client.post(f"/api/v1/paragraphs/{paragraph['id']}/amendments", json=body, headers=cast.che.headers)
    after = state(client, cast, document_id)
    if response.status_code == ACCEPTED:
        reported = response.json()["paragraph"]
        stored = after[0]["paragraphs"][0]
        assert (stored["text"], stored["version"]) == (reported["text"], reported["version"])
        assert stored["version"] == paragraph["version"] + 1
        export = client.get(f"/api/v1/documents/{document_id}/export?format=bracketed", headers=cast.bra.headers)
        assert export.text == stored["text"] + "\n"
        redline = client.get(f"/api/v1/documents/{document_id}/redline", headers=cast.bra.headers)
        assert redline.status_code == 200
    else:
        assert response.status_code in REFUSED, response.text
        assert set(response.json()) >= {"error", "detail"}
        assert after == before, "a refused amendment changed the stored state"
