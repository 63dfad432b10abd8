"""A long real text on the document page: contents, folded settled paragraphs, odd brackets marked in place."""

from __future__ import annotations

import re
from collections import Counter

from fastapi.testclient import TestClient

from app.domain.parser import parse
from tests.cast import Cast
from tests.conftest import corpus_file, sign_in

GENEVA = "unfccc-geneva-negotiating-text-2015-02-12.txt"
SEED_LIKE = "titre\n\nPremier [alinéa] [paragraphe].\n\nDeuxième alinéa.\n"


def test_the_geneva_text_has_contents_folds_and_marks(client: TestClient, cast: Cast) -> None:
    text = corpus_file(GENEVA).read_text(encoding="utf-8")
    response = client.post(
        "/api/v1/documents", json={"title": "Geneva", "text": text, "language": "en"}, headers=cast.secretariat.headers
    )
    assert response.status_code == 201, response.text
    sign_in(client, "bra")
    page = client.get(f"/documents/{response.json()['id']}").text
    # Every unmatched bracket of the draft is marked where it stands, as what it is.
    expected = Counter(str(w.kind) for w in parse(text).warnings)
    marked = Counter(re.findall(r'<mark class="unmatched unmatched-(\w+)"[^>]*>([\[\]])</mark>', page))
    assert marked == {("stray", "]"): expected["stray"], ("unclosed", "["): expected["unclosed"]}
    # Contents: the headings and labelled paragraphs, linked.
    contents = page[page.index('<details class="toc"') : page.index("</details>")]
    assert contents.count('<li class="toc-1') >= 20 and contents.count('<li class="toc-2') >= 50
    assert '<span class="toc-label">12 bis</span>' in contents
    # Folded: only paragraphs with nothing open — no set, placeholder or unmatched bracket, nor inside an open set
    # over whole paragraphs (an option of the preamble, here).
    sections = re.findall(r'<section id="p-\d+" class="para ([^"]*)"(.*?)</section>', page, re.S)
    assert len(sections) > 200
    folded = [body for classes, body in sections if "folded" in classes.split()]
    assert len(folded) > 50
    assert not [body for body in folded if re.search(r'set-handle|unmatched|class="placeholder"', body)]
    option = next(classes for classes, body in sections if "{Placeholder for preamble}" in body)
    assert "folded" not in option.split()


def test_a_short_text_is_neither_folded_nor_given_contents(client: TestClient, cast: Cast) -> None:
    response = client.post(
        "/api/v1/documents",
        json={"title": "Court", "text": SEED_LIKE, "language": "fr"},
        headers=cast.secretariat.headers,
    )
    sign_in(client, "bra")
    page = client.get(f"/documents/{response.json()['id']}").text
    assert "folded" not in page and 'class="toc"' not in page
    assert 'id="find-text"' in page
