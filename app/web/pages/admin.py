"""The administration page: delegations and accounts."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app.services import permissions
from app.services.accounts import administration
from app.web.deps import SessionDep, WriteSessionDep
from app.web.security import ActorDep
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/admin")
def show_admin(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """Delegations and accounts, with the forms to add them."""
    overview = administration.overview(session=session, actor=actor)
    caps = permissions.capabilities(session=session, actor=actor)
    return render(
        request, "pages/admin/index.html", "partials/admin_tables.html", {"overview": overview, "nav_caps": caps}
    )


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
    username: str = Form(..., max_length=80),
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


def _tables(request: Request, session: SessionDep, actor: ActorDep, message: str) -> Response:
    session.rollback()  # read what the change committed
    overview = administration.overview(session=session, actor=actor)
    caps = permissions.capabilities(session=session, actor=actor)
    context = {"overview": overview, "nav_caps": caps, "message": message}
    return render(request, "pages/admin/index.html", "partials/admin_tables.html", context)
