"""What happened to a delegation's proposals; statistics and the chart; the compilation table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from fastapi.testclient import TestClient

from app.config import Settings
from app.services.reading import charts
from app.services.reading.charts import SeriesPoint
from app.web.templating import build_templates
from tests.reports.conftest import SEED, Players, alternative, call, import_text, top_sets
from tests.reports.scenario import INTERGOVERNMENTAL, OPEN_TO_ALL, SWISS_WORDING, play_seed

SVG = "{http://www.w3.org/2000/svg}"


def report(client: TestClient, players: Players, document_id: int, code: str, query: str = "") -> dict[str, Any]:
    response = client.get(
        f"/api/v1/documents/{document_id}/delegations/{code}/report?{query}", headers=players.observer.headers
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def fates(result: dict[str, Any]) -> list[tuple[str, str, str | None, bool | None]]:
    return [(i["stance"], i["text"], i["fate"], i["prevailed"]) for i in result["items"]]


def test_the_seed_negotiation_reported_per_delegation(client: TestClient, players: Players) -> None:
    played = play_seed(client, players)
    doc = played.document_id
    assert fates(report(client, players, doc, "CHE", "from=0&to=2")) == [("proposes", SWISS_WORDING, "accepted", True)]
    # ZAF acted for the African Group: the support counts under AFR, and ZAF has none of its own.
    afr = report(client, players, doc, "AFR", "from=0&to=2")
    assert fates(afr) == [("supports", INTERGOVERNMENTAL, "accepted", True)]
    assert afr["items"][0]["acting"] == "ZAF"
    assert report(client, players, doc, "zaf")["items"] == []
    usa = report(client, players, doc, "USA", "from=0&to=2")
    assert fates(usa) == [("objects", SWISS_WORDING, "accepted", False)]
    assert usa["items"][0]["outcome_text"] == SWISS_WORDING
    bra = report(client, players, doc, "BRA", "from=1&to=2")
    assert [(i["fate_at_from"], i["fate"]) for i in bra["items"]] == [("open", "withdrawn")]
    # As of Rev.1, everything was still open.
    assert [i["fate"] for i in report(client, players, doc, "CHE", "from=0&to=1")["items"]] == ["open"]
    assert report(client, players, doc, "USA", "from=0&to=2")["summary"]["accepted"] == 1
    missing = client.get(f"/api/v1/documents/{doc}/delegations/XYZ/report", headers=players.observer.headers)
    assert missing.status_code == 404 and "XYZ" in missing.json()["detail"]


def test_compromise_other_alternative_and_dropped(client: TestClient, players: Players) -> None:
    seed = import_text(client, players, SEED, "Seed")
    (paragraph, competing), _ = top_sets(seed)
    open_to_all = alternative(competing, OPEN_TO_ALL)["id"]
    call(client, "PUT", f"/api/v1/alternatives/{open_to_all}/position", players.bra, {"stance": "supports"})
    made = call(client, "POST", f"/api/v1/paragraphs/{paragraph['id']}/amendments", players.usa,
                {"text": paragraph["text"].replace("organiser", "convoquer", 1), "base_version": paragraph["version"]},
                status=201)  # fmt: skip
    usa_set = made["bracket_sets"][0]
    text = made["paragraph"]["text"]
    other = next(
        p for p in seed["paragraphs"] if p["id"] != paragraph["id"] and "[" not in p["text"] and " de " in p["text"]
    )
    swapped = other["text"].replace(" de ", " du ", 1)
    che = call(client, "POST", f"/api/v1/paragraphs/{other['id']}/amendments", players.che,
               {"text": swapped, "base_version": other["version"]}, status=201)  # fmt: skip
    chair = players.chair
    call(client, "POST", f"/api/v1/bracket-sets/{usa_set['id']}/resolution", chair, {"text": "réunir"})
    intergovernmental = alternative(competing, INTERGOVERNMENTAL)["id"]
    call(
        client,
        "POST",
        f"/api/v1/bracket-sets/{competing['id']}/resolution",
        chair,
        {"alternative_id": intergovernmental},
    )
    che_paragraph = che["paragraph"]
    call(client, "PUT", f"/api/v1/paragraphs/{other['id']}/text", chair,
         {"text": other["text"], "base_version": che_paragraph["version"]})  # fmt: skip
    assert text.count("[") > paragraph["text"].count("[")
    doc = seed["id"]
    assert [i["fate"] for i in report(client, players, doc, "USA")["items"]] == ["replaced_by_compromise"]
    assert report(client, players, doc, "USA")["items"][0]["outcome_text"] == "réunir"
    assert fates(report(client, players, doc, "BRA")) == [("supports", OPEN_TO_ALL, "other_alternative_chosen", False)]
    assert [i["fate"] for i in report(client, players, doc, "CHE")["items"]] == ["dropped"]


def test_statistics_count_revisions_paragraphs_and_delegations(client: TestClient, players: Players) -> None:
    played = play_seed(client, players)
    stats = client.get(f"/api/v1/documents/{played.document_id}/statistics", headers=players.observer.headers).json()
    assert [(r["label"], r["open_bracket_sets"], r["placeholders"]) for r in stats["revisions"]] == [
        ("Rev.0", 2, 1),
        ("Rev.1", 2, 1),
        ("Rev.2", 0, 0),
        ("live", 0, 0),
    ]
    assert all(p["open_bracket_sets"] == 0 for p in stats["paragraphs"])
    by_code = {d["code"]: d for d in stats["delegations"]}
    assert by_code["CHE"] == {
        "code": "CHE",
        "proposed": 1,
        "supported": 0,
        "objected": 0,
        "withdrawn": 0,
        "accepted": 1,
    }
    assert by_code["BRA"]["proposed"] == 1 and by_code["BRA"]["withdrawn"] == 1 and by_code["BRA"]["accepted"] == 0
    assert by_code["USA"]["objected"] == 1 and by_code["AFR"]["accepted"] == 1


def test_most_contested_paragraph_comes_first(client: TestClient, players: Players) -> None:
    seed = import_text(client, players, SEED, "Seed")
    (paragraph, competing), _ = top_sets(seed)
    call(client, "PUT", f"/api/v1/alternatives/{competing['alternatives'][0]['id']}/position", players.usa,
         {"stance": "objects"})  # fmt: skip
    stats = client.get(f"/api/v1/documents/{seed['id']}/statistics", headers=players.observer.headers).json()
    top = stats["paragraphs"][0]
    assert (top["id"], top["open_bracket_sets"], top["alternatives"], top["objections"]) == (paragraph["id"], 2, 3, 1)


def open_sets_chart_svg(settings: Settings, series: list[SeriesPoint], **options: str) -> str:
    """The chart as the statistics page draws it: the geometry through the page's own macro and environment."""
    macros = build_templates(settings).env.get_template("partials/chart.html").module
    return str(macros.open_sets_chart(charts.open_sets_chart(series, **options)))  # type: ignore[attr-defined]


def test_chart_is_well_formed_svg_with_one_bar_per_version_and_escaped_labels(settings: Settings) -> None:
    series = [SeriesPoint("Rev.0", 916, 12, 0), SeriesPoint("Rev.1", 367, 5, 1), SeriesPoint("<live> & co", 50, 0)]
    svg = open_sets_chart_svg(settings, series, title='Paris "text" <2015>')
    root = ET.fromstring(svg)
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("data-value") is not None]
    assert [int(b.get("data-value") or 0) for b in bars] == [916, 367, 50]
    heights = [float(b.get("height") or 0) for b in bars]
    assert heights[0] > heights[1] > heights[2] > 0
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
    assert labels == ["Rev.0", "Rev.1", "<live> & co"]
    assert "&lt;live&gt; &amp; co" in svg and "<live>" not in svg
    points = root.find(f"{SVG}polyline")
    assert points is not None and len((points.get("points") or "").split()) == 3
    assert ET.fromstring(open_sets_chart_svg(settings, [])).tag == f"{SVG}svg"


def test_compilation_lists_alternatives_with_who_backs_them(client: TestClient, players: Players) -> None:
    seed = import_text(client, players, SEED, "Seed")
    (paragraph, competing), _ = top_sets(seed)
    intergovernmental = alternative(competing, INTERGOVERNMENTAL)["id"]
    call(client, "PUT", f"/api/v1/alternatives/{intergovernmental}/position", players.zaf,
         {"stance": "supports", "on_behalf_of": "AFR"})  # fmt: skip
    call(client, "PUT", f"/api/v1/alternatives/{intergovernmental}/position", players.usa, {"stance": "objects"})
    table = client.get(f"/api/v1/documents/{seed['id']}/compilation?contested=true", headers=players.bra.headers).json()
    assert [p["id"] for p in table["paragraphs"]] == [paragraph["id"]]
    assert table["columns"] == 2
    first = table["paragraphs"][0]["bracket_sets"][0]
    assert [(a["text"], a["supporters"], a["objectors"]) for a in first["alternatives"]] == [
        (OPEN_TO_ALL, [], []),
        (INTERGOVERNMENTAL, ["AFR"], ["USA"]),
    ]
    full = client.get(f"/api/v1/documents/{seed['id']}/compilation", headers=players.bra.headers).json()
    assert len(full["paragraphs"]) == len(seed["paragraphs"])
