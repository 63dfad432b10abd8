"""The room, live: two delegations and the projection see each change within a second, without a reload."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import httpx
from playwright.sync_api import expect

from tests.browser.conftest import Person, screenshot
from tests.cast import Cast, seed_text
from tests.conftest import AuthAccount, LiveServer

SignIn = Callable[[AuthAccount], Person]
INTERGOVERNMENTAL = "qui devraient être intergouvernementales"
SECOND = 1000  # ms: what "live" means here


def _import_seed(server: LiveServer, cast: Cast) -> dict:
    body = {"title": "Rôle de l'UIT dans l'examen du SMSI", "text": seed_text()}
    response = httpx.post(f"{server.url}/api/v1/documents", json=body, headers=cast.secretariat.headers, timeout=30)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_change_reaches_two_other_screens_within_a_second(
    sign_in_as: SignIn, cast: Cast, live_server: LiveServer
) -> None:
    document = _import_seed(live_server, cast)
    url = f"{live_server.url}/documents/{document['id']}"
    paragraph, bracket_set = next(
        (p, run) for p in document["paragraphs"] for run in p["content"] if run["type"] == "bracket_set"
    )
    che, usa, wall = sign_in_as(cast.che), sign_in_as(cast.usa), sign_in_as(cast.observer)
    for person in (che, usa):
        person.page.goto(url)
    wall.page.goto(f"{url}/project")
    for person in (che, usa, wall):
        expect(person.page.locator("#open-set-count")).to_have_text("2")

    # The United States has the competing set's panel open.
    usa.page.locator(f"#set-{bracket_set['id']} .set-handle").click()
    panel = usa.page.locator("#set-panel")
    expect(panel).to_contain_text("open")

    # Switzerland supports the intergovernmental wording on its own page.
    che.page.locator(f"#set-{bracket_set['id']} .set-handle").click()
    alternative = che.page.locator("#set-panel li.alternative", has_text=INTERGOVERNMENTAL)
    with che.page.expect_response(lambda r: "/position" in r.url and r.request.method == "POST"):
        alternative.get_by_role("button", name="Support").click()
    chip = f"#p-{paragraph['id']} .chip-support"
    expect(usa.page.locator(chip)).to_contain_text("CHE", timeout=SECOND)
    expect(wall.page.locator(f"#pp-{paragraph['id']} .chip-support")).to_contain_text("CHE", timeout=SECOND)
    expect(panel.locator("li.alternative", has_text=INTERGOVERNMENTAL)).to_contain_text("CHE", timeout=SECOND)

    # The chair resolves the set while the United States' panel is still open: the panel says so.
    chosen = bracket_set["alternatives"][1]["id"]
    sent = time.monotonic()
    response = httpx.post(
        f"{live_server.url}/api/v1/bracket-sets/{bracket_set['id']}/resolution",
        json={"alternative_id": chosen},
        headers=cast.chair.headers,
    )
    assert response.status_code == 200, response.text
    expect(panel.locator(".badge")).to_have_text("resolved", timeout=SECOND)
    expect(usa.page.locator("#open-set-count")).to_have_text("1", timeout=SECOND)
    expect(wall.page.locator("#open-set-count")).to_have_text("1", timeout=SECOND)
    assert time.monotonic() - sent < 2 * SECOND / 1000
    expect(usa.page.locator("#set-panel .actions")).to_have_count(0)  # no Support button on a resolved set

    # The chair puts the paragraph under discussion: the wall marks it.
    response = httpx.post(
        f"{live_server.url}/documents/{document['id']}/current",
        data={"paragraph_id": paragraph["id"]},
        headers=cast.chair.headers,
    )
    assert response.status_code in (204, 303), response.text
    discussed = re.compile("under-discussion")
    expect(wall.page.locator(f"#pp-{paragraph['id']}")).to_have_class(discussed, timeout=SECOND)
    expect(wall.page.locator(f"#pp-{paragraph['id']}")).to_be_in_viewport(ratio=0.5, timeout=3 * SECOND)
    screenshot(wall.page, "projection")
    screenshot(usa.page, "live-panel-resolved")
    for person in (che, usa, wall):
        person.assert_quiet_console()


def test_an_edit_box_in_use_is_kept_when_its_paragraph_changes(
    sign_in_as: SignIn, cast: Cast, live_server: LiveServer
) -> None:
    document = _import_seed(live_server, cast)
    paragraph, bracket_set = next(
        (p, run) for p in document["paragraphs"] for run in p["content"] if run["type"] == "bracket_set"
    )
    usa = sign_in_as(cast.usa)
    usa.page.goto(f"{live_server.url}/documents/{document['id']}")
    section = usa.page.locator(f"#p-{paragraph['id']}")
    section.hover()
    section.get_by_role("button", name="Edit as my delegation wants it").click()
    box = usa.page.locator(f"#edit-{paragraph['id']} textarea[name=text]")
    expect(box).to_be_visible()
    box.fill(paragraph["text"] + " (United States' draft)")
    scroll_before = usa.page.evaluate("window.scrollY")

    response = httpx.put(
        f"{live_server.url}/api/v1/alternatives/{bracket_set['alternatives'][0]['id']}/position",
        json={"stance": "supports"},
        headers=cast.bra.headers,
    )
    assert response.status_code == 200, response.text
    expect(section.locator(":scope > .para-body .chip-support")).to_contain_text("BRA", timeout=SECOND)
    expect(usa.page.locator(f"#edit-{paragraph['id']} .changed-while-editing")).to_be_visible()
    expect(box).to_have_value(paragraph["text"] + " (United States' draft)")
    assert abs(usa.page.evaluate("window.scrollY") - scroll_before) < 5  # the reader's place is kept
    usa.assert_quiet_console()
