"""The seed negotiation played through the API over two revisions, shared by the reports tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from tests.reports.conftest import SEED, Players, alternative, call, import_text, top_sets

OPEN_TO_ALL = "ouvertes à toutes les parties prenantes du SMSI"
INTERGOVERNMENTAL = (
    "qui devraient être intergouvernementales et inclure toutes les parties prenantes, selon leurs rôles respectifs"
)
INSERTION = ", et en tenant compte des modalités qui seront fixées par l'Assemblée générale"
SWISS_WORDING = "tenir des consultations régionales"
BRAZIL_WORDING = "ouvertes aux parties prenantes intéressées"


@dataclass(frozen=True)
class Played:
    """What the scenario made: the document, and the ids of what it touched."""

    document_id: int
    paragraph_id: int
    title_paragraph_id: int
    competing: dict[str, Any]
    optional: dict[str, Any]
    swiss_set: dict[str, Any]
    swiss_id: int
    brazil_id: int


def play_seed(client: TestClient, players: Players) -> Played:
    """Rev.0 imported; CHE and BRA propose, AFR (by ZAF) supports, USA objects; Rev.1; BRA withdraws, the chair
    resolves everything and fills the placeholder; Rev.2."""
    seed = import_text(client, players, SEED, "Rôle de l'UIT dans l'examen du SMSI")
    doc = seed["id"]
    (paragraph, competing), (_, optional) = top_sets(seed)
    intergovernmental = alternative(competing, INTERGOVERNMENTAL)["id"]
    call(client, "PUT", f"/api/v1/alternatives/{intergovernmental}/position", players.zaf,
         {"stance": "supports", "on_behalf_of": "AFR"})  # fmt: skip
    edited = paragraph["text"].replace("organiser d'autres réunions", SWISS_WORDING)
    made = call(client, "POST", f"/api/v1/paragraphs/{paragraph['id']}/amendments", players.che,
                {"text": edited, "base_version": paragraph["version"]}, status=201)  # fmt: skip
    swiss_set = made["bracket_sets"][0]
    swiss_id = alternative(swiss_set, SWISS_WORDING)["id"]
    call(client, "PUT", f"/api/v1/alternatives/{swiss_id}/position", players.usa, {"stance": "objects"})
    added = call(client, "POST", f"/api/v1/bracket-sets/{competing['id']}/alternatives", players.bra,
                 {"text": BRAZIL_WORDING}, status=201)  # fmt: skip
    brazil_id = added["new_alternatives"][0]
    call(client, "POST", f"/api/v1/documents/{doc}/revisions", players.chair, {"note": "informals"}, status=201)

    call(client, "DELETE", f"/api/v1/alternatives/{brazil_id}/position", players.bra)
    chair = players.chair
    call(client, "POST", f"/api/v1/bracket-sets/{competing['id']}/resolution", chair,
         {"alternative_id": intergovernmental})  # fmt: skip
    call(client, "POST", f"/api/v1/bracket-sets/{optional['id']}/resolution", chair, {"text": ""})
    call(client, "POST", f"/api/v1/bracket-sets/{swiss_set['id']}/resolution", chair, {"alternative_id": swiss_id})
    title = next(p for p in seed["paragraphs"] if "projet de nouvelle résolution [...]" in p["text"])
    placeholder = next(run for run in title["content"] if run["type"] == "placeholder")
    call(client, "POST", f"/api/v1/placeholders/{placeholder['id']}/value", chair, {"text": "1340"})
    call(client, "POST", f"/api/v1/documents/{doc}/revisions", chair, {"note": "agreed"}, status=201)
    return Played(doc, paragraph["id"], title["id"], competing, optional, swiss_set, swiss_id, brazil_id)
