"""The administration page: delegations and accounts (the secretariat's and the administrators')."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app.services import permissions
from app.services.accounts import administration
from app.web.deps import SessionDep, WriteSessionDep
from app.web.security import ActorDep
from app.web.templating import render

router = APIRouter(include_in_schema=False)

PasswordField = Annotated[str, Form(max_length=1024)]


@router.get("/admin")
def show_admin(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """Delegations and accounts, with the forms to add and manage them."""
    return _tables(request, session, actor, "")


@router.post("/admin/delegations")
def add_delegation(
    request: Request,
    session: WriteSessionDep,
    reader: SessionDep,
    actor: ActorDep,
    code: str = Form(..., max_length=16),
    name: str = Form(..., max_length=200),
    kind: str = Form(..., max_length=20),
    groups: str = Form("", max_length=500),
) -> Response:
    """Register a delegation; the tables come back with it."""
    added = administration.add_delegation(
        session=session, actor=actor, code=code, name=name, kind=kind, groups=groups.replace(";", " ").split()
    )
    return _tables(request, reader, actor, f"Delegation {added.code} ({added.name}) added.")


@router.post("/admin/accounts")
def add_account(
    request: Request,
    session: WriteSessionDep,
    reader: SessionDep,
    actor: ActorDep,
    username: str = Form(..., max_length=200),
    display_name: str = Form("", max_length=200),
    delegation: str = Form(..., max_length=16),
    role: str = Form(..., max_length=20),
    password: str = Form(..., max_length=1024),
) -> Response:
    """Create an account; the tables come back with it."""
    added = administration.add_account(
        session=session,
        actor=actor,
        username=username,
        display_name=display_name,
        delegation_code=delegation,
        role=role,
        password=password,
    )
    return _tables(request, reader, actor, f"Account {added.username} created.")


@router.post("/admin/accounts/{username}/disable")
def disable_account(
    username: str, request: Request, session: WriteSessionDep, reader: SessionDep, actor: ActorDep
) -> Response:
    """Disable an account: its sessions and API tokens end at once."""
    account = administration.disable(session=session, actor=actor, username=username)
    return _tables(request, reader, actor, f"Account {account.username} disabled; its sessions and tokens ended.")


@router.post("/admin/accounts/{username}/enable")
def enable_account(
    username: str, request: Request, session: WriteSessionDep, reader: SessionDep, actor: ActorDep
) -> Response:
    """Enable a disabled account."""
    account = administration.enable(session=session, actor=actor, username=username)
    return _tables(request, reader, actor, f"Account {account.username} enabled.")


@router.post("/admin/accounts/{username}/password")
def reset_password(
    username: str,
    request: Request,
    session: WriteSessionDep,
    reader: SessionDep,
    actor: ActorDep,
    password: PasswordField,
) -> Response:
    """Set a new password; the account's sessions and API tokens end."""
    account = administration.reset_password(session=session, actor=actor, username=username, password=password)
    return _tables(request, reader, actor, f"Password of {account.username} reset; its sessions and tokens ended.")


@router.post("/admin/accounts/{username}/revoke")
def revoke_account(
    username: str, request: Request, session: WriteSessionDep, reader: SessionDep, actor: ActorDep
) -> Response:
    """Sign an account out everywhere: its sessions and API tokens end."""
    ended, revoked = administration.revoke(session=session, actor=actor, username=username)
    return _tables(request, reader, actor, f"{username}: {ended} session(s) ended, {revoked} API token(s) revoked.")


def _tables(request: Request, session: SessionDep, actor: ActorDep, message: str) -> Response:
    session.rollback()  # read what the change committed
    policy = request.app.state.session_policy
    overview = administration.overview(session=session, actor=actor, policy=policy)
    caps = permissions.capabilities(session=session, actor=actor)
    context = {"overview": overview, "nav_caps": caps, "message": message}
    return render(request, "pages/admin/index.html", "partials/admin_tables.html", context)
