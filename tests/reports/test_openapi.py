"""Every JSON answer of the reports API is documented in /openapi.json by a schema of its own, not an empty `{}`."""

from __future__ import annotations

from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from app.services.reading.models import ReadModel
from app.services.reading.redline_models import RedlineData
from app.services.reading.report_models import Compilation, DelegationReport, DocumentStatistics
from app.web.api import reports
from tests.reports.conftest import Players
from tests.reports.scenario import play_seed


def references(schema: Any) -> list[str]:
    """Every `$ref` in a schema, however deep."""
    if isinstance(schema, dict):
        found = [schema["$ref"]] if "$ref" in schema else []
        return found + [ref for value in schema.values() for ref in references(value)]
    if isinstance(schema, list):
        return [ref for value in schema for ref in references(value)]
    return []


def test_every_reports_route_has_a_response_schema(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    components = spec["components"]["schemas"]
    routes = [route for route in reports.router.routes if isinstance(route, APIRoute)]
    assert len(routes) >= 6  # redline, report, statistics, compilation, Word import, restore
    for route in routes:
        for method in route.methods:
            answer = spec["paths"][route.path][method.lower()]["responses"][str(route.status_code or 200)]
            schema = answer["content"]["application/json"]["schema"]
            found = references(schema)
            assert found, (method, route.path, schema)
            for ref in found:
                assert components[ref.rsplit("/", 1)[-1]]["properties"], ref


def test_the_redline_schema_names_each_kind_of_bracket_change(client: TestClient) -> None:
    components = client.get("/openapi.json").json()["components"]["schemas"]
    changes = components["ParagraphRedlineData"]["properties"]["bracket_changes"]["items"]["oneOf"]
    kinds = [components[c["$ref"].rsplit("/", 1)[-1]]["properties"]["kind"]["const"] for c in changes]
    assert sorted(set(kinds)) == [
        "alternative_added",
        "alternative_withdrawn",
        "chair_text",
        "placeholder_filled",
        "resolution_undone",
        "set_added",
        "set_resolved",
    ]
    assert components["RedlineSummary"]["properties"].keys() >= {"from", "to", "open_bracket_sets"}


def test_each_answer_reads_back_into_its_model_unchanged(client: TestClient, players: Players) -> None:
    played = play_seed(client, players)
    base = f"/api/v1/documents/{played.document_id}"
    answers: list[tuple[str, type[ReadModel]]] = [
        (f"{base}/redline?from=0&to=live", RedlineData),
        (f"{base}/delegations/BRA/report?from=0&to=live", DelegationReport),
        (f"{base}/statistics", DocumentStatistics),
        (f"{base}/compilation", Compilation),
    ]
    for url, model in answers:
        answer = client.get(url, headers=players.observer.headers)
        assert answer.status_code == 200, answer.text
        # What a client generated from the schema does: parse the JSON into the model, and write it out again.
        assert model.model_validate_json(answer.text).model_dump(mode="json") == answer.json(), url
