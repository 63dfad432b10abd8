"""Who is asking: a bearer token (API) or the signed session cookie (browser, CSRF-protected).

Routes declare `ActorDep` (401 when anonymous) or `OptionalActorDep`. A request authenticated by the session
cookie with an unsafe method must carry the session's CSRF token (`X-CSRF-Token` header or `csrf_token` form
field); bearer-token requests are exempt, since a browser never adds that header on its own.
"""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.security import HTTPBearer
from fastapi.templating import Jinja2Templates
from sqlmodel import Session
from starlette.middleware.sessions import SessionMiddleware

from app.config import Settings
from app.services.accounts import auth
from app.services.accounts.auth import Actor
from app.services.errors import Forbidden, Unauthenticated
from app.web.deps import SessionDep

__all__ = [
    "Actor",
    "ActorDep",
    "CsrfRejected",
    "OptionalActorDep",
    "csrf_matches",
    "csrf_token",
    "install",
    "local_path",
    "log_in",
    "log_out",
    "session_csrf",
]

SESSION_COOKIE = "crochets_session"
SESSION_MAX_AGE = 12 * 60 * 60  # a conference day; signing in again each morning is expected
SESSION_ACCOUNT = "account_id"
SESSION_CSRF = "csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_UNSET = object()
# Declares the bearer scheme in OpenAPI (the Authorize button of /docs); the header is read by _bearer_token.
_BEARER_DOCS = HTTPBearer(
    auto_error=False, description="An API token from POST /api/v1/tokens or `crochets users token`."
)


class CsrfRejected(Forbidden):
    """An unsafe request without this session's CSRF token (403)."""

    code = "csrf"


def install(app: FastAPI, settings: Settings) -> None:
    """Add the signed session cookie and make `csrf_token(request)` and `actor` available to templates."""
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.resolved_secret_key(),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    templates: Jinja2Templates = app.state.templates
    templates.env.globals["csrf_token"] = csrf_token
    templates.context_processors.append(_actor_context)


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use (anonymous sessions get one too, for the login form)."""
    if "session" not in request.scope:
        return ""
    token = request.session.get(SESSION_CSRF)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF] = token
    return token


async def check_csrf(request: Request) -> None:
    """Refuse an unsafe request whose CSRF token is missing or is not this session's."""
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(_FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not csrf_matches(request, sent or ""):
        raise CsrfRejected("the CSRF token is missing or out of date; reload the page and try again")


def _bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


def csrf_matches(request: Request, sent: str) -> bool:
    """True when `sent` is this session's CSRF token (for routes that read the form field themselves)."""
    expected = request.session.get(SESSION_CSRF)
    return isinstance(expected, str) and bool(sent) and secrets.compare_digest(expected, sent)


def local_path(target: str) -> str:
    """`target` when it is a path on this site, else `/` (a login's `next` must never lead elsewhere)."""
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith("//") or parts.scheme or parts.netloc:
        return "/"
    if "\\" in target or any(ch.isspace() or ord(ch) < 32 for ch in target):
        return "/"  # browsers read `/\evil` as `//evil` and drop tabs and newlines
    return target


async def session_csrf(request: Request) -> None:
    """CSRF check for requests that the session cookie authenticates."""
    if request.method in SAFE_METHODS or _bearer_token(request) is not None:
        return
    if request.session.get(SESSION_ACCOUNT) is not None:
        await check_csrf(request)


def _optional_actor(
    request: Request,
    session: SessionDep,
    _csrf: Annotated[None, Depends(session_csrf)],
    _docs: Annotated[object, Depends(_BEARER_DOCS)],
) -> Actor | None:
    token = _bearer_token(request)
    if token is not None:
        actor: Actor | None = auth.actor_for_token(session=session, token=token)
    else:
        actor = _session_actor(request, session)
    # End the read so its connection goes back to the pool while the route waits for a write lock.
    session.rollback()
    request.state.actor = actor
    return actor


def _session_actor(request: Request, session: Session) -> Actor | None:
    account_id = request.session.get(SESSION_ACCOUNT)
    if not isinstance(account_id, int):
        return None
    actor = auth.actor_for_account(session=session, account_id=account_id)
    if actor is None:
        request.session.pop(SESSION_ACCOUNT, None)  # the account is gone: treat the cookie as anonymous
    return actor


def _required_actor(actor: Annotated[Actor | None, Depends(_optional_actor)]) -> Actor:
    if actor is None:
        raise Unauthenticated("sign in first: send an API token (Authorization: Bearer …) or use the login page")
    return actor


OptionalActorDep = Annotated[Actor | None, Depends(_optional_actor)]
ActorDep = Annotated[Actor, Depends(_required_actor)]


def log_in(request: Request, actor_account_id: int) -> None:
    """Start a fresh session for the account (a new CSRF token too, against session fixation)."""
    request.session.clear()
    request.session[SESSION_ACCOUNT] = actor_account_id
    csrf_token(request)


def log_out(request: Request) -> None:
    """Forget the signed-in person."""
    request.session.clear()


def _actor_context(request: Request) -> dict[str, object]:
    """Templates get `actor`: the one a dependency resolved, else the session's (pages that need no actor)."""
    actor = getattr(request.state, "actor", _UNSET)
    if actor is _UNSET:
        actor = None
        if "session" in request.scope and isinstance(request.session.get(SESSION_ACCOUNT), int):
            with Session(request.app.state.engine) as session:
                actor = _session_actor(request, session)
    return {"actor": actor}
