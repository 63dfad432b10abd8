"""Who may do what: every rule about roles and acting for a delegation lives here."""

from __future__ import annotations

from sqlmodel import Session

from app.models import AccountRole, Document, Paragraph, ParagraphStatus
from app.services.accounts import delegations
from app.services.accounts.auth import Actor
from app.services.errors import Conflict, Forbidden, Invalid

_OBSERVER = "observers follow the negotiation but change nothing"


def acting_delegation(*, session: Session, actor: Actor, on_behalf_of: str | None) -> int:
    """The delegation a delegate acts for: its own, or a group it is registered with."""
    if actor.role == AccountRole.observer:
        raise Forbidden(_OBSERVER)
    if actor.role != AccountRole.delegate:
        raise Forbidden(f"a {actor.role} account does not propose or back wording; delegates do")
    if on_behalf_of is None or on_behalf_of.strip().upper() == actor.delegation_code:
        return actor.delegation_id
    code = on_behalf_of.strip().upper()
    group = delegations.find(session=session, code=code)
    if group is None:
        raise Invalid(f"on_behalf_of: there is no delegation with code {code!r}")
    assert group.id is not None
    if not actor.may_act_for(group.id):
        raise Forbidden(f"{actor.delegation_code} is not registered as a member of {code}, so cannot act for it")
    return group.id


def require_chair(actor: Actor, what: str) -> None:
    """Only the chair resolves, fills placeholders, sets statuses and opens or closes the proposal phase."""
    if actor.role != AccountRole.chair:
        raise Forbidden(_OBSERVER if actor.role == AccountRole.observer else f"only the chair may {what}")


def require_revision_issuer(actor: Actor) -> None:
    """Revisions are issued by the chair or the secretariat."""
    if actor.role not in (AccountRole.chair, AccountRole.secretariat, AccountRole.admin):
        raise Forbidden("only the chair or the secretariat may issue a revision")


def require_secretariat(actor: Actor, what: str) -> None:
    """Imports and restores are the secretariat's."""
    if actor.role not in (AccountRole.secretariat, AccountRole.admin):
        raise Forbidden(f"only the secretariat may {what}")


def require_open_for_proposals(document: Document, paragraph: Paragraph) -> None:
    """Proposals need an open phase and a paragraph that is not agreed."""
    if not document.proposals_open:
        raise Conflict("the proposal phase of this document is closed; the chair reopens it")
    if paragraph.status != ParagraphStatus.open:
        label = paragraph.label or f"#{paragraph.position + 1}"
        raise Conflict(
            f"paragraph {label} is agreed ({paragraph.status}); it accepts no proposals until the chair reopens it"
        )
