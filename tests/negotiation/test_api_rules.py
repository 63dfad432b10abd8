"""Every operation of the API: allowed, forbidden, stale, locked, closed and malformed — stored state unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.negotiation.conftest import Cast, bracket_sets, paragraph_containing

Json = dict[str, Any]


class Api:
    """Calls as a given account, and refusals checked against the stored state."""

    def __init__(self, client: TestClient, cast: Cast, seed: Json) -> None:
        self.client, self.cast, self.seed = client, cast, seed
        self.doc = seed["id"]
        (self.paragraph, self.competing), (_, self.optional) = bracket_sets(seed)
        self.title = paragraph_containing(seed, "[...]")
        self.placeholder = next(r for r in self.title["content"] if r["type"] == "placeholder")

    def call(self, method: str, url: str, who: str, body: Any = None, **kwargs: Any) -> Any:
        headers = getattr(self.cast, who).headers
        return self.client.request(method, url, json=body, headers=headers, **kwargs)

    def state(self) -> tuple[Any, ...]:
        headers = self.cast.observer.headers
        document = self.client.get(f"/api/v1/documents/{self.doc}", headers=headers).json()
        history = self.client.get(f"/api/v1/documents/{self.doc}/history", headers=headers).json()
        revisions = self.client.get(f"/api/v1/documents/{self.doc}/revisions", headers=headers).json()
        return document, len(history), len(revisions)

    def refused(self, method: str, url: str, who: str, body: Any, status: int, *words: str, **kwargs: Any) -> Json:
        before = self.state()
        response = self.call(method, url, who, body, **kwargs)
        assert response.status_code == status, response.text
        payload: Json = response.json()
        assert set(payload) >= {"error", "detail"}
        for word in words:
            assert word in payload["detail"], payload["detail"]
        assert self.state() == before, "a refused request changed the stored state"
        return payload

    def amend_url(self, paragraph: Json | None = None) -> str:
        return f"/api/v1/paragraphs/{(paragraph or self.paragraph)['id']}/amendments"

    def edited(self, old: str = "d'autres réunions", new: str = "des consultations") -> str:
        return str(self.paragraph["text"]).replace(old, new)

    def amendment(self, **fields: Any) -> Json:
        return {"text": self.edited(), "base_version": self.paragraph["version"]} | fields


@pytest.fixture
def api(client: TestClient, cast: Cast, seed: Json) -> Api:
    return Api(client, cast, seed)


# --- amendments -------------------------------------------------------------------------------------------------


def test_amendment_allowed_and_sponsored_by_a_group(api: Api) -> None:
    response = api.call("POST", api.amend_url(), "zaf", api.amendment(on_behalf_of="AFR"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["rebased"] is False
    assert body["paragraph"]["version"] == api.paragraph["version"] + 1
    assert body["bracket_sets"][0]["alternatives"][1]["sponsors"] == ["AFR"]


@pytest.mark.parametrize(
    ("who", "fields", "status", "words"),
    [
        ("observer", {}, 403, ("observers",)),
        ("chair", {}, 403, ("delegates do",)),
        ("che", {"on_behalf_of": "AFR"}, 403, ("CHE is not registered as a member of AFR",)),
        ("zaf", {"on_behalf_of": "USA"}, 403, ("ZAF is not registered as a member of USA",)),
        ("zaf", {"on_behalf_of": "XYZ"}, 422, ("no delegation with code 'XYZ'",)),
    ],
)
def test_amendment_forbidden(api: Api, who: str, fields: Json, status: int, words: tuple[str, ...]) -> None:
    api.refused("POST", api.amend_url(), who, api.amendment(**fields), status, *words)


def test_amendment_without_credentials_is_401(api: Api) -> None:
    response = api.client.post(api.amend_url(), json=api.amendment())
    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"text": "x"}, 422, ("base_version",)),
        ({"base_version": 1}, 422, ("text",)),
        ({"text": 5, "base_version": 1}, 422, ("text",)),
        ({"text": "a [b", "base_version": 1}, 422, ("unbalanced", "unclosed bracket at line 1, column 3")),
        ({"text": "a\nb", "base_version": 1}, 422, ("line break",)),
        ({"text": "x", "base_version": 99}, 422, ("has no version 99",)),
    ],
)
def test_amendment_malformed(api: Api, body: Json, status: int, words: tuple[str, ...]) -> None:
    api.refused("POST", api.amend_url(), "che", body, status, *words)


def test_amendment_with_a_body_that_is_not_json(api: Api) -> None:
    before = api.state()
    response = api.client.post(
        api.amend_url(), content=b"{not json", headers=api.cast.che.headers | {"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["detail"]
    assert api.state() == before


def test_amendment_that_removes_a_set_is_the_chairs_prerogative(api: Api) -> None:
    text = api.paragraph["text"].replace(" [qui devraient être intergouvernementales", " [").replace("[]", "")
    text = api.edited("[ouvertes à toutes les parties prenantes du SMSI] ", "")
    api.refused("POST", api.amend_url(), "che", {"text": text, "base_version": 1}, 403, "for the chair")


def test_amendment_of_unchanged_text_is_refused(api: Api) -> None:
    api.refused("POST", api.amend_url(), "che", api.amendment(text=api.paragraph["text"]), 422, "nothing to propose")


def test_amendment_too_large(api: Api) -> None:
    api.refused("POST", api.amend_url(), "che", api.amendment(text="mot " * 300_000), 413, "at most 1,000,000")


def test_amendment_of_an_unknown_paragraph(api: Api) -> None:
    api.refused("POST", "/api/v1/paragraphs/999999/amendments", "che", api.amendment(), 404, "no paragraph 999999")


def test_stale_amendment_is_rebased_when_it_applies_cleanly(api: Api) -> None:
    first = api.call("POST", api.amend_url(), "che", api.amendment())
    assert first.status_code == 201
    late = api.edited("afin d'examiner les points de vue", "afin d'examiner attentivement les points de vue")
    response = api.call("POST", api.amend_url(), "usa", {"text": late, "base_version": 1})
    assert response.status_code == 201, response.text
    assert response.json()["rebased"] is True
    text = response.json()["paragraph"]["text"]
    assert "[d'autres réunions] [des consultations]" in text
    assert "afin d'examiner [attentivement] les points de vue" in text


def test_stale_amendment_that_clashes_is_409_with_the_current_text(api: Api) -> None:
    assert api.call("POST", api.amend_url(), "che", api.amendment()).status_code == 201
    current = api.call("GET", f"/api/v1/documents/{api.doc}", "che").json()
    clash = api.edited("d'autres réunions", "de nouvelles réunions")
    payload = api.refused("POST", api.amend_url(), "usa", {"text": clash, "base_version": 1}, 409, "version 1")
    now = next(p for p in current["paragraphs"] if p["id"] == api.paragraph["id"])
    assert payload["current_text"] == now["text"]
    assert payload["current_version"] == now["version"] == 2


def test_amendment_to_an_agreed_paragraph_is_refused(api: Api) -> None:
    plain = paragraph_containing(api.seed, "de présenter, à la session de juillet 2024")
    assert api.call("PUT", f"/api/v1/paragraphs/{plain['id']}/status", "chair", {"status": "ad_ref"}).status_code == 200
    amendment = {"text": plain["text"].replace("juillet", "octobre"), "base_version": plain["version"]}
    api.refused("POST", api.amend_url(plain), "che", amendment, 409, "agreed (ad_ref)", "reopens")


@pytest.mark.parametrize("status", ["informals", "ad_ref", "adopted"])
def test_agreed_is_refused_while_anything_is_open(api: Api, status: str) -> None:
    url = f"/api/v1/paragraphs/{api.paragraph['id']}/status"
    payload = api.refused("PUT", url, "chair", {"status": status}, 409, "set 1, set 2 are still open")
    assert "the paragraph “à saisir l'occasion" in payload["detail"]
    title = f"/api/v1/paragraphs/{api.title['id']}/status"
    api.refused("PUT", title, "chair", {"status": status}, 409, "the placeholder [...] is still open")
    assert api.call("PUT", url, "chair", {"status": "open"}).status_code == 409, "already open: nothing to refuse"


def test_a_set_in_a_footnote_keeps_its_paragraph_from_being_agreed(api: Api) -> None:
    text = "Decides[footnoteRef:1] to act now. [1: See [annex I] [annex II].]\n"
    body = {"title": "Footnote", "text": text, "language": "en"}
    created = api.call("POST", "/api/v1/documents", "secretariat", body)
    assert created.status_code == 201, created.text
    paragraph = created.json()["paragraphs"][0]
    url = f"/api/v1/paragraphs/{paragraph['id']}/status"
    api.refused("PUT", url, "chair", {"status": "ad_ref"}, 409, "set 1 is still open")


def test_amendment_in_a_closed_phase_is_refused(api: Api) -> None:
    assert api.call("PUT", f"/api/v1/documents/{api.doc}/phase", "chair", {"proposals_open": False}).status_code == 200
    api.refused("POST", api.amend_url(), "che", api.amendment(), 409, "proposal phase", "closed")
    url = f"/api/v1/bracket-sets/{api.competing['id']}/alternatives"
    api.refused("POST", url, "che", {"text": "restreintes"}, 409, "closed")


# --- alternatives -----------------------------------------------------------------------------------------------


def test_add_alternative_allowed(api: Api) -> None:
    url = f"/api/v1/bracket-sets/{api.competing['id']}/alternatives"
    response = api.call("POST", url, "bra", {"text": "ouvertes aux États Membres"})
    assert response.status_code == 201, response.text
    added = response.json()["bracket_sets"][0]["alternatives"][-1]
    assert (added["text"], added["sponsors"]) == ("ouvertes aux États Membres", ["BRA"])
    assert "] [ouvertes aux États Membres]," in response.json()["paragraph"]["text"]


@pytest.mark.parametrize(
    ("who", "body", "status", "words"),
    [
        ("observer", {"text": "x y"}, 403, ("observers",)),
        ("chair", {"text": "x y"}, 403, ("delegates do",)),
        ("bra", {"text": "a [b"}, 422, ("unbalanced",)),
        ("bra", {}, 422, ("text",)),
        ("bra", {"text": "ouvertes à toutes les parties prenantes du SMSI"}, 409, ("already an alternative",)),
        ("usa", {"text": "x y", "on_behalf_of": "AFR"}, 403, ("not registered",)),
    ],
)
def test_add_alternative_refused(api: Api, who: str, body: Json, status: int, words: tuple[str, ...]) -> None:
    api.refused("POST", f"/api/v1/bracket-sets/{api.competing['id']}/alternatives", who, body, status, *words)


def test_add_alternative_to_unknown_set(api: Api) -> None:
    api.refused("POST", "/api/v1/bracket-sets/999999/alternatives", "bra", {"text": "x"}, 404, "no bracket set")


# --- positions --------------------------------------------------------------------------------------------------


def test_support_then_object_replaces_the_stance(api: Api) -> None:
    url = f"/api/v1/alternatives/{api.competing['alternatives'][0]['id']}/position"
    assert api.call("PUT", url, "bra", {"stance": "supports"}).json()["alternatives"][0]["supporters"] == ["BRA"]
    changed = api.call("PUT", url, "bra", {"stance": "objects"}).json()["alternatives"][0]
    assert (changed["supporters"], changed["objectors"]) == ([], ["BRA"])


@pytest.mark.parametrize(
    ("who", "body", "status", "words"),
    [
        ("observer", {"stance": "supports"}, 403, ("observers",)),
        ("chair", {"stance": "supports"}, 403, ("delegates do",)),
        ("che", {"stance": "supports", "on_behalf_of": "AFR"}, 403, ("not registered",)),
        ("che", {"stance": "proposes"}, 422, ("stance",)),
        ("che", {"stance": "loves"}, 422, ("stance",)),
    ],
)
def test_position_refused(api: Api, who: str, body: Json, status: int, words: tuple[str, ...]) -> None:
    url = f"/api/v1/alternatives/{api.competing['alternatives'][0]['id']}/position"
    api.refused("PUT", url, who, body, status, *words)


def test_position_twice_is_409(api: Api) -> None:
    url = f"/api/v1/alternatives/{api.competing['alternatives'][0]['id']}/position"
    assert api.call("PUT", url, "bra", {"stance": "supports"}).status_code == 200
    api.refused("PUT", url, "bra", {"stance": "supports"}, 409, "already supports")


def test_withdrawing_the_last_sponsor_takes_the_proposal_out_and_dissolves_the_set(api: Api) -> None:
    proposal = api.call("POST", api.amend_url(), "che", api.amendment()).json()
    swiss = proposal["bracket_sets"][0]["alternatives"][1]
    url = f"/api/v1/alternatives/{swiss['id']}/position"
    api.refused("DELETE", url, "usa", None, 404, "no position on alternative")
    response = api.call("DELETE", url, "che")
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "dissolved"
    assert response.json()["alternatives"][1]["state"] == "withdrawn"
    document = api.call("GET", f"/api/v1/documents/{api.doc}", "che").json()
    paragraph = next(p for p in document["paragraphs"] if p["id"] == api.paragraph["id"])
    assert paragraph["text"] == api.paragraph["text"]
    history = api.call("GET", f"/api/v1/bracket-sets/{proposal['bracket_sets'][0]['id']}/history", "che").json()
    assert [e["action"] for e in history["history"]] == ["set_proposed", "position_withdrawn"]
    assert "dissolves" in history["history"][-1]["summary"]


def test_withdrawing_a_support_keeps_the_alternative(api: Api) -> None:
    alternative = api.competing["alternatives"][1]
    url = f"/api/v1/alternatives/{alternative['id']}/position"
    api.call("PUT", url, "zaf", {"stance": "supports", "on_behalf_of": "AFR"})
    api.refused("DELETE", url, "zaf", None, 404, "no position")
    response = api.call("DELETE", url, "zaf", params={"on_behalf_of": "AFR"})
    assert response.status_code == 200
    assert response.json()["alternatives"][1] | {} == response.json()["alternatives"][1]
    assert response.json()["alternatives"][1]["supporters"] == []
    assert response.json()["alternatives"][1]["state"] == "live"


# --- the chair --------------------------------------------------------------------------------------------------


def test_resolution_and_undo(api: Api) -> None:
    url = f"/api/v1/bracket-sets/{api.competing['id']}/resolution"
    chosen = api.competing["alternatives"][0]
    response = api.call("POST", url, "chair", {"alternative_id": chosen["id"]})
    assert response.status_code == 200
    assert (
        "pour organiser d'autres réunions ouvertes à toutes les parties prenantes du SMSI, afin"
        in (response.json()["paragraph"]["text"])
    )
    api.refused("POST", url, "chair", {"text": ""}, 409, "already resolved")
    undone = api.call("DELETE", url, "chair")
    assert undone.status_code == 200
    assert undone.json()["paragraph"]["text"] == api.paragraph["text"]
    api.refused("DELETE", url, "chair", None, 409, "not resolved")


@pytest.mark.parametrize(
    ("who", "body", "status", "words"),
    [
        ("che", {"text": ""}, 403, ("only the chair",)),
        ("observer", {"text": ""}, 403, ("observers",)),
        ("secretariat", {"text": ""}, 403, ("only the chair",)),
        ("chair", {}, 422, ("either alternative_id or text",)),
        ("chair", {"alternative_id": 1, "text": "x"}, 422, ("not both",)),
        ("chair", {"text": "a [b] c"}, 422, ("without brackets",)),
        ("chair", {"alternative_id": 999999}, 422, ("not a live alternative",)),
    ],
)
def test_resolution_refused(api: Api, who: str, body: Json, status: int, words: tuple[str, ...]) -> None:
    api.refused("POST", f"/api/v1/bracket-sets/{api.competing['id']}/resolution", who, body, status, *words)


def test_placeholder(api: Api) -> None:
    url = f"/api/v1/placeholders/{api.placeholder['id']}/value"
    api.refused("POST", url, "che", {"text": "1340"}, 403, "only the chair")
    api.refused("POST", url, "chair", {"text": "[1340]"}, 422, "without brackets")
    api.refused("POST", url, "chair", {}, 422, "text")
    assert api.call("POST", url, "chair", {"text": "1340"}).status_code == 200
    api.refused("POST", url, "chair", {"text": "1341"}, 409, "already filled")
    api.refused("POST", "/api/v1/placeholders/999999/value", "chair", {"text": "1"}, 404, "no placeholder")


def test_status_and_phase(api: Api) -> None:
    status_url = f"/api/v1/paragraphs/{api.paragraph['id']}/status"
    api.refused("PUT", status_url, "che", {"status": "adopted"}, 403, "only the chair")
    api.refused("PUT", status_url, "chair", {"status": "agreed"}, 422, "status")
    plain = paragraph_containing(api.seed, "de présenter, à la session de juillet 2024")
    plain_url = f"/api/v1/paragraphs/{plain['id']}/status"
    assert api.call("PUT", plain_url, "chair", {"status": "informals"}).json()["status"] == "informals"
    phase_url = f"/api/v1/documents/{api.doc}/phase"
    api.refused("PUT", phase_url, "usa", {"proposals_open": False}, 403, "only the chair")
    api.refused("PUT", phase_url, "chair", {"proposals_open": "perhaps"}, 422, "proposals_open")
    api.refused("PUT", phase_url, "chair", {"proposals_open": True}, 409, "already open")


def test_sets_stay_negotiable_because_their_paragraph_cannot_be_agreed(api: Api) -> None:
    api.refused("PUT", f"/api/v1/paragraphs/{api.paragraph['id']}/status", "chair", {"status": "adopted"}, 409)
    url = f"/api/v1/alternatives/{api.competing['alternatives'][0]['id']}/position"
    assert api.call("PUT", url, "bra", {"stance": "objects"}).status_code == 200


def test_chair_text_replaces_wording_and_removes_sets(api: Api) -> None:
    url = f"/api/v1/paragraphs/{api.paragraph['id']}/text"
    text = api.edited("[ouvertes à toutes les parties prenantes du SMSI] ", "")
    text = text.replace("[qui devraient", "qui devraient").replace("respectifs]", "respectifs")
    api.refused("PUT", url, "che", {"text": text, "base_version": 1}, 403, "only the chair")
    api.refused("PUT", url, "chair", {"text": text, "base_version": 7}, 409, "version 1")
    response = api.call("PUT", url, "chair", {"text": text, "base_version": 1})
    assert response.status_code == 200, response.text
    assert response.json()["text"] == text
    record = api.call("GET", f"/api/v1/bracket-sets/{api.competing['id']}/history", "chair").json()
    assert record["state"] == "removed"
    assert record["history"] == [] or record["history"][-1]["action"] != "resolved"


def test_revisions(api: Api) -> None:
    url = f"/api/v1/documents/{api.doc}/revisions"
    api.refused("POST", url, "che", {"note": "x"}, 403, "chair or the secretariat")
    api.refused("POST", url, "observer", {"note": "x"}, 403, "chair or the secretariat")
    api.refused("POST", url, "chair", {"note": 5}, 422, "note")
    assert api.call("POST", url, "secretariat", {"note": "Rev.1"}).json()["number"] == 1
    assert api.call("POST", url, "chair", {}).json()["number"] == 2
    api.refused("GET", f"/api/v1/documents/{api.doc}/export?format=clean&revision=9", "che", None, 404, "no Rev.9")


# --- documents --------------------------------------------------------------------------------------------------


def test_documents(api: Api) -> None:
    url = "/api/v1/documents"
    api.refused("POST", url, "che", {"title": "t", "text": "x"}, 403, "only the secretariat")
    api.refused("POST", url, "secretariat", {"title": " ", "text": "x"}, 422, "title")
    api.refused("POST", url, "secretariat", {"text": "x"}, 422, "title")
    api.refused("POST", url, "secretariat", {"title": "t", "text": "[" * 60 + "]" * 60}, 422, "nested 51 deep")
    api.refused("POST", url, "secretariat", {"title": "t", "text": "x" * 5_000_001}, 413, "at most 5,000,000")
    listing = api.call("GET", url, "observer").json()
    assert [(d["id"], d["open_bracket_sets"], d["last_revision"]) for d in listing] == [(api.doc, 2, 0)]
    api.refused("GET", "/api/v1/documents/999999", "che", None, 404, "no document 999999")
    api.refused("GET", f"/api/v1/documents/{api.doc}/export?format=pdf", "che", None, 422, "format")
