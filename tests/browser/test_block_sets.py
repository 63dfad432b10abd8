"""The chair resolves an option set of the Paris draft in the browser; the redline and the clean text show it."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
from playwright.sync_api import expect

from tests.browser.conftest import Person, screenshot
from tests.cast import Cast
from tests.conftest import AuthAccount, LiveServer, corpus_file

SignIn = Callable[[AuthAccount], Person]
PARIS = "paris-draft-agreement-2015-12-09.md"


def test_the_chair_keeps_one_option_of_article_2bis(sign_in_as: SignIn, cast: Cast, live_server: LiveServer) -> None:
    text = corpus_file(PARIS).read_text(encoding="utf-8")
    with httpx.Client(base_url=live_server.url, headers=cast.secretariat.headers, timeout=60) as api:
        created = api.post("/api/v1/documents", json={"title": "Paris 9 Dec", "text": text, "format": "markdown"})
        assert created.status_code == 201, created.text
        document = created.json()
    marks = [(p, m) for p in document["paragraphs"] for m in p["blocks"] if m["scope"] == "options"]
    # Article 2bis: "**Option 1:**" then two numbered paragraphs, "**Option 2:**" then four.
    first = next(m for p, m in marks if p["text"].strip() == "**Option 1:**" and m["number"] == 1)
    second = next(m for p, m in marks if m["bracket_set_id"] == first["bracket_set_id"] and m["number"] == 2)
    chair = sign_in_as(cast.chair)
    page = chair.page
    page.goto(f"{live_server.url}/documents/{document['id']}")
    mark = page.locator(f".block-mark[data-alternative='{second['alternative_id']}']")
    expect(mark).to_contain_text("Option 2, 5 paragraphs")
    mark.scroll_into_view_if_needed()
    screenshot(page, "option-set-marks")
    mark.get_by_role("link", name="Open this set ▸").click()
    panel = page.locator("#panel")
    expect(panel).to_contain_text("Option 1, 3 paragraphs")
    screenshot(page, "option-set-panel", selector="#panel")
    panel.locator("li").nth(1).get_by_role("button", name="Resolve with this").click()
    expect(page.locator(f".block-mark[data-alternative='{second['alternative_id']}']")).to_have_count(0)
    body = page.locator(".para-body")
    expect(body.filter(has_text="nationally determined contribution will represent a progression")).to_have_count(1)
    expect(body.filter(has_text="Subsequent efforts will be informed")).to_have_count(0)
    expect(body.filter(has_text=re.compile(r"^\s*\*\*Option [12]:\*\*\s*$"))).to_have_count(0)
    page.goto(f"{live_server.url}/documents/{document['id']}/redline?start=0&end=live")
    redline = page.locator("#redline")
    expect(redline).to_contain_text("Subsequent efforts will be informed")
    screenshot(page, "option-set-redline")
    with httpx.Client(base_url=live_server.url, headers=cast.observer.headers, timeout=60) as api:
        clean = api.get(f"/api/v1/documents/{document['id']}/export", params={"format": "clean", "unresolved": "keep"})
    assert clean.status_code == 200, clean.text
    at = clean.text.find("Subsequent efforts will be informed")
    assert at < 0, clean.text[max(0, at - 600) : at + 100]
    assert "Each Party’s [intended] nationally determined contribution" in clean.text
    chair.assert_quiet_console()
