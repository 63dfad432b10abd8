"""The seed negotiation written against a client generated from `/openapi.json` (package `crochets_client`).

The test generates the client, type-checks this module against it with mypy, then runs it on a real server:
if a response model and the client disagree, either the type check or the run fails.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass

from crochets_client.api.negotiation import (
    create_document,
    document_history,
    fill_placeholder,
    get_document,
    issue_revision,
    propose_amendment,
    resolve,
    take_position,
)
from crochets_client.client import AuthenticatedClient
from crochets_client.models import (
    AlternativeView,
    AmendmentIn,
    BracketSetRun,
    BracketSetView,
    DocumentIn,
    DocumentView,
    EventView,
    ParagraphView,
    PlaceholderRun,
    PlaceholderValue,
    PositionIn,
    PositionInStance,
    ProposalView,
    ResolutionIn,
    RevisionIn,
    RevisionView,
    SetAndParagraph,
    ValueIn,
)

INTERGOVERNMENTAL = (
    "qui devraient être intergouvernementales et inclure toutes les parties prenantes, selon leurs rôles respectifs"
)
SWISS_WORDING = "tenir des consultations régionales"


@dataclass(frozen=True)
class Outcome:
    """What the script saw at the end."""

    document_id: int
    revision: int
    history: list[tuple[str, str | None]]
    supporters: list[str]
    objectors: list[str]


def run(base_url: str, tokens: dict[str, str], seed: str) -> Outcome:
    """Import the seed, back and propose wording, resolve everything, fill the placeholder, issue Rev.1."""
    with ExitStack() as stack:
        clients = {
            name: stack.enter_context(AuthenticatedClient(base_url=base_url, token=token))
            for name, token in tokens.items()
        }
        return _negotiate(clients, seed)


def _negotiate(client: dict[str, AuthenticatedClient], seed: str) -> Outcome:
    document = create_document.sync(client=client["sec"], body=DocumentIn(title="Seed", text=seed))
    assert isinstance(document, DocumentView), document
    sets = [(p, run) for p in document.paragraphs for run in p.content if isinstance(run, BracketSetRun)]
    (paragraph, competing), (_, optional) = sets

    chosen = next(a for a in competing.alternatives if a.text == INTERGOVERNMENTAL)
    assert chosen.id is not None
    body = PositionIn(stance=PositionInStance.SUPPORTS, on_behalf_of="AFR")
    backed = take_position.sync(chosen.id, client=client["zaf"], body=body)
    assert isinstance(backed, BracketSetView), backed

    edited = paragraph.text.replace("organiser d'autres réunions", SWISS_WORDING)
    amendment = AmendmentIn(text=edited, base_version=paragraph.version)
    proposal = propose_amendment.sync(paragraph.id, client=client["che"], body=amendment)
    assert isinstance(proposal, ProposalView), proposal
    swiss_set = proposal.bracket_sets[0]
    swiss = _alternative(swiss_set, SWISS_WORDING)
    objected = take_position.sync(swiss.id, client=client["usa"], body=PositionIn(stance=PositionInStance.OBJECTS))
    assert isinstance(objected, BracketSetView), objected

    for set_id, resolution in (
        (competing.id, ResolutionIn(alternative_id=chosen.id)),
        (optional.id, ResolutionIn(text="")),
        (swiss_set.id, ResolutionIn(alternative_id=swiss.id)),
    ):
        assert set_id is not None
        resolved = resolve.sync(set_id, client=client["chair"], body=resolution)
        assert isinstance(resolved, SetAndParagraph) and resolved.bracket_set.state == "resolved", resolved
    _fill_title_placeholder(client["chair"], document.id)
    revision = issue_revision.sync(document.id, client=client["chair"], body=RevisionIn(note="after informals"))
    assert isinstance(revision, RevisionView), revision
    history = document_history.sync(document.id, client=client["sec"])
    assert isinstance(history, list), history
    final = _alternative(objected, SWISS_WORDING)
    return Outcome(
        document_id=document.id,
        revision=revision.number,
        history=[(entry.action, _delegation(entry)) for entry in history],
        supporters=_alternative(backed, INTERGOVERNMENTAL).supporters,
        objectors=final.objectors,
    )


def _alternative(bracket_set: BracketSetView, text: str) -> AlternativeView:
    return next(a for a in bracket_set.alternatives if a.text == text)


def _fill_title_placeholder(client: AuthenticatedClient, document_id: int) -> None:
    document = get_document.sync(document_id, client=client)
    assert isinstance(document, DocumentView), document
    title: ParagraphView = next(p for p in document.paragraphs if "projet de nouvelle résolution" in p.text)
    placeholder = next(run for run in title.content if isinstance(run, PlaceholderRun))
    assert isinstance(placeholder.id, int)
    filled = fill_placeholder.sync(placeholder.id, client=client, body=ValueIn(text="1340"))
    assert isinstance(filled, PlaceholderValue), filled


def _delegation(entry: EventView) -> str | None:
    return entry.delegation if isinstance(entry.delegation, str) else None
