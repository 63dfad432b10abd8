"""Markdown and Word through every import route, with the counts `crochets parse` gives."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.services.documents import importing
from app.services.errors import Invalid
from tests.cast import Cast
from tests.conftest import CORPUS, CROCHETS, corpus_file

# The final Paris Agreement's Markdown conventions: link references, a shortcut reference, footnote references (one
# inside a sentence's brackets would be one too) and their definitions; no negotiation brackets at all.
FINAL_PARIS = """\
# Paris Agreement

The Parties to this Agreement,[^1]

Being Parties to the [United Nations Framework Convention on Climate Change][unfccc], hereinafter referred \
to as "the Convention",

Pursuant to the [Durban Platform] for Enhanced Action established by decision 1/CP.17,[^2]

[^1]: Adopted at the twenty-first session.
[^2]: See [the decision](http://unfccc.int/resource/docs/2011/cop17/eng/09a01.pdf).

[unfccc]: http://unfccc.int
[durban platform]: http://unfccc.int/bodies/body/6645.php
"""


def corpus_names() -> list[str]:
    """Every draft of the shared corpus (its README aside); the list itself must not be empty."""
    names = sorted(p.name for p in CORPUS.iterdir() if p.name != "README.md")
    assert names, f"no corpus files in {CORPUS}"
    return names


@pytest.mark.parametrize("name", corpus_names())
def test_service_and_parse_command_count_alike(name: str) -> None:
    path = corpus_file(name)
    draft = importing.read_draft(path.read_bytes(), name)
    found = importing.preview(draft)
    result = subprocess.run([str(CROCHETS), "parse", "--json", str(path)], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert found.stats.to_json_dict() == json.loads(result.stdout)
    assert found.format == {".md": "markdown", ".docx": "docx"}.get(Path(name).suffix, "text")


def test_markdown_through_the_api_has_no_open_sets(client: TestClient, cast: Cast) -> None:
    headers = cast.secretariat.headers
    body = {"title": "Paris Agreement", "text": FINAL_PARIS, "format": "markdown"}
    response = client.post("/api/v1/documents", json=body, headers=headers)
    assert response.status_code == 201, response.text
    document = response.json()["id"]
    listing = {d["id"]: d for d in client.get("/api/v1/documents", headers=headers).json()}
    assert listing[document]["open_bracket_sets"] == 0
    clean = client.get(f"/api/v1/documents/{document}/export?format=clean", headers=headers)
    assert clean.status_code == 200, clean.text
    bracketed = client.get(f"/api/v1/documents/{document}/export?format=bracketed", headers=headers)
    assert bracketed.text == FINAL_PARIS
    stats = client.get(f"/api/v1/documents/{document}/statistics", headers=headers)
    assert [point["open_bracket_sets"] for point in stats.json()["revisions"]] == [0, 0]
    backup = client.get(f"/api/v1/documents/{document}/export?format=json", headers=headers).json()
    assert backup["document"]["syntax"] == "markdown"
    restored = client.post("/api/v1/documents/restore", json=backup, headers=headers)
    assert restored.status_code == 201, restored.text
    again = client.get(f"/api/v1/documents/{restored.json()['id']}/statistics", headers=headers).json()
    assert [point["open_bracket_sets"] for point in again["revisions"]] == [0, 0]


def test_plain_text_is_the_default(client: TestClient, cast: Cast) -> None:
    body = {"title": "As text", "text": FINAL_PARIS}
    document = client.post("/api/v1/documents", json=body, headers=cast.secretariat.headers).json()["id"]
    listing = {d["id"]: d for d in client.get("/api/v1/documents", headers=cast.secretariat.headers).json()}
    assert listing[document]["open_bracket_sets"] > 0
    refused = client.post(
        "/api/v1/documents", json={**body, "format": "pdf"}, headers=cast.secretariat.headers
    ).status_code
    assert refused == 422


def test_the_import_page_reads_markdown_by_name_or_by_choice(client: TestClient, cast: Cast) -> None:
    from tests.conftest import csrf_from, sign_in

    sign_in(client, cast.secretariat.username, cast.secretariat.password)
    csrf = csrf_from(client.get("/import").text)
    files = {"file": ("paris.md", FINAL_PARIS.encode(), "text/markdown")}
    page = client.post("/import/preview", data={"csrf_token": csrf}, files=files).text
    assert "Read as Markdown" in page and "<strong>0</strong> bracket sets" in page
    pasted = client.post("/import/preview", data={"csrf_token": csrf, "text": FINAL_PARIS, "format": "markdown"})
    assert "<strong>0</strong> bracket sets" in pasted.text
    assert 'name="format" value="markdown"' in pasted.text


@pytest.mark.parametrize(
    ("filename", "given", "expected"),
    [
        ("draft.md", None, "markdown"),
        ("DRAFT.MARKDOWN", None, "markdown"),
        ("draft.docx", None, "docx"),
        ("draft.txt", None, "text"),
        ("draft", None, "text"),
        ("draft.txt", "markdown", "markdown"),
    ],
)
def test_format_from_the_name_or_given(filename: str, given: str | None, expected: str) -> None:
    assert importing.format_of(filename, given) == expected


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(Invalid, match="format: 'pdf' is not one of text, markdown, docx"):
        importing.format_of("draft.txt", "pdf")


def test_the_command_line_imports_markdown_by_option(settings: Settings, tmp_path: Path) -> None:
    source = tmp_path / "paris.txt"
    source.write_text(FINAL_PARIS, encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CROCHETS_")}
    environment["CROCHETS_DATA_DIR"] = str(settings.data_dir)
    environment["CROCHETS_DATABASE_URL"] = str(settings.database_url)
    command = [str(CROCHETS), "import", str(source), "--title", "Paris"]
    as_text = subprocess.run(command, capture_output=True, env=environment, timeout=120)
    assert as_text.returncode == 0, as_text.stderr
    assert b", 0 bracket sets" not in as_text.stdout
    as_markdown = subprocess.run([*command, "--format", "markdown"], capture_output=True, env=environment, timeout=120)
    assert as_markdown.returncode == 0, as_markdown.stderr
    assert b", 0 bracket sets" in as_markdown.stdout


def test_the_preview_lists_brackets_of_uncertain_class() -> None:
    found = importing.preview(importing.pasted("Decides [9] times, renforcée[1] and [^2].\n"))
    assert [(u.line, u.column, u.text) for u in found.uncertain] == [(1, 9, "[9]")]
    assert found.stats.bracket_sets == 1


def test_bare_numbers_may_be_read_as_reference_numbers_and_the_document_keeps_it(
    client: TestClient, cast: Cast
) -> None:
    text = "Title\nDecides [9] times [to act];\n"
    literal = importing.preview(importing.pasted(text, bare_numbers="literal"))
    assert literal.stats.bracket_sets == 1 and literal.uncertain[0].reading == "reference number (kept as text)"
    assert importing.preview(importing.pasted(text)).stats.bracket_sets == 2
    body = {"title": "Numbers", "text": text, "bare_numbers": "literal"}
    created = client.post("/api/v1/documents", json=body, headers=cast.secretariat.headers)
    assert created.status_code == 201, created.text
    document_id = created.json()["id"]
    listed = client.get("/api/v1/documents", headers=cast.observer.headers).json()
    assert next(d for d in listed if d["id"] == document_id)["open_bracket_sets"] == 1
    backup = client.get(f"/api/v1/documents/{document_id}/export?format=json", headers=cast.bra.headers).json()
    assert backup["document"]["bare_numbers"] == "literal"
    refused = client.post(
        "/api/v1/documents", json=body | {"bare_numbers": "sometimes"}, headers=cast.secretariat.headers
    )
    assert refused.status_code == 422 and "bare_numbers" in refused.text


def test_the_preview_hints_at_flattened_revision_marks(client: TestClient, cast: Cast) -> None:
    found = importing.preview(importing.pasted("The HighLevel Forum\nof 20102014 and the high-level [meeting].\n"))
    assert [(m.line, m.column, m.text) for m in found.flattened] == [(1, 5, "HighLevel"), (2, 4, "20102014")]
    assert "2010 and 2014 run together" in found.flattened[1].reading
    from tests.conftest import csrf_from, sign_in

    csrf = sign_in(client, cast.secretariat.username)
    page = client.post("/import/preview", data={"csrf_token": csrf, "text": "A HighLevel text.\n"}).text
    assert "two revisions run together" in page and "<code>HighLevel</code>" in page
    assert csrf_from(page)


def test_the_paris_draft_through_the_api_keeps_its_shape(client: TestClient, cast: Cast) -> None:
    text = corpus_file("paris-draft-agreement-2015-12-09.md").read_text(encoding="utf-8")
    body = {"title": "Paris 9 Dec", "text": text, "format": "markdown"}
    response = client.post("/api/v1/documents", json=body, headers=cast.secretariat.headers)
    assert response.status_code == 201, response.text
    paragraphs = response.json()["paragraphs"]
    assert max(len(p["text"]) for p in paragraphs) < 10_000
    exported = client.get(
        f"/api/v1/documents/{response.json()['id']}/export?format=bracketed", headers=cast.bra.headers
    )
    assert exported.text == text


def test_the_layout_is_detected_shown_and_can_be_switched(client: TestClient, cast: Cast) -> None:
    from tests.conftest import csrf_from, sign_in

    geneva = corpus_file("unfccc-geneva-negotiating-text-2015-02-12.txt").read_bytes()
    detected = importing.preview(importing.read_draft(geneva, "geneva.txt"))
    as_lines = importing.preview(importing.read_draft(geneva, "geneva.txt", layout="lines"))
    assert (detected.layout, detected.layout_detected, as_lines.layout) == ("wrapped", True, "lines")
    assert as_lines.stats.paragraphs > detected.stats.paragraphs
    sign_in(client, cast.secretariat.username, cast.secretariat.password)
    csrf = csrf_from(client.get("/import").text)
    files = {"file": ("geneva.txt", geneva, "text/plain")}
    page = client.post("/import/preview", data={"csrf_token": csrf, "layout": "lines"}, files=files).text
    assert "Paragraphs: one per line (as chosen)" in page and 'name="layout" value="lines"' in page
    with pytest.raises(Invalid, match="layout: 'pages' is not one of lines, wrapped"):
        importing.pasted("x", layout="pages")


def test_a_wrapped_import_keeps_its_layout_and_its_paragraphs_stay_editable(client: TestClient, cast: Cast) -> None:
    text = "1. Decides that the Parties shall\nreport every year;\n2. Requests the secretariat\nto [report][publish].\n"
    body = {"title": "Wrapped", "text": text, "layout": "wrapped"}
    document = client.post("/api/v1/documents", json=body, headers=cast.secretariat.headers).json()
    assert [p["text"] for p in document["paragraphs"]] == [
        "Decides that the Parties shall\nreport every year;",
        "Requests the secretariat\nto [report][publish].",
    ]
    paragraph = document["paragraphs"][0]
    edited = {"text": paragraph["text"].replace("every", "each"), "base_version": paragraph["version"]}
    response = client.post(f"/api/v1/paragraphs/{paragraph['id']}/amendments", json=edited, headers=cast.che.headers)
    assert response.status_code == 201, response.text
    backup = client.get(f"/api/v1/documents/{document['id']}/export?format=json", headers=cast.bra.headers).json()
    assert backup["document"]["layout"] == "wrapped"
    stats = client.get(f"/api/v1/documents/{document['id']}/statistics", headers=cast.bra.headers).json()
    assert [p["open_bracket_sets"] for p in stats["revisions"]] == [1, 2]


def test_an_edit_reads_the_paragraph_as_its_document_is_read(client: TestClient, cast: Cast) -> None:
    text = "# Draft\n\nParties [shall] report, see [the guide](http://example.org) and [9] others.\n"
    body = {"title": "Links", "text": text, "format": "markdown", "bare_numbers": "literal"}
    created = client.post("/api/v1/documents", json=body, headers=cast.secretariat.headers)
    assert created.status_code == 201, created.text
    paragraph = created.json()["paragraphs"][1]
    edited = paragraph["text"].replace("report", "report yearly")
    amendment = {"text": edited, "base_version": paragraph["version"]}
    response = client.post(f"/api/v1/paragraphs/{paragraph['id']}/amendments", json=amendment, headers=cast.che.headers)
    assert response.status_code in (200, 201), response.text
    sets = [run for run in response.json()["paragraph"]["content"] if run["type"] == "bracket_set"]
    # One new set for the word added; the link and the reference number stay text, not sets.
    assert len(sets) == 2
    chair = {"text": edited.replace("others", "more"), "base_version": paragraph["version"] + 1}
    changed = client.put(f"/api/v1/paragraphs/{paragraph['id']}/text", json=chair, headers=cast.chair.headers)
    assert changed.status_code == 200, changed.text
    # The chair's wording settles "yearly"; `[shall]` stays the one set, the link and `[9]` still text.
    assert [run["type"] for run in changed.json()["content"]].count("bracket_set") == 1
    assert "[the guide](http://example.org) and [9] more." in changed.json()["text"]
