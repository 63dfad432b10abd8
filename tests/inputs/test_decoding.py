"""Every decoder error is a refusal that says what and where: text files, base64 payloads, CSV, JSON backups."""

from __future__ import annotations

import base64
from pathlib import Path

from fastapi.testclient import TestClient

from app.config import Settings
from tests.auth.test_cli_admin import crochets, refused
from tests.cast import Cast
from tests.conftest import sign_in

JSON = {"Accept": "application/json"}


def test_a_text_file_that_is_not_utf8_is_refused_with_its_byte_and_line(client: TestClient, cast: Cast) -> None:
    csrf = sign_in(client, "sec")
    data = "Décide\n[d'adopter]\nle texte".encode() + b" \xff\n"
    response = client.post(
        "/import/preview", files={"file": ("draft.txt", data)}, headers=JSON | {"X-CSRF-Token": csrf}
    )
    assert response.status_code == 422
    assert response.json() == {
        "error": "invalid",
        "detail": "draft.txt: invalid byte 0xFF at byte offset 29, on line 3; save the file as UTF-8",
        "line": 3,
    }


def test_a_bad_payload_is_refused_with_where(client: TestClient, cast: Cast) -> None:
    csrf = sign_in(client, "sec")
    good = base64.b64encode(b"Decides.\n").decode()
    cases = {
        good[:5] + "!" + good[5:]: "payload: not base64 at character 6",
        good[:3] + "é" + good[3:]: "payload: not base64 at character 4",
        good[:-2]: "payload: not base64",
        base64.b64encode(b"Decides \xff.\n").decode(): "the previewed text: invalid byte 0xFF at byte offset 8",
    }
    for payload, said in cases.items():
        form = {"title": "Draft", "payload": payload}
        response = client.post("/import", data=form, headers=JSON | {"X-CSRF-Token": csrf})
        assert response.status_code == 422 and said in response.json()["detail"], (payload, response.text)
    assert client.get("/api/v1/documents", headers=cast.bra.headers).json() == []


def test_csv_files_of_delegations_are_refused_with_the_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    header = "code,name,kind,groups\n"
    cases = {
        b"code,name,kind\nCHE,Switzerland,member_state\nZAF,South\x00Africa,member_state\n": (
            "line 3: the name of ZAF: line 1, column 6: U+0000 NULL"
        ),
        (header + "CHE,Switzerland,member_state,,extra\n").encode(): "line 2: more cells than the header",
        (header + 'CHE,"' + "x" * 200_000 + '",member_state\n').encode(): "line 2",
        b"code,nom,kind\n": "line 1: the header must be",
        header.encode() + b"CHE,Suisse \xe9,member_state\n": "position 33",
    }
    for content, said in cases.items():
        path = tmp_path / "delegations.csv"
        path.write_bytes(content)
        refused(crochets(data_dir, "delegations", "import", str(path)), said)


def test_a_json_backup_too_deep_to_read_is_refused_on_the_command_line(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"format": "crochets-backup", "deep": ' + "[" * 100_000 + "]" * 100_000 + "}")
    refused(crochets(settings.data_dir, "restore", str(path)), "nests too deeply")
    path.write_bytes(b'{"format": "crochets-backup", "title": "caf\xe9"}')
    refused(crochets(settings.data_dir, "restore", str(path)), "not a JSON backup", "position 43")
