"""A client generated from `/openapi.json` type-checks against the API and runs the seed negotiation."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

from fastapi import FastAPI

from tests.cast import Cast, seed_text
from tests.conftest import LiveServer

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def test_every_json_route_of_the_api_documents_its_response(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    untyped = []
    for path, operations in paths.items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if path.startswith("/api/v1") and status.startswith("2") and schema is not None:
                    shown = schema.get("items", schema)
                    if "$ref" not in shown and "anyOf" not in shown:
                        untyped.append(f"{method.upper()} {path} {status}: {schema}")
    assert untyped == []


def test_the_generated_client_type_checks_and_runs_the_seed_negotiation(
    generated_client: Path, live_server: LiveServer, cast: Cast
) -> None:
    checked = subprocess.run(
        [str(BIN / "mypy"), "--strict", "--no-incremental", "--follow-imports=silent", str(HERE / "seed_script.py")],
        env=os.environ | {"MYPYPATH": str(generated_client)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr

    script = importlib.import_module("tests.client.seed_script")
    tokens = {name: getattr(cast, name).token for name in ("secretariat", "chair", "zaf", "che", "usa")}
    tokens["sec"] = tokens.pop("secretariat")
    outcome = script.run(live_server.url, tokens, seed_text())

    assert outcome.revision == 1
    assert outcome.supporters == ["AFR"]
    assert outcome.objectors == ["USA"]
    assert outcome.history == [
        ("imported", "SEC"),
        ("position_supports", "AFR"),
        ("set_proposed", "CHE"),
        ("position_objects", "USA"),
        ("resolved", "CHAIR"),
        ("resolved", "CHAIR"),
        ("resolved", "CHAIR"),
        ("placeholder_filled", "CHAIR"),
        ("revision", "CHAIR"),
    ]
