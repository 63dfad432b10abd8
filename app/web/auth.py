"""Signing in and out: API tokens under /api/v1, and the browser's login form."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel, Field
from starlette.responses import RedirectResponse, Response

from app.services.accounts import auth
from app.services.documents import access
from app.services.errors import Forbidden, Invalid, TooManyRequests, Unauthenticated
from app.web import devices, security
from app.web.deps import SessionDep, WriteSessionDep
from app.web.security import ActorDep
from app.web.templating import render

api = APIRouter(prefix="/api/v1", tags=["authentication"])
pages = APIRouter(include_in_schema=False)

LOGIN_PAGE = "pages/auth/login.html"
LOGIN_FORM = "partials/login_form.html"


class TokenRequest(BaseModel):
    """Credentials exchanged for an API token."""

    username: str = Field(max_length=200)
    password: str = Field(max_length=1024)
    label: str = Field(default="", max_length=100)
    expires_at: datetime | None = Field(
        default=None, description="When the token stops working (ISO 8601; UTC when no offset is given)."
    )


class TokenIssued(BaseModel):
    """A new API token: keep it, it is shown only once."""

    token: str
    token_id: int
    expires_at: datetime | None = None


class Me(BaseModel):
    """The signed-in person."""

    username: str
    display_name: str
    role: str
    delegation_code: str
    delegation_name: str
    groups: list[str]


def client_address(request: Request) -> str:
    """The caller's address (behind a proxy, run uvicorn with --proxy-headers so this is the real one)."""
    return request.client.host if request.client else "unknown"


@api.post("/tokens", status_code=201, response_model=TokenIssued)
def create_token(body: TokenRequest, request: Request, session: SessionDep) -> TokenIssued:
    """Exchange a username and password for a new API token (failed attempts are throttled)."""
    issued = auth.issue_token_with_password(
        session=session,
        username=body.username,
        password=body.password,
        address=client_address(request),
        label=body.label,
        expires_at=body.expires_at,
    )
    return TokenIssued(token=issued.token, token_id=issued.token_id, expires_at=issued.expires_at)


@api.delete("/tokens/current", status_code=204)
def revoke_current_token(actor: ActorDep, session: SessionDep) -> Response:
    """Revoke the API token this request is authenticated with."""
    if actor.token_id is None:
        raise Invalid("this request is not authenticated by an API token")
    auth.revoke_token(session=session, actor=actor, token_id=actor.token_id)
    return Response(status_code=204)


@api.delete("/tokens/{token_id}", status_code=204)
def revoke_token(token_id: int, actor: ActorDep, session: SessionDep) -> Response:
    """Revoke one of your API tokens (an admin may revoke anyone's)."""
    auth.revoke_token(session=session, actor=actor, token_id=token_id)
    return Response(status_code=204)


@api.get("/me", response_model=Me)
def read_me(actor: ActorDep) -> Me:
    """Who the credentials belong to: username, role, delegation and its groups."""
    return Me(
        username=actor.username,
        display_name=actor.display_name,
        role=actor.role.value,
        delegation_code=actor.delegation_code,
        delegation_name=actor.delegation_name,
        groups=list(actor.group_codes),
    )


@pages.get("/login")
def show_login(request: Request, session: SessionDep, next: str = "/") -> Response:
    """The sign-in form (with the documents anyone may read, when the operator made some public)."""
    public = access.public_titles(session=session, public=request.app.state.public_documents)
    return _login_form(request, username="", next_path=next, public=public)


@pages.post("/login")
def sign_in(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the credentials, start the session and go where the person was heading."""
    if not security.csrf_matches(request, csrf_token):
        error = "The form had expired. Please sign in again."
        return _login_form(request, username=username, next_path=next, error=error, status_code=403)
    try:
        account = auth.authenticate(
            session=session,
            username=username,
            password=password,
            address=client_address(request),
            device=devices.known_device(request, username),
        )
    except Unauthenticated as failure:
        return _login_form(request, username=username, next_path=next, error=failure.detail, status_code=401)
    except Forbidden as failure:
        return _login_form(request, username=username, next_path=next, error=failure.detail, status_code=403)
    except TooManyRequests as failure:
        response = _login_form(request, username=username, next_path=next, error=failure.detail, status_code=429)
        response.headers["Retry-After"] = str(failure.retry_after)
        return response
    assert account.id is not None
    security.log_in(request, session, account.id, client_address(request))
    response = RedirectResponse(security.local_path(next), status_code=303)
    devices.remember(request, response, account.username)
    return response


@pages.post("/logout")
def sign_out(request: Request, session: WriteSessionDep, csrf_token: Annotated[str, Form()] = "") -> Response:
    """End the session in the database: the cookie, even if someone kept a copy, no longer signs anyone in."""
    sent = request.headers.get(security.CSRF_HEADER) or csrf_token
    if security.current_session(request, session) is not None and not security.csrf_matches(request, sent):
        raise security.CsrfRejected("the CSRF token is missing or out of date; reload the page and try again")
    security.log_out(request, session)
    return RedirectResponse("/login", status_code=303)


def _login_form(
    request: Request,
    *,
    username: str,
    next_path: str,
    error: str | None = None,
    status_code: int = 200,
    public: list[tuple[int, str]] | None = None,
) -> Response:
    context = {"username": username, "next": security.local_path(next_path), "error": error, "public": public or []}
    return render(request, LOGIN_PAGE, LOGIN_FORM, context, status_code=status_code)
