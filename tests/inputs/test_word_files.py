"""Hostile Word files are refused quickly, with what and where, and delay no one else's write."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.cast import Cast
from tests.conftest import LiveServer, sign_in
from tests.inputs.conftest import import_document
from tests.inputs.word_files import HOSTILE, deep_brackets, entity_expansion, with_part, word_file, zip_bomb

IMPORT = "/api/v1/documents/import-docx"


def post_word(client: Any, cast: Cast, data: bytes, *, preview: bool) -> Any:
    files = {"file": ("draft.docx", data, "application/octet-stream")}
    url = f"{IMPORT}?preview={'true' if preview else 'false'}"
    return client.post(url, files=files, data={"title": "Draft"}, headers=cast.secretariat.headers)


def refused(response: Any, status: int, *words: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= {"error", "detail"}
    for word in words:
        assert word in body["detail"], body["detail"]
    detail: str = body["detail"]
    return detail


def test_the_zip_bomb_is_refused_from_its_directory(client: TestClient, cast: Cast) -> None:
    bomb = zip_bomb()
    assert len(bomb) < 250_000
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo("word/document.xml").file_size > 45_000_000
    for preview in (True, False):
        started = time.perf_counter()
        refused(post_word(client, cast, bomb, preview=preview), 413, "bytes of XML", "word/document.xml")
        assert time.perf_counter() - started < 2
    assert client.get("/api/v1/documents", headers=cast.bra.headers).json() == []


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_parts_are_refused_with_the_part_and_the_place(client: TestClient, cast: Cast, case: str) -> None:
    xml, said = HOSTILE[case]
    data = with_part("word/document.xml", xml)
    for preview in (True, False):
        refused(post_word(client, cast, data, preview=preview), 422, said)
    assert client.get("/api/v1/documents", headers=cast.bra.headers).json() == []


def test_entities_are_never_expanded(client: TestClient, cast: Cast) -> None:
    detail = refused(post_word(client, cast, entity_expansion(), preview=True), 422, "word/document.xml, line 2")
    assert "DTD" in detail


def test_too_many_parts_are_refused(client: TestClient, cast: Cast) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(word_file("Decides."))) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        for n in range(1_001):
            target.writestr(f"media/dot{n}.bin", b"")
    refused(post_word(client, cast, out.getvalue(), preview=True), 413, "parts", "at most 1,000")


def test_ten_thousand_nested_brackets_are_refused_with_where(client: TestClient, cast: Cast) -> None:
    data = deep_brackets()
    assert len(data) < 60_000
    for preview in (True, False):
        started = time.perf_counter()
        refused(post_word(client, cast, data, preview=preview), 422, "nested 51 deep at line 1, column 59")
        assert time.perf_counter() - started < 2


def test_the_import_page_refuses_hostile_files_too(client: TestClient, cast: Cast) -> None:
    csrf = sign_in(client, "sec")
    headers = {"X-CSRF-Token": csrf, "Accept": "application/json"}
    for data, status, said in ((zip_bomb(), 413, "bytes of XML"), (deep_brackets(), 422, "nested 51 deep")):
        response = client.post("/import/preview", files={"file": ("x.docx", data)}, headers=headers)
        assert response.status_code == status and said in response.text


def test_refusals_take_under_2_s_while_another_client_writes(live_server: LiveServer, cast: Cast) -> None:
    with httpx.Client(base_url=live_server.url, timeout=60) as client:
        document = import_document(client, cast, "Decides [to adopt] [to note] the text.\n")
    alternative = document["paragraphs"][0]["content"][1]["alternatives"][0]["id"]
    hostile = [zip_bomb(), deep_brackets()]
    timings: list[tuple[int, float]] = []

    def attack() -> None:
        with httpx.Client(base_url=live_server.url, timeout=60) as client:
            for data in hostile * 3:
                for preview in (True, False):
                    started = time.perf_counter()
                    status = post_word(client, cast, data, preview=preview).status_code
                    timings.append((status, time.perf_counter() - started))

    attacker = threading.Thread(target=attack)
    attacker.start()
    writes: list[tuple[int, float]] = []
    with httpx.Client(base_url=live_server.url, timeout=60) as client:
        url = f"/api/v1/alternatives/{alternative}/position"
        while attacker.is_alive() or len(writes) < 4:
            started = time.perf_counter()
            put = client.put(url, json={"stance": "supports"}, headers=cast.usa.headers)
            gone = client.delete(url, headers=cast.usa.headers)
            writes.append((put.status_code * 1000 + gone.status_code, time.perf_counter() - started))
    attacker.join()
    assert sorted({status for status, _ in timings}) == [413, 422] and len(timings) == 12
    assert max(seconds for _, seconds in timings) < 2, timings
    assert {status for status, _ in writes} == {200_200}
    assert max(seconds for _, seconds in writes) < 1.5, writes
