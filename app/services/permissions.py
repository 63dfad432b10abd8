"""Who may do what: every rule about roles and acting for a delegation lives here.

The predicates (`may_…`) answer for the pages' buttons; the `require_…` checks raise for the services. Both
read the same predicates, so a button is shown exactly when its action would be allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.models import AccountRole, Delegation, Document, Paragraph, ParagraphStatus
from app.services.accounts import delegations
from app.services.accounts.actor import Actor
from app.services.errors import Conflict, Forbidden, Invalid

_OBSERVER = "observers follow the negotiation but change nothing"
_REVISION_ISSUERS = (AccountRole.chair, AccountRole.secretariat, AccountRole.admin)
_SECRETARIAT = (AccountRole.secretariat, AccountRole.admin)


def may_propose(actor: Actor | None) -> bool:
    """Delegates propose, back and withdraw wording."""
    return actor is not None and actor.role == AccountRole.delegate


def may_resolve(actor: Actor | None) -> bool:
    """Only the chair resolves, fills placeholders, sets statuses and opens or closes the proposal phase."""
    return actor is not None and actor.role == AccountRole.chair


def may_issue_revisions(actor: Actor | None) -> bool:
    """Revisions are issued by the chair or the secretariat."""
    return actor is not None and actor.role in _REVISION_ISSUERS


def may_import(actor: Actor | None) -> bool:
    """Imports and restores are the secretariat's."""
    return actor is not None and actor.role in _SECRETARIAT


def may_administer(actor: Actor | None) -> bool:
    """The administration page (delegations and accounts) is the secretariat's and the administrators'."""
    return actor is not None and may_manage_accounts(actor)


def may_propose_in(document: Document, paragraph: Paragraph) -> bool:
    """Proposals need an open phase and a paragraph that is not agreed."""
    return document.proposals_open and paragraph.status == ParagraphStatus.open


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What the signed-in person may do, from the predicates above; the templates only show what this allows."""

    signed_in: bool = False
    propose: bool = False
    act_for: tuple[tuple[str, str], ...] = ()  # (code, name): the own delegation first, then its groups
    chair: bool = False
    issue_revisions: bool = False
    import_documents: bool = False
    administer: bool = False


def capabilities(*, session: Session, actor: Actor | None) -> Capabilities:
    """The capabilities of a person (none for the anonymous)."""
    if actor is None:
        return Capabilities()
    return Capabilities(
        signed_in=not actor.public_reader,
        propose=may_propose(actor),
        act_for=acting_for(session=session, actor=actor),
        chair=may_resolve(actor),
        issue_revisions=may_issue_revisions(actor),
        import_documents=may_import(actor),
        administer=may_administer(actor),
    )


def acting_for(*, session: Session, actor: Actor) -> tuple[tuple[str, str], ...]:
    """The delegations a delegate may act for, as (code, name): its own first, then its groups."""
    if not may_propose(actor):
        return ()
    codes = (actor.delegation_code, *actor.group_codes)
    names = dict(session.exec(select(Delegation.code, Delegation.name).where(col(Delegation.code).in_(codes))).all())
    return tuple((code, names.get(code, code)) for code in codes)


def acting_delegation(*, session: Session, actor: Actor, on_behalf_of: str | None) -> int:
    """The delegation a delegate acts for: its own, or a group it is registered with."""
    if actor.role == AccountRole.observer:
        raise Forbidden(_OBSERVER)
    if not may_propose(actor):
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
    """Refuse anyone but the chair."""
    if not may_resolve(actor):
        raise Forbidden(_OBSERVER if actor.role == AccountRole.observer else f"only the chair may {what}")


def require_revision_issuer(actor: Actor) -> None:
    """Refuse anyone who may not issue revisions."""
    if not may_issue_revisions(actor):
        raise Forbidden("only the chair or the secretariat may issue a revision")


def require_secretariat(actor: Actor, what: str) -> None:
    """Refuse anyone but the secretariat."""
    if not may_import(actor):
        raise Forbidden(f"only the secretariat may {what}")


def may_manage_accounts(actor: Actor) -> bool:
    """The secretariat and administrators manage delegations and accounts (DESIGN.md: the secretariat's job)."""
    return actor.role in (AccountRole.secretariat, AccountRole.admin)


def may_manage_account(actor: Actor, role: AccountRole | str) -> bool:
    """Whether the actor may create, disable, enable, reset or sign out an account with this role.

    Administrator accounts are the server's keys: only an administrator creates or manages them, so that a
    secretariat account cannot make itself (or anyone) an administrator, nor take over one by resetting it.
    """
    if actor.role == AccountRole.admin:
        return True
    return may_manage_accounts(actor) and role != AccountRole.admin


def may_revoke_token(actor: Actor, owner_account_id: int) -> bool:
    """One's own API tokens; an administrator anyone's (the secretariat signs an account out with `revoke`)."""
    return owner_account_id == actor.account_id or actor.role == AccountRole.admin


def require_account_manager(actor: Actor, role: AccountRole | str | None = None) -> None:
    """Refuse anyone who may not manage accounts (of this role, when one is given)."""
    if not may_manage_accounts(actor):
        raise Forbidden("only the secretariat or an administrator manages delegations and accounts")
    if role is not None and not may_manage_account(actor, role):
        raise Forbidden("only an administrator creates or manages administrator accounts")


def require_open_for_proposals(document: Document, paragraph: Paragraph) -> None:
    """Proposals need an open phase and a paragraph that is not agreed."""
    if not document.proposals_open:
        raise Conflict("the proposal phase of this document is closed; the chair reopens it")
    if paragraph.status != ParagraphStatus.open:
        label = paragraph.label or f"#{paragraph.position + 1}"
        raise Conflict(
            f"paragraph {label} is agreed ({paragraph.status}); it accepts no proposals until the chair reopens it"
        )
