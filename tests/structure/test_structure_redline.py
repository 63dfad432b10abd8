"""The redline after the chair reshaped a draft: each structural change told once, as what it is (page, JSON, Word)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from fastapi.testclient import TestClient

from tests.cast import Cast
from tests.conftest import sign_in
from tests.structure.conftest import by_label, call, import_draft, read, source

A = "/api/v1"
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
LONGER = (
    "Draft decision\n"
    "(a) Recalling [its resolution 12] [the decision of 2019],\n"
    "1. Decides to [adopt] the guidance; further decides to act swiftly.\n"
    "2. Invites [all] Parties to report.\n"
    "3. Requests [a report] by the secretariat.\n"
    "4. Decides to conclude.\n"
)


@dataclass(frozen=True)
class Reshaped:
    """The draft after the chair's changes, with Rev.0 and Rev.1 as exported and the paragraphs' ids."""

    document_id: int
    rev0: str
    rev1: str
    ids: dict[str, int]


def reshape(client: TestClient, cast: Cast) -> Reshaped:
    """Split 1, move (a) to the end, merge 3 into 2, insert a paragraph, delete 4, propose inside (a); Rev.1."""
    document = import_draft(client, cast, LONGER)
    doc = document["id"]
    ids = {p["label"] or "title": p["id"] for p in document["paragraphs"]}
    one = by_label(document, "1")
    body = {"offset": one["text"].index("further"), "base_version": 1}
    ids["split"] = call(client, "POST", f"{A}/paragraphs/{ids['1']}/split", cast.chair, body)["paragraphs"][1]["id"]
    call(client, "POST", f"{A}/paragraphs/{ids['(a)']}/move", cast.chair, {"after_id": ids["4"]})
    call(client, "POST", f"{A}/paragraphs/{ids['2']}/merge", cast.chair, {"base_version": 1})
    inserted = {"where": "after", "text": "Noting the report of the workshop,"}
    added = call(client, "POST", f"{A}/paragraphs/{ids['title']}/insert", cast.chair, inserted, status=201)
    ids["added"] = added["paragraphs"][0]["id"]
    call(client, "DELETE", f"{A}/paragraphs/{ids['4']}?base_version=1", cast.chair)
    recalling = by_label(read(client, cast, doc), "(a)")
    proposal = {"text": recalling["text"].replace("Recalling", "Recalling also"), "base_version": 1}
    call(client, "POST", f"{A}/paragraphs/{ids['(a)']}/amendments", cast.che, proposal, status=201)
    call(client, "POST", f"{A}/documents/{doc}/revisions", cast.chair, {"note": "reshaped"}, status=201)
    rev0 = client.get(f"{A}/documents/{doc}/export?format=bracketed&revision=0", headers=cast.observer.headers).text
    return Reshaped(doc, rev0, source(client, cast, doc), ids)


def test_the_json_redline_tells_each_structural_change_once(client: TestClient, cast: Cast) -> None:
    played = reshape(client, cast)
    assert played.rev0 == LONGER
    redline = call(client, "GET", f"{A}/documents/{played.document_id}/redline?from=0&to=1", cast.observer)
    summary = redline["summary"]
    assert summary["structure"] == {"moved": 1, "split": 1, "merged": 1, "added": 1, "deleted": 1}
    told = {p["id"]: p for p in redline["paragraphs"]}
    ids = played.ids
    assert len(told) == len(redline["paragraphs"]) == 8  # the moved paragraph once; the gone ones where they stood
    assert [p["id"] for p in redline["paragraphs"]] == [
        ids["title"], ids["added"], ids["1"], ids["split"], ids["2"], ids["3"], ids["4"], ids["(a)"]
    ]  # fmt: skip
    moved = told[ids["(a)"]]
    assert moved["structure"] == "moved" and moved["changed"]
    assert (moved["before"]["position"], moved["before"]["name"]) == (2, "(a)")
    assert (moved["after"]["position"], moved["after"]["name"]) == (6, "(a)")
    edits = [(op["kind"], op["by"]) for op in moved["ops"] if op["kind"] != "equal"]
    assert edits == [("insert", "CHE")] and "also" in moved["ops"][1]["text"]
    split = told[ids["split"]]
    assert split["structure"] == "split" and split["split_from"] == {"id": ids["1"], "name": "1"}
    assert told[ids["1"]]["split_into"] == [{"id": ids["split"], "name": "¶ 4"}]
    merged = told[ids["3"]]
    assert merged["structure"] == "merged" and merged["merged_into"] == {"id": ids["2"], "name": "2"}
    target = told[ids["2"]]
    assert target["merged_from"] == [{"id": ids["3"], "name": "3"}]
    inserted = "".join(op["text"] for op in target["ops"] if op["kind"] == "insert")
    assert inserted.strip() == "Requests [a report] by the secretariat."
    assert {op["by"] for op in target["ops"] if op["kind"] == "insert"} == {"Chair"}
    assert told[ids["4"]]["structure"] == "deleted" and told[ids["added"]]["structure"] == "added"
    for whole in ("split", "3", "4", "added"):  # came or went whole: by the chair who split, merged, deleted, added
        assert {op["by"] for op in told[ids[whole]]["ops"]} == {"Chair"}, whole
    akn = client.get(f"{A}/documents/{played.document_id}/export?format=akn&from=0&to=1", headers=cast.observer.headers)
    containers = {e.get("eId"): e.get("class") for e in ET.fromstring(akn.content).iter(f"{AKN}blockContainer")}
    assert containers[f"para_{ids['(a)']}"] == "preambular status-open moved"
    assert (
        containers[f"para_{ids['3']}"].endswith(" merged") and containers[f"para_{ids['title']}"] == "title status-open"
    )
    title = told[ids["title"]]
    assert (title["structure"], title["changed"]) == ("kept", False)
    assert summary["changed_paragraphs"] == 7


def test_the_redline_page_names_the_changes_and_folds_the_unchanged(client: TestClient, cast: Cast) -> None:
    played = reshape(client, cast)
    sign_in(client, cast.observer.username)
    page = client.get(f"/documents/{played.document_id}/redline?from=0&to=1").text
    assert "moved from place 2 to place 6" in page
    assert "split from 1" in page and "merged into 2" in page
    assert "3 was merged into it: its words show here as inserted" in page
    assert "paragraph deleted" in page and "new paragraph" in page
    assert '<li class="rl-fold"><label for="show-unchanged">1 unchanged paragraph</label></li>' in page
    for figure in (
        "paragraph moved",
        "paragraph split off",
        "paragraph merged",
        "paragraph added",
        "paragraph deleted",
    ):
        assert f"<strong>1</strong> {figure}" in page


def _accepted(paragraph: Any, accept: bool) -> tuple[str, bool]:
    """A Word paragraph's text once every change is accepted (or rejected), and whether the paragraph stays."""
    gone = ("w:del", "w:moveFrom") if accept else ("w:ins", "w:moveTo")
    text = []
    for element in paragraph._p.iter(qn("w:t"), qn("w:delText"), qn("w:tab")):
        wrapper = element.getparent().getparent()
        if wrapper.tag in (qn(tag) for tag in gone):
            continue
        text.append("\t" if element.tag == qn("w:tab") else element.text or "")
    mark = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    removed = mark is not None and any(mark.find(qn(tag)) is not None for tag in gone)
    return "".join(text), not removed


def test_the_word_redline_moves_splits_and_merges_with_notes_and_accepts_to_rev1(
    client: TestClient, cast: Cast
) -> None:
    played = reshape(client, cast)
    url = f"{A}/documents/{played.document_id}/export?format=docx&from=0&to=1"
    response = client.get(url, headers=cast.observer.headers)
    assert response.status_code == 200, response.text
    word = docx.Document(io.BytesIO(response.content))
    body = word.element.body
    assert len(body.findall(f".//{qn('w:moveFrom')}")) > 0 and len(body.findall(f".//{qn('w:moveTo')}")) > 0
    ranges = list(body.iter(qn("w:moveFromRangeStart"), qn("w:moveToRangeStart")))
    assert {e.get(qn("w:name")) for e in ranges} == {f"move{played.ids['(a)']}"}
    assert {e.get(qn("w:author")) for e in ranges} == {"Chair"}
    notes = sorted(comment.text for comment in word.comments)
    assert notes == ["Merged into 2.", "Moved from (a).", "Moved to (a).", "Split from 1."]
    for accept, expected in ((True, played.rev1), (False, played.rev0)):
        kept = [text for text, stays in (_accepted(p, accept) for p in word.paragraphs) if stays]
        assert kept == expected.split("\n")[:-1], ("accepted" if accept else "rejected", kept)


def test_libreoffice_opens_the_structural_word_redline(client: TestClient, cast: Cast, tmp_path: Path) -> None:
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs LibreOffice (soffice) and poppler (pdftotext) for this test")
        pytest.skip(
            "LibreOffice or pdftotext is not installed (apt-get install libreoffice-writer-nogui poppler-utils)"
        )
    played = reshape(client, cast)
    url = f"{A}/documents/{played.document_id}/export?format=docx&from=0&to=1"
    content = client.get(url, headers=cast.observer.headers).content
    body = docx.Document(io.BytesIO(content)).element.body
    tags = ("w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:moveFromRangeStart", "w:moveToRangeStart")
    ids = [e.get(qn("w:id")) for e in body.iter(*(qn(t) for t in tags))]
    assert len(ids) == len(set(ids))  # every tracked change has its own id
    source = tmp_path / "redline.docx"
    source.write_bytes(content)
    profile = Path(tempfile.mkdtemp(dir=tmp_path))
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = subprocess.run(
        [pdftotext, "-layout", str(tmp_path / "redline.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    # The moved paragraph shows at both places (moved away, moved here); the deleted one is still shown.
    assert flat.count("Recalling") == 2 and "Decides to conclude." in flat and "Noting the report" in flat
