"""Proposing on selected words: across a bracket edge, on a touch screen, and what is said, where."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app.config import Settings
from tests.browser.conftest import SignIn, screenshot
from tests.browser.test_seed_negotiation import OPEN_TO_ALL, paragraph_with, select_words
from tests.cast import Cast, Template
from tests.conftest import LiveServer, settings_on_copy

PHONE = {"width": 390, "height": 844}
SELECT_ACROSS = """([first, last, mouseup]) => {
  // From the start of `first` to the end of `last`, which stand in different text nodes of one paragraph.
  const walker = document.createTreeWalker(document.querySelector('#paragraphs'), NodeFilter.SHOW_TEXT);
  let start = null;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!start && node.data.includes(first)) start = [node, node.data.indexOf(first)];
    if (start && node !== start[0] && node.data.includes(last)) {
      const range = document.createRange();
      range.setStart(start[0], start[1]);
      range.setEnd(node, node.data.indexOf(last) + last.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      if (mouseup) node.parentElement.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
      return;
    }
  }
  throw new Error('words not found');
}"""


@pytest.fixture
def settings(tmp_path: Path, negotiation_template: Template) -> Settings:
    """The cast and the imported seed (Rev.0)."""
    return settings_on_copy(negotiation_template.url, tmp_path)


@pytest.fixture
def document_url(live_server: LiveServer, negotiation_template: Template) -> str:
    return f"{live_server.url}/documents/{negotiation_template.document_id}"


def select_across(page: Page, first: str, last: str, *, mouseup: bool = True) -> None:
    page.evaluate(SELECT_ACROSS, [first, last, mouseup])


def test_a_selection_across_a_bracket_edge_proposes_successfully(
    sign_in_as: SignIn, cast: Cast, document_url: str
) -> None:
    che = sign_in_as(cast.che)
    page = che.page
    page.goto(document_url)
    select_across(page, "d'autres réunions", "ouvertes à")  # from the text into the first alternative
    toolbar = page.locator("#selection-toolbar")
    expect(toolbar).to_be_visible()
    expect(toolbar.locator(".snap-note")).to_contain_text("it now takes the whole bracket set")
    expect(toolbar.locator(".quoted")).to_contain_text(OPEN_TO_ALL)
    expect(page.locator(".bset.snapped")).to_have_count(1)
    screenshot(page, "selection-snapped", selector="#selection-toolbar")
    toolbar.locator("#selection-wording").fill("ouvertes aux États Membres")
    toolbar.get_by_role("button", name="Propose", exact=True).click()
    expect(toolbar).to_be_hidden()
    bracket_set = page.locator(".para-body .bset", has_text=OPEN_TO_ALL)
    expect(bracket_set.locator(".alt")).to_have_count(3)
    expect(bracket_set.locator(".alt").last).to_have_text("[ouvertes aux États Membres]")
    expect(bracket_set.locator(".chip-sponsor", has_text="CHE")).to_have_count(1)
    # The confirmation is in the paragraph, which it names — not at the top of the page.
    messages = paragraph_with(page, OPEN_TO_ALL).locator(".messages")
    expect(messages).to_contain_text("Proposed: new alternatives in 1 set")
    expect(messages.locator(".where")).to_contain_text("The paragraph “à saisir l'occasion")
    expect(page.locator("#notices")).to_be_empty()
    che.assert_quiet_console()


def test_a_refusal_is_said_in_the_toolbar_naming_the_paragraph(
    sign_in_as: SignIn, cast: Cast, document_url: str
) -> None:
    che = sign_in_as(cast.che)
    page = che.page
    page.goto(document_url)
    select_words(page, "organiser d'autres réunions")
    toolbar = page.locator("#selection-toolbar")
    expect(toolbar).to_be_visible()
    toolbar.get_by_role("button", name="Propose", exact=True).click()  # no wording typed
    error = toolbar.locator(".messages .error-message")
    expect(error).to_contain_text("Not done: type the wording to propose")
    expect(error.locator(".where")).to_contain_text("The paragraph “à saisir l'occasion")
    expect(toolbar).to_be_visible()  # still there, with what was selected
    expect(page.locator("#errors")).to_be_empty()
    screenshot(page, "selection-refused", selector="#selection-toolbar")
    che.assert_quiet_console("422")


def test_a_touch_selection_opens_the_toolbar_on_a_phone(sign_in_as: SignIn, cast: Cast, document_url: str) -> None:
    che = sign_in_as(cast.che, viewport=PHONE, has_touch=True, is_mobile=True)
    page = che.page
    page.goto(document_url)
    # A long press selects words on a touch screen: the selection changes, and no mouse button is released.
    page.evaluate(
        """(words) => {
            const walker = document.createTreeWalker(document.querySelector('#paragraphs'), NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const at = walker.currentNode.data.indexOf(words);
                if (at < 0) continue;
                window.getSelection().setBaseAndExtent(walker.currentNode, at, walker.currentNode, at + words.length);
                return;
            }
        }""",
        "organiser d'autres réunions",
    )
    toolbar = page.locator("#selection-toolbar")
    expect(toolbar).to_be_visible()
    box = toolbar.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], "within the screen"
    assert abs(box["y"] + box["height"] - PHONE["height"]) < 2, "at the bottom, in reach of a thumb"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "selection-toolbar-390")
    toolbar.get_by_role("button", name="Delete").tap()
    toolbar.get_by_role("button", name="Propose", exact=True).tap()
    expect(toolbar).to_be_hidden()
    expect(
        page.locator(".para-body .bset", has_text="organiser d'autres réunions").locator(".chip-sponsor")
    ).to_have_text("CHE")
    che.assert_quiet_console()
