"""The chair's paragraph controls are always there and never lie over the text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Response, Route, expect

from app.config import Settings
from tests.browser.conftest import Person, screenshot
from tests.cast import Cast, Template
from tests.conftest import AuthAccount, LiveServer, settings_on_copy

SignIn = Callable[[AuthAccount], Person]
OVERLAPS = """() => {
  const boxes = (selector) => [...document.querySelectorAll(selector)].map((el) => el.getBoundingClientRect());
  const cross = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const texts = boxes('.para-body');
  return boxes('.para-actions').filter((control) => texts.some((text) => cross(control, text))).length;
}"""


@pytest.fixture
def settings(tmp_path: Path, negotiation_template: Template) -> Settings:
    """The cast and the imported seed (Rev.0)."""
    return settings_on_copy(negotiation_template.url, tmp_path)


def test_the_chairs_controls_are_visible_and_cover_no_text(
    sign_in_as: SignIn, cast: Cast, live_server: LiveServer, negotiation_template: Template
) -> None:
    page = sign_in_as(cast.chair, viewport={"width": 1366, "height": 900}).page
    page.goto(f"{live_server.url}/documents/{negotiation_template.document_id}")
    # A long text folds its settled paragraphs (one line, no controls until opened); the others show theirs.
    assert page.locator(".para:not(.folded) .para-actions").count() >= 2
    page.get_by_role("button", name="Open every paragraph").click()
    actions = page.locator(".para-actions")
    assert actions.count() > 10
    assert all(actions.nth(i).is_visible() for i in range(actions.count())), "visible without hovering"
    page.locator(".para").nth(5).hover()
    assert page.evaluate(OVERLAPS) == 0
    screenshot(page, "document-page-1366-chair")


def test_issuing_a_revision_shows_its_summary_in_the_page(
    sign_in_as: SignIn, cast: Cast, live_server: LiveServer, negotiation_template: Template
) -> None:
    page = sign_in_as(cast.chair).page
    page.goto(f"{live_server.url}/documents/{negotiation_template.document_id}")
    page.fill("#revision-note", "after informals on the WSIS paragraph")
    page.get_by_role("button", name="Issue Rev.1").click()
    summary = page.locator("#revision-summary")
    expect(summary).to_contain_text("Since Rev.0: 0 bracket sets opened, 0 resolved")
    expect(summary).to_contain_text("Note: after informals on the WSIS paragraph")
    screenshot(page, "revision-summary", selector="#revision-summary")
    summary.get_by_role("link", name="See the redline of Rev.1 against Rev.0").click()
    expect(page.locator("#redline")).to_contain_text("Rev.1: after informals on the WSIS paragraph")


def test_the_revision_summary_shows_when_the_live_refresh_replaced_the_toolbar_first(
    sign_in_as: SignIn, cast: Cast, live_server: LiveServer, negotiation_template: Template
) -> None:
    """The answer to Issue Rev.N targets the toolbar, which the live stream refreshes for the same change: when the
    refresh lands first, the answer (and the summary it carries out of band) must still be shown."""
    page = sign_in_as(cast.chair).page
    page.goto(f"{live_server.url}/documents/{negotiation_template.document_id}")
    held: list[tuple[Route, Response]] = []
    page.route("**/documents/*/revisions", lambda route: held.append((route, route.fetch())))
    page.fill("#revision-note", "after informals")
    page.get_by_role("button", name="Issue Rev.1").click()
    # The live stream's refresh of the toolbar, for the revision just issued, replaces the answer's target.
    expect(page.locator("#document-toolbar")).to_contain_text("Issue Rev.2")
    assert len(held) == 1
    route, response = held[0]
    route.fulfill(response=response)
    expect(page.locator("#revision-summary")).to_contain_text("Since Rev.0: 0 bracket sets opened, 0 resolved")
    expect(page.locator("#revision-summary")).to_contain_text("Note: after informals")
