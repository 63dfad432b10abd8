"""Comments and reasons from the set panel and the edit box, through HTTP as a browser sends them."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.cast import Cast
from tests.conftest import sign_in
from tests.web.test_fragments import HTMX, first_set_and_alternative


def test_a_delegate_comments_from_the_panel_and_withdraws(client: TestClient, cast: Cast, document_id: int) -> None:
    csrf = sign_in(client, "zaf")
    set_id, _ = first_set_and_alternative(client, cast, document_id)
    panel = client.get(f"/documents/{document_id}/bracket-sets/{set_id}", headers=HTMX)
    assert "No comment yet." in panel.text and f'action="/bracket-sets/{set_id}/comments"' in panel.text
    posted = client.post(
        f"/bracket-sets/{set_id}/comments",
        data={"text": "AFR <b>prefers</b> the first wording.", "on_behalf_of": "AFR"},
        headers=HTMX | {"X-CSRF-Token": csrf},
    )
    assert posted.status_code == 200, posted.text
    assert posted.text.lstrip().startswith('<section class="panel" id="set-panel"')
    assert "Your comment is in the set&#39;s record." in posted.text
    assert "AFR &lt;b&gt;prefers&lt;/b&gt; the first wording." in posted.text  # escaped, never markup
    assert re.search(r'<abbr title="African Group">AFR</abbr> \(on its behalf: ZAF\)', posted.text)
    assert "Thandi Nkosi" in posted.text and "Withdraw comment" in posted.text
    assert "commented on" in posted.text  # the set's history, in the same panel
    comment_id = int(re.search(r'action="/comments/(\d+)/withdraw"', posted.text).group(1))  # type: ignore[union-attr]
    withdrawn = client.post(f"/comments/{comment_id}/withdraw", headers=HTMX | {"X-CSRF-Token": csrf})
    assert withdrawn.status_code == 200
    assert "withdrawn" in withdrawn.text and "AFR &lt;b&gt;prefers&lt;/b&gt;" in withdrawn.text
    assert "Withdraw comment" not in withdrawn.text
    plain = client.post(f"/bracket-sets/{set_id}/comments", data={"text": "Plain form.", "csrf_token": csrf},
                        follow_redirects=False)  # fmt: skip
    assert plain.status_code == 303 and plain.headers["location"] == f"/documents/{document_id}/bracket-sets/{set_id}"


def test_a_refused_comment_comes_back_in_the_form_with_the_reason(
    client: TestClient, cast: Cast, document_id: int
) -> None:
    csrf = sign_in(client, "che")
    set_id, _ = first_set_and_alternative(client, cast, document_id)
    long = "Trop long. " * 600
    refused = client.post(
        f"/bracket-sets/{set_id}/comments", data={"text": long}, headers=HTMX | {"X-CSRF-Token": csrf}
    )
    assert refused.status_code == 413
    assert "hx-retarget" not in refused.headers  # shown in the panel's form, not at the top of the page
    assert 'aria-invalid="true"' in refused.text
    assert "Not saved: text: 6,599 characters; a comment may have at most 5,000" in refused.text
    assert long.strip() in refused.text  # the text is kept to shorten
    empty = client.post(f"/bracket-sets/{set_id}/comments", data={"text": " "}, headers=HTMX | {"X-CSRF-Token": csrf})
    assert empty.status_code == 422 and "the comment is empty" in empty.text
    assert "No comment yet." in empty.text


def test_a_reason_given_with_an_alternative_shows_in_the_panel(
    client: TestClient, cast: Cast, document_id: int
) -> None:
    csrf = sign_in(client, "usa")
    set_id, _ = first_set_and_alternative(client, cast, document_id)
    panel = client.get(f"/documents/{document_id}/bracket-sets/{set_id}", headers=HTMX)
    assert 'name="reason"' in panel.text
    posted = client.post(
        f"/bracket-sets/{set_id}/alternatives",
        data={"text": "une formulation américaine", "reason": "Matches the WSIS+20 outcome."},
        headers=HTMX | {"X-CSRF-Token": csrf},
    )
    assert posted.status_code == 200, posted.text
    assert "Reason given with the proposal" in posted.text and "Matches the WSIS+20 outcome." in posted.text
    assert "gave a reason for the alternative" in posted.text


def test_the_edit_box_asks_why(client: TestClient, cast: Cast, document_id: int) -> None:
    sign_in(client, "bra")
    document = client.get(f"/api/v1/documents/{document_id}", headers=cast.observer.headers).json()
    paragraph = document["paragraphs"][0]
    box = client.get(f"/paragraphs/{paragraph['id']}/edit", headers=HTMX)
    assert 'name="reason"' in box.text and "Why (optional" in box.text
    chair_box = client.get(f"/paragraphs/{paragraph['id']}/edit?chair=1", headers=HTMX)
    assert 'name="reason"' not in chair_box.text
