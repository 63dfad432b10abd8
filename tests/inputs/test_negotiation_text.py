"""Typed wording and titles may not bring in control, bidi or zero-width characters; imports keep them, flagged."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.cast import Cast
from tests.conftest import corpus_file, sign_in
from tests.inputs.conftest import GENEVA, import_document

SEED = "Decides [to adopt] [to note] the text [...].\n"


class Negotiation:
    """A small document and the calls that change it, each checked to leave it unchanged when refused."""

    def __init__(self, client: TestClient, cast: Cast, text: str = SEED) -> None:
        self.client, self.cast = client, cast
        self.document = import_document(client, cast, text)
        self.paragraph = self.document["paragraphs"][0]
        self.bracket_set = next(r for r in self.paragraph["content"] if r["type"] == "bracket_set")

    def state(self) -> Any:
        url = f"/api/v1/documents/{self.document['id']}"
        return self.client.get(url, headers=self.cast.bra.headers).json(), self.history()

    def history(self) -> Any:
        url = f"/api/v1/documents/{self.document['id']}/history"
        return self.client.get(url, headers=self.cast.bra.headers).json()

    def refused(self, method: str, url: str, who: Any, body: dict[str, Any], *said: str) -> str:
        before = self.state()
        started = time.perf_counter()
        response = self.client.request(method, url, json=body, headers=who.headers)
        assert time.perf_counter() - started < 2
        assert response.status_code == 422, response.text
        detail: str = response.json()["detail"]
        for words in said:
            assert words in detail, detail
        assert self.state() == before, "a refused request changed the stored state"
        return detail

    def amend(self, text: str) -> tuple[str, str, Any, dict[str, Any]]:
        url = f"/api/v1/paragraphs/{self.paragraph['id']}/amendments"
        return "POST", url, self.cast.che, {"text": text, "base_version": self.paragraph["version"]}

    def alternative(self, text: str) -> tuple[str, str, Any, dict[str, Any]]:
        return "POST", f"/api/v1/bracket-sets/{self.bracket_set['id']}/alternatives", self.cast.che, {"text": text}

    def compromise(self, text: str) -> tuple[str, str, Any, dict[str, Any]]:
        return "POST", f"/api/v1/bracket-sets/{self.bracket_set['id']}/resolution", self.cast.chair, {"text": text}

    def chair_text(self, text: str) -> tuple[str, str, Any, dict[str, Any]]:
        url = f"/api/v1/paragraphs/{self.paragraph['id']}/text"
        return "PUT", url, self.cast.chair, {"text": text, "base_version": self.paragraph["version"]}

    def placeholder(self, text: str) -> tuple[str, str, Any, dict[str, Any]]:
        placeholder = next(r for r in self.paragraph["content"] if r["type"] == "placeholder")
        return "POST", f"/api/v1/placeholders/{placeholder['id']}/value", self.cast.chair, {"text": text}


@pytest.fixture
def negotiation(client: TestClient, cast: Cast) -> Negotiation:
    return Negotiation(client, cast)


HIDDEN = [
    ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\u2067", "U+2067 RIGHT-TO-LEFT ISOLATE"),
    ("\u200b", "U+200B ZERO WIDTH SPACE"),
    ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("\x00", "U+0000 NULL"),
    ("\x1b", "U+001B ESCAPE"),
    ("\x0c", "U+000C FORM FEED"),
    ("\r", "U+000D CARRIAGE RETURN"),
]


@pytest.mark.parametrize(("char", "named"), HIDDEN)
def test_every_kind_of_typed_wording_refuses_hidden_characters(negotiation: Negotiation, char: str, named: str) -> None:
    original = negotiation.paragraph["text"]
    calls = [
        (negotiation.amend(original.replace("the text", f"the {char}text")), "line 1, column 34"),
        (negotiation.alternative(f"to{char} welcome"), "line 1, column 3"),
        (negotiation.compromise(f"to{char} welcome"), "line 1, column 3"),
        (negotiation.chair_text(f"Decides{char} to adopt the text."), "line 1, column 8"),
        (negotiation.placeholder(f"2{char}026"), "line 1, column 2"),
    ]
    for (method, url, who, body), where in calls:
        negotiation.refused(method, url, who, body, named, where)


def test_the_reversed_shall_not_adopt_is_refused(negotiation: Negotiation) -> None:
    text = negotiation.paragraph["text"].replace("the text", "the text; it shall \u202etdopa ton")
    detail = negotiation.refused(*negotiation.amend(text), "RIGHT-TO-LEFT OVERRIDE")
    assert detail.startswith("text: line 1, column ")


def test_tabs_line_breaks_and_right_to_left_scripts_are_wording(negotiation: Negotiation) -> None:
    method, url, who, body = negotiation.alternative("à adopter\tle texte العربية\r\nעברית")
    response = negotiation.client.request(method, url, json=body, headers=who.headers)
    assert response.status_code == 201, response.text


def test_ten_thousand_nested_brackets_are_refused_in_alternatives_and_the_chair_s_text(
    negotiation: Negotiation,
) -> None:
    deep = "[" * 10_000 + "x" + "]" * 10_000
    negotiation.refused(*negotiation.alternative(deep), "nested more than 50 deep at line 1, column")
    negotiation.refused(*negotiation.chair_text(f"Decides {deep}."), "nested more than 50 deep at line 1, column 59")
    negotiation.refused(*negotiation.amend(f"Decides {deep}."), "nested")


def test_titles_and_symbols_refuse_hidden_characters(client: TestClient, cast: Cast) -> None:
    for field, value in (("title", "Draft \u202eresolution"), ("symbol", "A/RES/\u200b1")):
        body = {"title": "Draft", "text": SEED} | {field: value}
        response = client.post("/api/v1/documents", json=body, headers=cast.secretariat.headers)
        assert response.status_code == 422 and response.json()["detail"].startswith(f"{field}: line 1, column 7")
    assert client.get("/api/v1/documents", headers=cast.bra.headers).json() == []


def test_imports_keep_form_feeds_and_bidi_but_refuse_nul(client: TestClient, cast: Cast) -> None:
    refused = client.post(
        "/api/v1/documents", json={"title": "x", "text": "ok\nnot\x00ok\n"}, headers=cast.secretariat.headers
    )
    assert refused.status_code == 422
    assert refused.json() | {"detail": ""} == {"error": "invalid", "detail": "", "line": 2, "column": 4}
    assert "U+0000 NULL" in refused.json()["detail"]
    geneva = corpus_file(GENEVA).read_bytes()
    document = import_document(client, cast, geneva.decode("utf-8"), "Geneva")
    url = f"/api/v1/documents/{document['id']}/export?format=bracketed"
    assert client.get(url, headers=cast.bra.headers).content == geneva
    # A paragraph holding a page break stays editable: only what a change brings in is checked.
    paragraph = next(p for p in document["paragraphs"] if "\x0c" in p["text"])
    body = {"text": paragraph["text"] + " Added.", "base_version": paragraph["version"]}
    edited = client.put(f"/api/v1/paragraphs/{paragraph['id']}/text", json=body, headers=cast.chair.headers)
    assert edited.status_code == 200, edited.text


def test_the_import_preview_lists_the_characters_it_keeps(client: TestClient, cast: Cast) -> None:
    csrf = sign_in(client, "sec")
    text = "Decides [to adopt] the text.\nIt shall \u202etdopa ton.\n\x0cPage two.\n"
    response = client.post(
        "/import/preview", data={"title": "x", "text": text}, headers={"X-CSRF-Token": csrf, "HX-Request": "true"}
    )
    assert response.status_code == 200, response.text
    assert "Characters to check" in response.text
    assert "line 2, column 10: U+202E RIGHT-TO-LEFT OVERRIDE" in response.text
    assert "line 3, column 1: U+000C FORM FEED" in response.text
