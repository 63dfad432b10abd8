"""A long real text (the Geneva negotiating text): contents, find, go to a label, folding, shades, odd brackets."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SignIn, screenshot
from tests.cast import Cast
from tests.conftest import LiveServer, corpus_file

GENEVA = "unfccc-geneva-negotiating-text-2015-02-12.txt"
FOLDING = """() => {
  const paragraphs = [...document.querySelectorAll('#paragraphs .para')];
  const contested = (p) => p.querySelector('.para-count, .placeholder, mark.unmatched') !== null;
  return {
    total: paragraphs.length,
    folded: paragraphs.filter((p) => p.classList.contains('folded')).length,
    contestedFolded: paragraphs.filter((p) => contested(p) && p.classList.contains('folded')).length,
  };
}"""
# Seven levels of alternatives nested as the page draws them (the Geneva text nests its inline sets two deep once
# its brackets over whole paragraphs are block sets); the page's own stylesheet gives each level its shade.
SHADES = """() => {
  const shades = [];
  let holder = document.querySelector('#paragraphs .para-body');
  for (let depth = 1; depth <= 7; depth++) {
    const set = document.createElement('span');
    set.className = 'bset';
    const alt = document.createElement('span');
    alt.className = 'alt';
    alt.textContent = 'level ' + depth;
    set.appendChild(alt);
    holder.appendChild(set);
    shades.push(getComputedStyle(alt).backgroundColor);
    holder = alt;
  }
  return shades;
}"""


@pytest.fixture(scope="module")
def geneva_text() -> str:
    return corpus_file(GENEVA).read_text(encoding="utf-8")


@pytest.fixture
def geneva(live_server: LiveServer, cast: Cast, geneva_text: str) -> str:
    """The Geneva text imported through the API; its page's URL."""
    response = httpx.post(
        f"{live_server.url}/api/v1/documents",
        json={"title": "Negotiating text (Geneva, 12 February 2015)", "text": geneva_text, "language": "en"},
        headers=cast.secretariat.headers,
        timeout=120,
    )
    assert response.status_code == 201, response.text
    return f"{live_server.url}/documents/{response.json()['id']}"


def in_view(page: Page, selector: str) -> bool:
    return bool(
        page.evaluate(
            "(s) => { const r = document.querySelector(s).getBoundingClientRect();"
            " return r.top >= 0 && r.top < window.innerHeight; }",
            selector,
        )
    )


def test_a_long_text_has_contents_find_and_folds_what_is_settled(sign_in_as: SignIn, cast: Cast, geneva: str) -> None:
    bra = sign_in_as(cast.bra, viewport={"width": 1366, "height": 900})
    page = bra.page
    page.goto(geneva)
    folding = page.evaluate(FOLDING)
    assert folding["total"] > 50
    assert folding["folded"] > 10, "settled paragraphs are folded"
    assert folding["contestedFolded"] == 0
    contents = page.locator(".toc")
    expect(contents).to_be_visible()
    assert contents.locator("li").count() > 20
    screenshot(page, "geneva-contents")

    # The contents goes to a paragraph, opening it if it is folded.
    folded_entry = page.locator(".toc li:not(.toc-contested) a").nth(3)
    target = folded_entry.get_attribute("href")
    assert target is not None
    folded_entry.click()
    expect(page.locator(target)).not_to_have_class("folded")
    assert in_view(page, target)

    # Go to a label; find words, then the next place they stand.
    page.fill("#find-text", "12 bis")
    page.keyboard.press("Enter")
    expect(page.locator("#find-status")).to_contain_text("Went to")
    expect(page.locator(".para.found .para-label")).to_have_text("12 bis")
    page.fill("#find-text", "loss and damage")
    page.keyboard.press("Enter")
    status = page.locator("#find-status")
    expect(status).to_contain_text("1 of ")
    first = page.locator(".para.found").get_attribute("id")
    page.get_by_role("button", name="Next").click()
    expect(status).to_contain_text("2 of ")
    assert page.evaluate("CSS.highlights.get('found').size") > 2
    assert first is not None
    page.fill("#find-text", "no such words anywhere")
    page.keyboard.press("Enter")
    expect(status).to_contain_text("is not in the text")
    bra.assert_quiet_console()


def test_nesting_levels_and_odd_brackets_show(sign_in_as: SignIn, cast: Cast, geneva: str) -> None:
    bra = sign_in_as(cast.bra, viewport={"width": 1366, "height": 900})
    page = bra.page
    page.goto(geneva)
    real = page.locator("#paragraphs .alt .alt").first
    assert real.evaluate("el => getComputedStyle(el).backgroundColor") != real.evaluate(
        "el => getComputedStyle(el.parentElement.closest('.alt')).backgroundColor"
    )
    shades = page.evaluate(SHADES)
    assert len(set(shades)) == 7, shades
    stray = page.locator("mark.unmatched-stray")
    unclosed = page.locator("mark.unmatched-unclosed")
    assert stray.count() >= 2 and unclosed.count() >= 2
    expect(stray.first).to_have_text("]")
    expect(unclosed.first).to_have_text("[")
    assert page.evaluate("document.querySelectorAll('.para.folded mark.unmatched').length") == 0, "never folded away"
    unclosed.first.scroll_into_view_if_needed()
    screenshot(page, "geneva-unclosed-bracket")
    bra.assert_quiet_console()
