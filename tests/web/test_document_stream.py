"""The document page goes out in pieces when it is too large to keep in the page cache, whole from the cache
otherwise (issue 15): the same headers either way, the CSRF cookie set before the first byte, errors answered
whole; and its content runs, now written in Python, escape everything that comes from the text."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import Settings
from app.services.documents import catalog as documents
from app.services.negotiation.content import Author, Contents
from app.services.permissions import Capabilities
from app.services.reading.models import AlternativeRun, BracketSetRun, FootnoteRun, PlaceholderRun, TextRun
from app.web.runs_html import runs_html
from tests.cast import Cast

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(params=[0, 48], ids=["streamed", "kept"])
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """Each test twice: with no page cache (every page streamed) and with the default one."""
    return settings.model_copy(update={"page_cache_mb": request.param})


def test_the_page_has_its_headers_streamed_or_kept(
    client: TestClient, cast: Cast, document_id: int, settings: Settings
) -> None:
    response = client.get(f"/documents/{document_id}", headers=cast.zaf.headers)
    assert response.status_code == 200
    # Sent in pieces, not built as one string first — unless it was kept, and then sent whole.
    assert ("content-length" in response.headers) == (settings.page_cache_mb > 0)
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["vary"].startswith("HX-Request")
    assert response.text.rstrip().endswith("</html>")
    fragment = client.get(f"/documents/{document_id}?contested=1", headers=cast.zaf.headers | {"HX-Request": "true"})
    assert fragment.status_code == 200 and fragment.text.lstrip().startswith('<div id="paragraphs"')


def test_a_new_visitor_gets_the_csrf_cookie_of_the_token_on_the_page(
    client: TestClient, cast: Cast, document_id: int
) -> None:
    # An API token and no cookie: the page makes a CSRF token for this visitor, and the session cookie that
    # carries it must leave with the headers, before the body that shows it.
    first = client.get(f"/documents/{document_id}", headers=cast.zaf.headers)
    assert "set-cookie" in first.headers
    again = client.get(f"/documents/{document_id}", headers=cast.zaf.headers)  # the client sends the cookie back
    assert set(TOKEN.findall(again.text)) == set(TOKEN.findall(first.text)) != set()


def test_a_missing_document_is_a_whole_error_page(client: TestClient, cast: Cast) -> None:
    response = client.get("/documents/987654", headers=cast.zaf.headers)
    assert response.status_code == 404
    assert "content-length" in response.headers  # answered whole, never a streamed 200
    assert "987654" in response.text


def _run(content: list[object], **stances: list[str]) -> BracketSetRun:
    alternative = AlternativeRun(
        id=7, new=False, separator="", text="", original=True, content=content, offset=0, **stances
    )
    return BracketSetRun(id=3, new=False, alternatives=[alternative])


def test_runs_escape_text_codes_and_names() -> None:
    hostile = "<script>alert(\"x\")</script> & 'q'"
    runs = [
        TextRun(text=hostile, offset=0),
        _run([TextRun(text=hostile, offset=1)], sponsors=['"><img src=x>'], objectors=["<b>"]),
        PlaceholderRun(id=5, text=hostile, offset=9),
        FootnoteRun(number="<1>", head="", content=[TextRun(text=hostile, offset=12)], offset=10),
    ]
    ctx = {"caps": Capabilities(chair=True), "names": {"<b>": "<i>Bold</i>"}, "document_id": 1, "preview": False}
    html = str(runs_html(runs, ctx))
    assert "<script" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
    # Five times: the text, the alternative, the footnote, and the placeholder shown and named by the chair's button.
    assert html.count("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;q&#39;") == 5
    assert 'title="Objected to by &lt;i&gt;Bold&lt;/i&gt;"' in html
    assert 'aria-label="Fill placeholder [&lt;script&gt;' in html  # the chair's fill button, escaped too
    assert '<span class="footnote-label">[&lt;1&gt;:</span>' in html


def test_plain_rows_read_the_same_trees_as_orm_objects(client: TestClient, cast: Cast, document_id: int) -> None:
    # Open sets and sets resolved by an alternative or a compromise decode the same from plain rows.
    view = client.get(f"/api/v1/documents/{document_id}", headers=cast.zaf.headers).json()
    sets = [run for p in view["paragraphs"] for run in p["content"] if run["type"] == "bracket_set"]
    resolutions = ({"alternative_id": sets[0]["alternatives"][-1]["id"]}, {"text": "a compromise"})
    for bracket_set, body in zip(sets, resolutions, strict=False):
        response = client.post(
            f"/api/v1/bracket-sets/{bracket_set['id']}/resolution", json=body, headers=cast.chair.headers
        )
        assert response.status_code == 200, response.text
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        orm, plain = Contents(session, document_id), Contents(session, document_id, read_only=True)
        paragraphs = documents.paragraphs(session=session, document_id=document_id)
        assert [orm.tree(p.content) for p in paragraphs] == [plain.tree(p.content) for p in paragraphs]
        assert {k: (r.state, r.resolution_text) for k, r in orm.sets.items()} == {
            k: (r.state, r.resolution_text) for k, r in plain.sets.items()
        }
        with pytest.raises(AssertionError):
            plain.store(paragraphs[0], orm.tree(paragraphs[0].content), Author())


def test_word_font_bullets_show_as_bullets_and_are_kept(client: TestClient, cast: Cast) -> None:
    # Word's Symbol-font bullet (U+F0B7, private use: an empty box in a browser) as the Geneva text has it.
    text = "Decides:\n\uf0b7\tto act [now] [later];\n\uf0b7\tto report.\n"
    made = client.post("/api/v1/documents", json={"title": "Bullets", "text": text}, headers=cast.secretariat.headers)
    assert made.status_code == 201, made.text
    document_id = made.json()["id"]
    page = client.get(f"/documents/{document_id}", headers=cast.zaf.headers).text
    assert "\uf0b7" not in page and page.count("•\tto ") == 2
    # One character for one: the run after the bullet starts where it does in the stored text.
    assert re.search(r'data-o="0">•\tto act </span>', page)
    assert 'data-name="the paragraph “to act [now] [later];”"' in page  # how messages name it: no bullet
    exported = client.get(f"/api/v1/documents/{document_id}/export?format=bracketed", headers=cast.zaf.headers)
    assert exported.content.decode() == text
