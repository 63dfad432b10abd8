"""The report pages over HTTP: redline, a delegation's proposals, statistics, compilation, downloads."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import docx
import pytest
from fastapi.testclient import TestClient

from tests.cast import Cast
from tests.conftest import sign_in

HTMX = {"HX-Request": "true"}
BROWSER = {"Accept": "text/html"}
PARAGRAPH_WORDS = "organiser d'autres réunions"
# Typed by a delegate: it must come back escaped on every page.
MARKUP = "<b>réunions</b> & <script>alert(1)</script>"
ESCAPED = "&lt;b&gt;réunions&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;"


@dataclass(frozen=True)
class Played:
    """What the small negotiation made."""

    document_id: int
    paragraph_id: int
    set_id: int


def play(client: TestClient, cast: Cast, document_id: int) -> Played:
    """CHE proposes wording with markup in it, USA objects, ZAF supports for AFR; the chair issues Rev.1; BRA adds."""
    document = client.get(f"/api/v1/documents/{document_id}", headers=cast.che.headers).json()
    paragraph = next(p for p in document["paragraphs"] if PARAGRAPH_WORDS in p["text"])
    text = paragraph["text"].replace(PARAGRAPH_WORDS, f"organiser {MARKUP}")
    body = {"text": text, "base_version": paragraph["version"]}
    made = client.post(f"/api/v1/paragraphs/{paragraph['id']}/amendments", json=body, headers=cast.che.headers)
    assert made.status_code == 201, made.text
    new_set = made.json()["bracket_sets"][0]
    proposed = next(a for a in new_set["alternatives"] if not a["original"])
    for account, stance, extra in ((cast.usa, "objects", {}), (cast.zaf, "supports", {"on_behalf_of": "AFR"})):
        url = f"/api/v1/alternatives/{proposed['id']}/position"
        assert client.put(url, json={"stance": stance} | extra, headers=account.headers).status_code == 200
    url = f"/api/v1/documents/{document_id}/revisions"
    assert client.post(url, json={"note": "informals"}, headers=cast.chair.headers).status_code == 201
    url = f"/api/v1/bracket-sets/{new_set['id']}/alternatives"
    added = client.post(url, json={"text": "tenir des consultations"}, headers=cast.bra.headers)
    assert added.status_code == 201, added.text
    return Played(document_id, paragraph["id"], new_set["id"])


@pytest.fixture
def played(client: TestClient, cast: Cast, document_id: int) -> Played:
    return play(client, cast, document_id)


PAGES = (
    ("redline?from=0&to=live", 'id="redline"'),
    ("delegations/CHE/report?from=0", 'id="delegation-report"'),
    ("statistics", 'id="statistics"'),
    ("compilation", 'id="compilation"'),
)


@pytest.mark.parametrize(("path", "region"), PAGES)
def test_an_observer_reads_each_page_and_htmx_gets_its_region(
    client: TestClient, played: Played, path: str, region: str
) -> None:
    sign_in(client, "isoc")
    url = f"/documents/{played.document_id}/{path}"
    page = client.get(url)
    assert page.status_code == 200, page.text
    assert "<html" in page.text and region in page.text and "reports.css" in page.text
    assert "HX-Request" in page.headers["vary"]
    assert 'aria-current="page"' in page.text and "Our proposals" in page.text
    partial = client.get(url, headers=HTMX)
    assert partial.status_code == 200
    assert "HX-Request" in partial.headers["vary"]
    assert partial.text.lstrip().startswith(f"<section {region}")
    assert "<html" not in partial.text


@pytest.mark.parametrize("path", [p for p, _ in PAGES])
def test_what_a_delegate_typed_is_escaped(client: TestClient, played: Played, path: str) -> None:
    sign_in(client, "isoc")
    text = client.get(f"/documents/{played.document_id}/{path}").text
    assert "<script>alert(1)</script>" not in text and "<b>réunions</b>" not in text
    if "statistics" not in path:
        assert ESCAPED in text


def test_the_redline_marks_insertions_with_their_author_and_tells_bracket_changes(
    client: TestClient, played: Played
) -> None:
    sign_in(client, "isoc")
    text = client.get(f"/documents/{played.document_id}/redline?from=0&to=live").text
    assert '<ins title="by CHE, ' in text and '<ins title="by BRA, ' in text
    assert "CHE proposed [" in text and "BRA added the alternative [tenir des consultations]" in text
    assert 'class="rl-para rl-kept unchanged"' in text and "unchanged paragraphs hidden" in text
    assert '<li class="rl-fold"><label for="show-unchanged">' in text
    assert f"/documents/{played.document_id}/download?format=docx&amp;from=0&amp;to=live" in text
    assert 'class="rl-side"' in text and 'id="view-side"' in text
    since = client.get(f"/documents/{played.document_id}/redline").text  # the default: the last revision → live
    assert "From Rev.1 to the live text" in since and "CHE proposed [" not in since


def test_the_delegation_report_tells_each_fate(client: TestClient, played: Played) -> None:
    sign_in(client, "usa")
    page = client.get(f"/documents/{played.document_id}/report", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == f"/documents/{played.document_id}/delegations/USA/report"
    text = client.get(page.headers["location"]).text
    assert "objected to" in text and 'class="badge fate fate-open"' in text and "still open" in text
    assert '<option value="USA" selected>' in text and '<option value="AFR">' in text
    assert re.search(r'<td class="set"><a [^>]*>set \d+</a>', text) and not re.search(r">#\d+</a>", text)
    chosen = client.get(f"/documents/{played.document_id}/report?delegation=afr&from=0", headers=HTMX)
    assert chosen.status_code == 200 and chosen.text.lstrip().startswith('<section id="delegation-report"')
    assert "African Group (AFR)" in chosen.text and "by ZAF" in chosen.text


def test_statistics_draw_the_chart_and_count_positions(client: TestClient, played: Played) -> None:
    sign_in(client, "isoc")
    text = client.get(f"/documents/{played.document_id}/statistics").text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in text and '<rect class="bar"' in text
    assert ">Rev.0</th>" in text and ">Rev.1</th>" in text and ">live</th>" in text
    assert 'title="Switzerland">CHE</abbr>' in text


def test_the_compilation_puts_alternatives_in_columns_with_names(client: TestClient, played: Played) -> None:
    sign_in(client, "isoc")
    text = client.get(f"/documents/{played.document_id}/compilation?contested=1").text
    assert 'title="Proposed by Switzerland">CHE</span>' in text
    assert 'title="Objected to by United States">✗ USA</span>' in text
    assert 'title="Supported by African Group">✓ AFR</span>' in text
    # Sets named as people name them (numbered within their paragraph), never by a database id alone.
    assert re.search(r'class="set-cell"><a [^>]*aria-label="[^"]+, set \d+">set \d+</a>', text)
    assert not re.search(r">#\d+</a>", text)
    assert "No open bracket set" not in text
    assert "No open bracket set" in client.get(f"/documents/{played.document_id}/compilation").text


@pytest.mark.parametrize(
    "path",
    [
        "/documents/999999/redline",
        "/documents/999999/statistics",
        "/documents/999999/compilation",
        "/documents/999999/delegations/CHE/report",
        "/documents/{id}/delegations/NOPE/report",
    ],
)
def test_unknown_documents_and_delegations_are_404(client: TestClient, document_id: int, path: str) -> None:
    sign_in(client, "isoc")
    response = client.get(path.replace("{id}", str(document_id)), headers=BROWSER)
    assert response.status_code == 404
    assert "<html" in response.text


@pytest.mark.parametrize("query", ["from=yesterday", "from=live&to=0", "to=99"])
def test_a_bad_range_is_refused_where_it_is_asked(client: TestClient, document_id: int, query: str) -> None:
    sign_in(client, "isoc")
    status = 404 if query == "to=99" else 422
    assert client.get(f"/documents/{document_id}/redline?{query}").status_code == status
    fragment = client.get(f"/documents/{document_id}/delegations/CHE/report?{query}", headers=HTMX)
    assert fragment.status_code == status
    assert fragment.headers["hx-retarget"] == "#errors"


def test_pages_need_a_sign_in(client: TestClient, document_id: int) -> None:
    response = client.get(f"/documents/{document_id}/statistics", headers=BROWSER, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_every_format_downloads_from_the_pages(client: TestClient, played: Played) -> None:
    sign_in(client, "isoc")
    base = f"/documents/{played.document_id}/download"
    word = client.get(f"{base}?format=docx&from=0&to=live")
    assert word.status_code == 200 and "redline.docx" in word.headers["content-disposition"]
    document = docx.Document(io.BytesIO(word.content))
    assert "w:ins" in document.element.xml
    for query, media in (
        ("format=docx&variant=bracketed", "wordprocessingml"),
        ("format=bracketed&footnotes=sponsors", "text/plain"),
        ("format=json", "application/json"),
        ("format=akn", "akn+xml"),
    ):
        response = client.get(f"{base}?{query}")
        assert response.status_code == 200, (query, response.text)
        assert media in response.headers["content-type"]
    assert "[footnoteRef:" in client.get(f"{base}?format=bracketed&footnotes=sponsors").text
    assert client.get(f"{base}?format=clean").status_code == 409  # brackets are open: clean text is refused
