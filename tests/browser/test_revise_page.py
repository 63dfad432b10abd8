"""The secretariat imports the next version of the seed through its page: preview, confirm, the redline; then a
delegation reads in its report what became of the optional words it supported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from app import domain
from app.config import Settings
from tests.browser.conftest import Person, screenshot
from tests.cast import Cast, Template
from tests.conftest import AuthAccount, LiveServer, settings_on_copy

SignIn = Callable[[AuthAccount], Person]
INSERTION = ", et en tenant compte des modalités qui seront fixées par l'Assemblée générale"
ADDED = "le nouveau paragraphe que les facilitateurs ont rédigé pendant la nuit, sans crochets;\n"


@pytest.fixture
def settings(tmp_path: Path, negotiation_template: Template) -> Settings:
    """The cast and the imported seed (Rev.0)."""
    return settings_on_copy(negotiation_template.url, tmp_path)


def next_version(text: str) -> str:
    """The seed with a paragraph moved, one deleted, one added and the optional insertion accepted."""
    tree = domain.parse(text)
    items = [domain.render_paragraph(p) for p in tree.paragraphs]

    def at(words: str) -> int:
        return next(k for k, item in enumerate(items) if words in item)

    moved = items.pop(at("la Résolution 73 (Minneapolis"))
    items.insert(at("la Résolution 1334 du Conseil") + 1, moved)
    del items[at("les résultats de la table ronde ministérielle")]
    items.insert(at("se félicitant") + 1, ADDED)
    revised = tree.bom + tree.leading + "".join(items)
    assert f"[{INSERTION}]" in revised
    return revised.replace(f"[{INSERTION}]", INSERTION)


def test_the_secretariat_imports_a_next_version_and_a_delegation_reads_its_fate(
    sign_in_as: SignIn, cast: Cast, live_server: LiveServer, negotiation_template: Template
) -> None:
    document_id = negotiation_template.document_id
    api = f"{live_server.url}/api/v1"
    document = httpx.get(f"{api}/documents/{document_id}", headers=cast.usa.headers, timeout=30).json()
    optional = next(
        run
        for p in document["paragraphs"]
        for run in p["content"]
        if run["type"] == "bracket_set" and run["alternatives"][0]["text"] == INSERTION
    )
    backed = httpx.put(
        f"{api}/alternatives/{optional['alternatives'][0]['id']}/position",
        json={"stance": "supports"},
        headers=cast.usa.headers,
        timeout=30,
    )
    assert backed.is_success, backed.text
    exported = httpx.get(f"{api}/documents/{document_id}/export?format=bracketed", headers=cast.usa.headers)
    revised = next_version(exported.content.decode("utf-8"))

    secretariat = sign_in_as(cast.secretariat)
    page = secretariat.page
    page.goto(f"{live_server.url}/documents/{document_id}")
    page.click("text=Import the next version…")
    expect(page.locator("h1")).to_contain_text("Import the next version as Rev.1")
    page.fill("#revise-note", "facilitators' overnight draft")
    page.fill("#revise-text", revised)
    page.click("#revise-form button[type=submit]")
    preview = page.locator(".revise-preview")
    expect(preview).to_contain_text("Rev.1")
    expect(preview.locator(".count-moved strong")).to_have_text("1")
    expect(preview.locator(".count-added strong")).to_have_text("1")
    expect(preview.locator(".count-edited strong")).to_have_text("1")
    expect(preview.locator(".count-deleted strong")).to_have_text("1")
    expect(preview.locator(".set-fates")).to_contain_text("resolved")
    expect(preview.locator(".aligned .align-moved")).to_have_count(1)
    screenshot(page, "revise-preview", selector=".revise-preview")
    page.click("text=Issue it as Rev.1")
    page.wait_for_url(f"{live_server.url}/documents/{document_id}/redline?from=0&to=1")
    expect(page.locator("body")).to_contain_text("resolved by Rev.1: it keeps")
    screenshot(page, "revise-redline")
    secretariat.assert_quiet_console()

    delegate = sign_in_as(cast.usa)
    page = delegate.page
    page.goto(f"{live_server.url}/documents/{document_id}/delegations/USA/report?from=0&to=1")
    expect(page.locator(".ended-by")).to_have_text("resolved by Rev.1")
    screenshot(page, "revise-delegation-report")
    delegate.assert_quiet_console()
    stored = httpx.get(f"{api}/documents/{document_id}/export?format=bracketed&revision=1", headers=cast.usa.headers)
    assert stored.content == revised.encode("utf-8")
