"""`crochets parse`, run as the installed console script, on real drafts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CROCHETS = Path(sys.executable).with_name("crochets")
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SEED = "itu-council-wsis-draft-resolution.fr.txt"
GENEVA = "unfccc-geneva-negotiating-text-2015-02-12.txt"
TEXTS = (
    SEED,
    "unfccc-art6-2-draft-decision-2024-11-14.txt",
    GENEVA,
    "paris-draft-agreement-2015-12-09.md",
)


def corpus_path(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.fail(f"corpus file {path} is missing: the tests need ../shared/corpus next to the project")
    return path


def crochets(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    assert CROCHETS.is_file(), f"console script {CROCHETS} is not installed"
    return subprocess.run([str(CROCHETS), "parse", *args], input=stdin, capture_output=True, timeout=60)


def test_summary_of_the_seed() -> None:
    result = crochets(str(corpus_path(SEED)))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "95 paragraphs, 2 bracket sets, 3 alternatives, max depth 1, 1 placeholder, 1 footnote, 0 warnings" in out
    assert "preambular" in out and "operative" in out and "rappelant" in out


def test_json_of_the_seed() -> None:
    result = crochets(str(corpus_path(SEED)), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("bracket_sets", "alternatives", "max_depth", "placeholders", "footnotes")} == {
        "bracket_sets": 2,
        "alternatives": 3,
        "max_depth": 1,
        "placeholders": 1,
        "footnotes": 1,
    }
    assert data["paragraphs"] == 95 and data["warnings"] == []
    assert len(data["paragraph_details"]) == 95


def test_json_warnings_of_the_geneva_text() -> None:
    data = json.loads(crochets(str(corpus_path(GENEVA)), "--json").stdout)
    # Paragraphs first (see tests/domain/test_corpus.py): the first of the 22 typos, each where it is.
    assert [(w["kind"], w["line"], w["column"]) for w in data["warnings"]][:3] == [
        ("stray", 39, 97),
        ("unclosed", 43, 24),
        ("stray", 198, 47),
    ]
    assert len(data["warnings"]) == 24
    assert all(set(w) == {"line", "column", "kind", "message"} for w in data["warnings"])


@pytest.mark.parametrize("name", TEXTS)
def test_render_is_byte_for_byte(name: str) -> None:
    path = corpus_path(name)
    result = crochets(str(path), "--render")
    assert result.returncode == 0, result.stderr
    assert result.stdout == path.read_bytes()


def test_strict_fails_on_warnings_only() -> None:
    geneva = crochets(str(corpus_path(GENEVA)), "--strict")
    assert geneva.returncode == 1
    assert "unmatched ']' at line 198, column 47" in geneva.stdout.decode()
    assert crochets(str(corpus_path(SEED)), "--strict").returncode == 0


def test_stdin_with_bom_and_crlf() -> None:
    data = "\ufeffTitle\r\n1.\t[a] [b]\r\n".encode()
    result = crochets("-", "--render", stdin=data)
    assert (result.returncode, result.stdout) == (0, data)
    summary = json.loads(crochets("-", "--json", stdin=data).stdout)
    assert (summary["paragraphs"], summary["bracket_sets"], summary["alternatives"]) == (2, 1, 2)


def test_markdown_flag_and_extension(tmp_path: Path) -> None:
    text = b"See [the text][src] and [a][b].\n\n[src]: http://example.org\n"
    plain = json.loads(crochets("-", "--json", stdin=text).stdout)
    markdown = json.loads(crochets("-", "--json", "--markdown", stdin=text).stdout)
    source = tmp_path / "draft.md"
    source.write_bytes(text)
    by_extension = json.loads(crochets(str(source), "--json").stdout)
    assert (plain["bracket_sets"], markdown["bracket_sets"], by_extension["bracket_sets"]) == (3, 1, 1)


def test_non_utf8_input_names_the_byte_offset(tmp_path: Path) -> None:
    source = tmp_path / "latin1.txt"
    source.write_bytes("Résolution [à] voir".encode("latin-1"))
    result = crochets(str(source))
    assert result.returncode == 2
    assert result.stdout == b""
    message = result.stderr.decode()
    assert message == f"crochets: {source} is not UTF-8: invalid byte 0xE9 at byte offset 1\n"


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = crochets(str(tmp_path / "nowhere.txt"))
    assert result.returncode == 2
    assert b"nowhere.txt" in result.stderr and b"Traceback" not in result.stderr


def test_json_and_render_together_are_refused() -> None:
    result = crochets("-", "--json", "--render", stdin=b"x")
    assert result.returncode == 2 and b"cannot be used together" in result.stderr
