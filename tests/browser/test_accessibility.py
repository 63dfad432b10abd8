"""axe-core on every page of the demo, as a delegate, the chair and the secretariat: nothing serious or critical.

axe-core comes from the npm registry at test time (scripts/test puts it in .cache/vendor; never in the repository)
and is evaluated in the page by Playwright, outside the page's Content-Security-Policy, which stays as strict.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from app.config import Settings
from tests.browser.conftest import VENDOR, SignIn, _require, serve_cdn
from tests.browser.test_phone import pages
from tests.cast import Cast, Template
from tests.conftest import LiveServer, settings_on_copy

AXE = VENDOR / "axe.min.js"
SERIOUS = ("serious", "critical")
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' — ' + n.failureSummary.split('\\n')[1]),
  }));
}"""


@pytest.fixture
def settings(tmp_path: Path, negotiation_template: Template) -> Settings:
    """The cast and the imported seed (Rev.0)."""
    return settings_on_copy(negotiation_template.url, tmp_path)


def serious_violations(page: Page) -> list[dict[str, object]]:
    """What axe-core finds on the page as it stands, of impact serious or critical."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in SERIOUS]


@pytest.mark.parametrize("role", ["bra", "chair", "secretariat"])
def test_no_serious_accessibility_violation_on_any_page(
    sign_in_as: SignIn, cast: Cast, live_server: LiveServer, negotiation_template: Template, role: str
) -> None:
    _require(AXE, "axe-core from npm (scripts/test fetches it)")
    assert negotiation_template.document_id is not None
    document = f"{live_server.url}/documents/{negotiation_template.document_id}"
    person = sign_in_as(getattr(cast, role))
    page = person.page
    found: dict[str, list[dict[str, object]]] = {}
    for path in pages(negotiation_template.document_id, role):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        found[path] = serious_violations(page)
    # The document page with a set panel open, and with a selection's toolbar (for those who may propose).
    page.goto(document)
    page.locator(".bset .set-handle").first.click()
    expect(page.locator("#set-panel")).to_be_visible()
    found["document page, panel open"] = serious_violations(page)
    problems = {path: v for path, v in found.items() if v}
    assert problems == {}, "\n".join(f"{path}: {v}" for path, v in problems.items())


def test_no_serious_accessibility_violation_signed_out(browser: Browser, live_server: LiveServer) -> None:
    _require(AXE, "axe-core from npm (scripts/test fetches it)")
    context = browser.new_context()
    serve_cdn(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/login")
    assert serious_violations(page) == []
    context.close()
