"""Exports: sponsor footnotes in text and Word, clean and redline Word files, Akoma Ntoso, and their headers."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from fastapi.testclient import TestClient

from app import domain
from tests.reports.conftest import Players
from tests.reports.scenario import BRAZIL_WORDING, OPEN_TO_ALL, SWISS_WORDING, play_seed

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def export(client: TestClient, players: Players, document_id: int, query: str, status: int = 200) -> bytes:
    response = client.get(f"/api/v1/documents/{document_id}/export?{query}", headers=players.observer.headers)
    assert response.status_code == status, response.text
    return response.content


def word(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def footnotes_of(document: docx.document.Document) -> list[str]:
    """The texts of the real footnotes of a Word file (separators left out)."""
    part = document.part.part_related_by(RELATIONSHIP_TYPE.FOOTNOTES)
    root = ET.fromstring(part.blob)
    return [
        "".join(t.text or "" for t in note.iter(f"{W}t")).strip()
        for note in root.iter(f"{W}footnote")
        if note.get(f"{W}type") is None
    ]


def test_bracketed_text_with_sponsor_footnotes(client: TestClient, players: Players) -> None:
    played = play_seed(client, players)
    text = export(client, players, played.document_id, "format=bracketed&footnotes=sponsors&revision=1").decode()
    assert f"[{SWISS_WORDING}][footnoteRef:2]" in text
    assert f"[{BRAZIL_WORDING}][footnoteRef:4]" in text
    assert text.endswith("\n[2: Proposed by CHE; objected to by USA.]\n[3: Supported by AFR.]\n[4: Proposed by BRA.]\n")
    tree = domain.parse(text)
    footnotes = [n for p in tree.paragraphs for n in p.content if isinstance(n, domain.Footnote)]
    assert [f.number for f in footnotes] == ["1", "2", "3", "4"]  # the seed's own footnote, then the notes
    plain = export(client, players, played.document_id, "format=bracketed&revision=1").decode()
    assert "footnoteRef:2" not in plain
    # Markers stand between alternatives, so each note stays with its wording when the text is read back.
    assert (
        text.replace("[footnoteRef:2]", "")
        .replace("[footnoteRef:3]", "")
        .replace("[footnoteRef:4]", "")
        .startswith(plain.rstrip())
    )


def test_bracketed_word_file_has_real_footnotes_naming_sponsors(client: TestClient, players: Players) -> None:
    played = play_seed(client, players)
    response = client.get(
        f"/api/v1/documents/{played.document_id}/export?format=docx&revision=1", headers=players.observer.headers
    )
    assert response.headers["content-type"] == DOCX
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="role-de-l-uit-dans-l-examen-du-smsi-rev1-bracketed.docx"')
    document = word(response.content)
    body = "\n".join(p.text for p in document.paragraphs)
    assert f"[{OPEN_TO_ALL}]" in body and f"[{SWISS_WORDING}]" in body and "projet de nouvelle résolution [...]" in body
    notes = footnotes_of(document)
    assert "Proposed by CHE; objected to by USA." in notes and "Supported by AFR." in notes
    assert any(note.startswith("•") and "Forum 2022 du SMSI" in note for note in notes)  # the seed's own footnote
    assert "[1:" not in body and "footnoteRef" not in body
    references = document.element.body.findall(f".//{W}footnoteReference")
    assert len(references) == len(notes) == 4
    plain = word(export(client, players, played.document_id, "format=docx&revision=1&footnotes=none"))
    assert "Proposed by" not in " ".join(footnotes_of(plain))


def test_clean_word_file_only_when_everything_is_decided(client: TestClient, players: Players) -> None:
    played = play_seed(client, players)
    refused = client.get(
        f"/api/v1/documents/{played.document_id}/export?format=docx&variant=clean&revision=1",
        headers=players.observer.headers,
    )
    assert refused.status_code == 409 and refused.json()["open_bracket_sets"]
    clean = word(export(client, players, played.document_id, "format=docx&variant=clean&revision=2"))
    body = "\n".join(p.text for p in clean.paragraphs)
    assert "projet de nouvelle résolution 1340" in body and SWISS_WORDING in body and "[" not in body
    # The seed's own footnote is a real Word footnote, not a number and a note in the text.
    assert "¹" not in body and any("Forum 2022 du SMSI" in note for note in footnotes_of(clean))


def tracked(document: docx.document.Document, tag: str) -> list[tuple[str, str, str]]:
    """(author, date, text) of each tracked insertion or deletion."""
    inner = f"{W}t" if tag == "ins" else f"{W}delText"
    return [
        (
            change.get(f"{W}author") or "",
            change.get(f"{W}date") or "",
            "".join(t.text or "" for t in change.iter(inner)),
        )
        for change in document.element.body.iter(f"{W}{tag}")
    ]


def redline_docx(client: TestClient, players: Players) -> bytes:
    played = play_seed(client, players)
    return export(client, players, played.document_id, "format=docx&from=0&to=2")


def test_redline_word_file_has_tracked_changes_by_their_authors(client: TestClient, players: Players) -> None:
    document = word(redline_docx(client, players))
    insertions, deletions = tracked(document, "ins"), tracked(document, "del")
    assert ("Chair", "1340") in [(author, text) for author, _, text in insertions]
    assert any(author == "CHE" and SWISS_WORDING in text for author, _, text in insertions)
    assert any(author == "Chair" and "[...]" in text for author, _, text in deletions)
    assert any(author == "Chair" and OPEN_TO_ALL in text for author, _, text in deletions)
    assert {author for author, _, _ in insertions + deletions} == {"CHE", "Chair"}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", date) for _, date, _ in insertions + deletions)
    ids = [c.get(f"{W}id") for tag in ("ins", "del") for c in document.element.body.iter(f"{W}{tag}")]
    assert len(ids) == len(set(ids))
    # Accepting every change gives Rev.2's text; rejecting them gives Rev.0's.
    accepted = "".join(t.text or "" for t in document.element.body.iter(f"{W}t"))
    assert "projet de nouvelle résolution 1340" in accepted and OPEN_TO_ALL not in accepted


def test_libreoffice_reads_the_redline_as_tracked_changes(client: TestClient, players: Players, tmp_path: Path) -> None:
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs LibreOffice (soffice) and poppler (pdftotext) for this test")
        pytest.skip(
            "LibreOffice or pdftotext is not installed (apt-get install libreoffice-writer-nogui poppler-utils)"
        )
    source = tmp_path / "redline.docx"
    source.write_bytes(redline_docx(client, players))
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
    assert "1340" in flat  # inserted
    assert "[...]" in flat  # deleted, still shown as a tracked deletion
    assert "tenir des consultations" in flat and "ouvertes à toutes les parties" in flat


def test_akoma_ntoso_holds_alternatives_placeholders_and_redlines(client: TestClient, players: Players) -> None:
    played = play_seed(client, players)
    response = client.get(
        f"/api/v1/documents/{played.document_id}/export?format=akn&revision=1", headers=players.observer.headers
    )
    assert response.headers["content-type"] == "application/akn+xml"
    root = ET.fromstring(response.content)
    assert root.tag == f"{AKN}akomaNtoso"
    alternatives = [e for e in root.iter(f"{AKN}inline") if e.get("name") == "alternative"]
    words = ["".join(e.itertext()) for e in alternatives]
    assert f"[{SWISS_WORDING}]" in words and f"[{OPEN_TO_ALL}]" in words
    assert sum(1 for e in alternatives if e.get("alternativeTo")) >= 3
    assert any(e.get("title") == "Proposed by CHE; objected to by USA." for e in alternatives)
    assert [e.get("originalText") for e in root.iter(f"{AKN}placeholder")] == ["[...]"]
    assert root.find(f".//{AKN}authorialNote") is not None and root.find(f".//{AKN}noteRef") is not None
    redline = ET.fromstring(export(client, players, played.document_id, "format=akn&from=0&to=2"))
    assert [e.text for e in redline.iter(f"{AKN}ins") if e.text == "1340"] == ["1340"]
    assert any(e.get("title") == "Chair" and "[...]" in (e.text or "") for e in redline.iter(f"{AKN}del"))


def test_export_refuses_what_makes_no_sense(client: TestClient, players: Players) -> None:
    played = play_seed(client, players)
    doc = played.document_id
    for query in (
        "format=pdf",
        "format=bracketed&from=0&to=1",
        "format=docx&from=0&revision=1",
        "format=json&revision=1",
        "format=docx&from=x",
        "format=docx&variant=fancy",
    ):
        assert export(client, players, doc, query, status=422), query
    assert export(client, players, doc, "format=akn&revision=7", status=404)
