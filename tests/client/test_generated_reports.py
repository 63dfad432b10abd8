"""The client generated from `/openapi.json` reads every report answer into its models and writes it back unchanged."""

from __future__ import annotations

import importlib
from pathlib import Path

from fastapi.testclient import TestClient

from tests.cast import Cast
from tests.conftest import corpus_file
from tests.reports.scenario import play_seed


def test_the_generated_client_reads_each_report(generated_client: Path, client: TestClient, cast: Cast) -> None:
    models = importlib.import_module("crochets_client.models")
    played = play_seed(client, cast)
    competing = played.competing["id"]
    # A resolution undone and replaced: the redline then holds every kind of bracket change.
    assert client.delete(f"/api/v1/bracket-sets/{competing}/resolution", headers=cast.chair.headers).is_success
    again = client.post(f"/api/v1/bracket-sets/{competing}/resolution", json={"text": ""}, headers=cast.chair.headers)
    assert again.is_success, again.text
    base = f"/api/v1/documents/{played.document_id}"
    for url, name in (
        (f"{base}/redline?from=0&to=live", "RedlineData"),
        (f"{base}/delegations/BRA/report?from=0&to=live", "DelegationReport"),
        (f"{base}/statistics", "DocumentStatistics"),
        (f"{base}/compilation", "Compilation"),
    ):
        answer = client.get(url, headers=cast.observer.headers).json()
        assert getattr(models, name).from_dict(answer).to_dict() == answer, name
    redline = models.RedlineData.from_dict(client.get(f"{base}/redline", headers=cast.observer.headers).json())
    kinds = {type(change).__name__ for paragraph in redline.paragraphs for change in paragraph.bracket_changes}
    assert kinds == {
        "SetAdded",
        "AlternativeAdded",
        "AlternativeWithdrawn",
        "ResolvedWithAlternative",
        "ResolvedWithCompromise",
        "ResolutionReplaced",
        "ResolutionUndone",
        "PlaceholderFilled",
    }
    word = corpus_file("unfccc-art6-2-party-inputs-2024.docx").read_bytes()
    preview = client.post(
        "/api/v1/documents/import-docx?preview=true",
        files={"file": ("inputs.docx", word)},
        headers=cast.secretariat.headers,
    ).json()
    assert models.WordPreview.from_dict(preview).to_dict() == preview
