"""The document page with the keyboard alone, and the set panel opening next to its set (a bottom sheet on phones)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app.config import Settings
from tests.browser.conftest import SignIn, screenshot
from tests.cast import Cast, Template
from tests.conftest import LiveServer, settings_on_copy

# Every control a person can reach, in the order of the page (document order is reading order here).
MARK_CONTROLS = """() => {
  const controls = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter((el) => !el.disabled && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden');
  controls.forEach((el, index) => { el.dataset.walk = String(index); });
  return controls.length;
}"""
FOCUSED = "() => document.activeElement ? (document.activeElement.dataset.walk ?? document.activeElement.id) : null"


@pytest.fixture
def settings(tmp_path: Path, negotiation_template: Template) -> Settings:
    """The cast and the imported seed (Rev.0)."""
    return settings_on_copy(negotiation_template.url, tmp_path)


@pytest.fixture
def document_url(live_server: LiveServer, negotiation_template: Template) -> str:
    return f"{live_server.url}/documents/{negotiation_template.document_id}"


def tab_until(page: Page, selector: str, limit: int = 200) -> None:
    """Press Tab until the focused element matches the selector."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("role", ["bra", "chair"])
def test_tab_reaches_every_control_in_reading_order(
    sign_in_as: SignIn, cast: Cast, document_url: str, role: str
) -> None:
    person = sign_in_as(getattr(cast, role))
    page = person.page
    page.goto(document_url)
    page.wait_for_load_state("networkidle")
    count = page.evaluate(MARK_CONTROLS)
    assert count > 20
    reached = []
    for _ in range(count + 3):
        page.keyboard.press("Tab")
        key = page.evaluate(FOCUSED)
        if key in reached:
            break
        reached.append(key)
    walked = [int(key) for key in reached if key is not None and key.isdigit()]
    assert walked[:count] == list(range(count)), "every control, once, in the order of the page"
    person.assert_quiet_console()


def test_the_keyboard_opens_the_panel_next_to_its_set_and_escape_comes_back(
    sign_in_as: SignIn, cast: Cast, document_url: str
) -> None:
    bra = sign_in_as(cast.bra, viewport={"width": 1366, "height": 900})
    page = bra.page
    page.goto(document_url)
    page.wait_for_load_state("networkidle")
    tab_until(page, ".set-handle")
    handle_label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    page.keyboard.press("Enter")
    panel = page.locator("#set-panel")
    expect(panel).to_be_visible()
    expect(page.locator("#panel")).to_be_focused()
    # Next to its set: beside the text, level with the set.
    frame = page.locator("#panel-frame").bounding_box()
    bracket_set = page.locator(".bset.selected").bounding_box()
    text = page.locator("#paragraphs").bounding_box()
    assert frame and bracket_set and text
    assert frame["x"] >= text["x"] + text["width"]
    assert abs(frame["y"] - bracket_set["y"]) < 40
    screenshot(page, "panel-next-to-its-set-1366")
    # Into the panel with Tab, Support with Enter: the focus stays in the panel.
    tab_until(page, "#set-panel button")
    support = page.evaluate("document.activeElement.textContent.trim()")
    assert support == "Support"
    page.keyboard.press("Enter")
    expect(page.locator(".para-body .chip-support", has_text="BRA")).to_be_visible()
    # The paragraph's chip may come (live) before the panel's answer, which puts the focus back in the panel.
    page.wait_for_function("document.getElementById('panel-frame').contains(document.activeElement)", timeout=5000)
    # Escape closes it and gives the focus back to the ▸ that opened it.
    page.keyboard.press("Escape")
    expect(page.locator("#set-panel")).to_have_count(0)
    expect(page.locator("#panel-frame")).to_be_hidden()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == handle_label
    bra.assert_quiet_console()


def test_enter_operates_the_paragraph_controls(sign_in_as: SignIn, cast: Cast, document_url: str) -> None:
    bra = sign_in_as(cast.bra)
    page = bra.page
    page.goto(document_url)
    page.wait_for_load_state("networkidle")
    tab_until(page, ".para-actions button")  # the first paragraph open for editing
    page.keyboard.press("Enter")
    expect(page.locator(".edit-box textarea[name=text]")).to_be_visible()
    tab_until(page, ".edit-box [data-cancel-edit]")
    page.keyboard.press("Enter")
    expect(page.locator(".edit-box")).to_have_count(0)
    tab_until(page, "[data-fold]")  # a settled paragraph of this long text, folded
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('.para').classList.contains('folded')") is False
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "true"
    bra.assert_quiet_console()


def test_on_a_phone_the_panel_is_a_bottom_sheet(sign_in_as: SignIn, cast: Cast, document_url: str) -> None:
    bra = sign_in_as(cast.bra, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = bra.page
    page.goto(document_url)
    page.locator(".set-handle").first.tap()
    expect(page.locator("#set-panel")).to_be_visible()
    sheet = page.locator("#panel-frame").bounding_box()
    assert sheet is not None
    assert sheet["x"] == 0 and sheet["width"] == 390
    assert abs(sheet["y"] + sheet["height"] - 844) < 2, "at the bottom of the screen"
    assert sheet["height"] <= 844 * 0.7 + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "panel-390")
    page.get_by_role("button", name="Close the panel").tap()
    expect(page.locator("#panel-frame")).to_be_hidden()
    bra.assert_quiet_console()


def test_after_a_support_given_by_keyboard_the_paragraph_can_still_be_edited(
    sign_in_as: SignIn, cast: Cast, document_url: str
) -> None:
    bra = sign_in_as(cast.bra, viewport={"width": 1366, "height": 900})
    page = bra.page
    page.goto(document_url)
    page.wait_for_load_state("networkidle")
    tab_until(page, ".set-handle")
    paragraph = page.evaluate("document.activeElement.closest('.para').id")
    page.keyboard.press("Enter")
    tab_until(page, "#set-panel button")
    page.keyboard.press("Enter")
    expect(page.locator(f"#{paragraph} .chip-support", has_text="BRA")).to_be_visible()
    page.wait_for_load_state("networkidle")  # the live refresh of the paragraph has come and gone
    page.keyboard.press("Escape")
    page.locator(f"#{paragraph}").get_by_role("button", name="Edit as my delegation wants it").click()
    expect(page.locator(f"#{paragraph} .edit-box textarea[name=text]")).to_be_visible()
    bra.assert_quiet_console()
