"""The report pages in Chromium after a small negotiation on the seed: the chart, the compilation, the redline."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from app.config import Settings
from tests.browser.conftest import Person, screenshot
from tests.cast import Cast, Template
from tests.conftest import AuthAccount, LiveServer, settings_on_copy

SignIn = Callable[[AuthAccount], Person]
OPEN_TO_ALL = "ouvertes à toutes les parties prenantes du SMSI"
SWISS_WORDING = "tenir des consultations régionales"
BRAZIL_WORDING = "ouvertes aux parties prenantes intéressées"


@pytest.fixture
def settings(tmp_path: Path, negotiation_template: Template) -> Settings:
    """The cast and the imported seed (Rev.0)."""
    return settings_on_copy(negotiation_template.url, tmp_path)


class Api:
    """The JSON API of the live server, as the cast's scripts would call it."""

    def __init__(self, url: str) -> None:
        self.url = f"{url}/api/v1"

    def __call__(self, method: str, path: str, account: AuthAccount, body: Any = None) -> Any:
        response = httpx.request(method, f"{self.url}{path}", json=body, headers=account.headers, timeout=30)
        assert response.is_success, response.text
        return response.json() if response.content else None


def negotiate(api: Api, cast: Cast, document_id: int) -> None:
    """CHE proposes, USA objects, AFR (by ZAF) supports, BRA adds an alternative; Rev.1; the chair resolves one."""
    document = api("GET", f"/documents/{document_id}", cast.che)
    paragraph = next(p for p in document["paragraphs"] if "organiser d'autres réunions" in p["text"])
    competing = next(r for r in paragraph["content"] if r["type"] == "bracket_set" and len(r["alternatives"]) > 1)
    text = paragraph["text"].replace("organiser d'autres réunions", SWISS_WORDING)
    made = api(
        "POST",
        f"/paragraphs/{paragraph['id']}/amendments",
        cast.che,
        {"text": text, "base_version": paragraph["version"]},
    )
    swiss = next(a for a in made["bracket_sets"][0]["alternatives"] if not a["original"])
    api("PUT", f"/alternatives/{swiss['id']}/position", cast.usa, {"stance": "objects"})
    api("PUT", f"/alternatives/{swiss['id']}/position", cast.zaf, {"stance": "supports", "on_behalf_of": "AFR"})
    first = competing["alternatives"][0]["id"]
    api("PUT", f"/alternatives/{first}/position", cast.usa, {"stance": "supports"})
    api("POST", f"/bracket-sets/{competing['id']}/alternatives", cast.bra, {"text": BRAZIL_WORDING})
    api("POST", f"/documents/{document_id}/revisions", cast.chair, {"note": "after informals"})
    optional = next(
        r
        for p in document["paragraphs"]
        for r in p["content"]
        if r["type"] == "bracket_set" and r["id"] != competing["id"]
    )
    api("POST", f"/bracket-sets/{optional['id']}/resolution", cast.chair, {"text": ""})
    api("POST", f"/documents/{document_id}/revisions", cast.chair, {"note": "optional words dropped"})


def test_statistics_compilation_and_redline_after_a_negotiation(
    sign_in_as: SignIn, cast: Cast, live_server: LiveServer, negotiation_template: Template
) -> None:
    document_id = negotiation_template.document_id
    assert document_id is not None
    negotiate(Api(live_server.url), cast, document_id)
    observer = sign_in_as(cast.observer)
    page = observer.page
    base = f"{live_server.url}/documents/{document_id}"

    page.goto(f"{base}/statistics")
    chart = page.locator("#statistics svg.chart")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.bar[data-value]")).to_have_count(4)  # Rev.0, Rev.1, Rev.2, live
    expect(page.locator(".stats-table").first).to_contain_text("1")
    screenshot(page, "statistics-chart")

    page.get_by_role("link", name="Compilation").click()
    table = page.locator(".compilation-table")
    expect(table).to_be_visible()
    expect(table.locator(".chip-sponsor", has_text="CHE")).to_have_attribute("title", "Proposed by Switzerland")
    expect(table.locator(".chip-object", has_text="USA").first).to_have_attribute(
        "title", "Objected to by United States"
    )
    page.get_by_label("only contested paragraphs").check()
    expect(page).to_have_url(f"{base}/compilation?contested=1")
    expect(page.locator(".alt-cell-agreed")).to_have_count(0)
    screenshot(page, "compilation")

    page.get_by_role("link", name="Redline").click()
    expect(page.locator("#redline h2")).to_have_text("From Rev.2 to the live text")
    page.select_option("#version-from", "0")
    expect(page.locator("#redline h2")).to_have_text("From Rev.0 to the live text")
    expect(page).to_have_url(f"{base}/redline?from=0&to=live")
    inserted = page.locator(".rl-inline ins", has_text=SWISS_WORDING)
    expect(inserted).to_have_attribute("title", re.compile(r"^by CHE, \d\d \w{3} \d\d:\d\d$"))
    expect(page.locator(".bracket-changes").first).to_contain_text("CHE proposed")
    screenshot(page, "redline")
    page.get_by_text("Side by side").click()
    expect(page.locator(".rl-after ins", has_text=SWISS_WORDING)).to_be_visible()
    expect(inserted).to_be_hidden()
    screenshot(page, "redline-side-by-side")
    page.get_by_text("Show unchanged paragraphs").click()
    expect(page.locator(".rl-para.unchanged").first).to_be_visible()

    page.get_by_role("link", name="Our proposals").click()
    expect(page.locator("#delegation-report")).to_contain_text("Internet Society (ISOC)")
    page.select_option("#report-delegation", "USA")
    expect(page).to_have_url(f"{base}/delegations/USA/report?from=2&to=live")
    expect(page.locator("#delegation-report")).to_contain_text("objected to")
    screenshot(page, "delegation-report")
    observer.assert_quiet_console()
