"""At 390 × 844 (a phone), no page is wider than the screen, whoever is signed in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.config import Settings
from tests.browser.conftest import Person, screenshot
from tests.cast import Cast, Template
from tests.conftest import AuthAccount, LiveServer, settings_on_copy

SignIn = Callable[[AuthAccount], Person]
PHONE = {"width": 390, "height": 844}
WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > width + 1)
    .slice(0, 5)
    .map((el) => `${el.tagName}.${el.className}#${el.id}`);
}"""


@pytest.fixture
def settings(tmp_path: Path, negotiation_template: Template) -> Settings:
    """The cast and the imported seed (Rev.0)."""
    return settings_on_copy(negotiation_template.url, tmp_path)


def pages(document_id: int, role: str) -> list[str]:
    """Every page a person in this role reaches from the menus."""
    document = f"/documents/{document_id}"
    common = ["/", document, f"{document}/bracket-sets/1", f"{document}/redline", f"{document}/statistics"]
    common += [f"{document}/compilation", f"{document}/report", f"{document}/download?format=clean"]
    return common + (["/import", "/admin"] if role == "secretariat" else [])


@pytest.mark.parametrize("role", ["bra", "chair", "secretariat"])
def test_no_page_is_wider_than_a_phone(
    sign_in_as: SignIn, cast: Cast, live_server: LiveServer, negotiation_template: Template, role: str
) -> None:
    assert negotiation_template.document_id is not None
    person = sign_in_as(getattr(cast, role))
    page = person.page
    page.set_viewport_size(PHONE)
    too_wide = []
    for path in pages(negotiation_template.document_id, role):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append((path, width, page.evaluate(WIDEST)))
    page.goto(f"{live_server.url}/documents/{negotiation_template.document_id}")
    screenshot(page, f"document-page-390-{role}")
    assert too_wide == []
