"""Who is asking: a bearer token (API) or a browser session kept in the database (cookie, CSRF-protected).

Routes declare `ActorDep` (401 when anonymous, except safe requests for a public document) or `OptionalActorDep`.
The signed cookie holds only a random session key once signed in (and, before that, the CSRF token of the login
form); the session row holds the account and the CSRF token, so signing out or revoking ends it everywhere. A
request authenticated by the session with an unsafe method must carry that CSRF token (`X-CSRF-Token` header or
`csrf_token` form field); bearer-token requests are exempt, since a browser never adds that header on its own.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.security import HTTPBearer
from fastapi.templating import Jinja2Templates
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from app.config import Settings
from app.services.accounts import auth, sessions
from app.services.accounts.actor import PUBLIC_READER, Actor
from app.services.documents import access
from app.services.errors import Forbidden, Unauthenticated
from app.web.deps import SessionDep

__all__ = ["Actor", "ActorDep", "CsrfRejected", "OptionalActorDep", "csrf_token", "install", "local_path"]

SESSION_COOKIE = "crochets_session"
SESSION_KEY = "sid"
ANONYMOUS_CSRF = "csrf"
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
    """Add the signed cookie and make `csrf_token(request)` and `actor` available to templates."""
    policy = sessions.Policy(
        idle=timedelta(minutes=settings.session_idle_minutes), lifetime=timedelta(hours=settings.session_max_hours)
    )
    app.state.session_policy = policy
    app.state.public_documents = settings.public_documents
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.resolved_secret_key(),
        session_cookie=SESSION_COOKIE,
        max_age=int(policy.lifetime.total_seconds()),
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    templates: Jinja2Templates = app.state.templates
    templates.env.globals["csrf_token"] = csrf_token
    templates.context_processors.append(_actor_context)


def current_session(request: Request, db: Session | None = None) -> sessions.Current | None:
    """The live browser session of this request (looked up once); a key that no longer works is dropped."""
    cached: sessions.Current | object | None = getattr(request.state, "browser_session", _UNSET)
    if cached is not _UNSET:
        return cached if isinstance(cached, sessions.Current) else None
    key = request.session.get(SESSION_KEY) if "session" in request.scope else None
    current = None
    if isinstance(key, str):
        policy: sessions.Policy = request.app.state.session_policy
        if db is None:
            with Session(request.app.state.engine) as own:
                current = sessions.resolve(session=own, key=key, policy=policy)
        else:
            current = sessions.resolve(session=db, key=key, policy=policy)
        if current is None:
            request.session.clear()  # signed out, revoked, expired or disabled: from now on an anonymous visitor
    request.state.browser_session = current
    return current


def csrf_token(request: Request) -> str:
    """The CSRF token of this request's session (anonymous visitors get one too, for the login form)."""
    if "session" not in request.scope:
        return ""
    current = current_session(request)
    if current is not None:
        return current.csrf
    token = request.session.get(ANONYMOUS_CSRF)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session[ANONYMOUS_CSRF] = token
    return token


def csrf_matches(request: Request, sent: str) -> bool:
    """True when `sent` is this request's CSRF token."""
    expected = csrf_token(request)
    return bool(expected) and bool(sent) and secrets.compare_digest(expected, sent)


async def sent_csrf(request: Request) -> str:
    """The CSRF token an unsafe request carries (header, else form field); empty when none."""
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(_FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    return sent or ""


async def _sent_csrf_if_needed(request: Request) -> str:
    if request.method in SAFE_METHODS or _bearer_token(request) is not None:
        return ""
    return await sent_csrf(request)


def _bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


def local_path(target: str) -> str:
    """`target` when it is a path on this site, else `/` (a login's `next` must never lead elsewhere)."""
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith("//") or parts.scheme or parts.netloc:
        return "/"
    if "\\" in target or any(ch.isspace() or ord(ch) < 32 for ch in target):
        return "/"  # browsers read `/\evil` as `//evil` and drop tabs and newlines
    return target


def _optional_actor(
    request: Request,
    session: SessionDep,
    sent: Annotated[str, Depends(_sent_csrf_if_needed)],
    _docs: Annotated[object, Depends(_BEARER_DOCS)],
) -> Actor | None:
    token = _bearer_token(request)
    actor: Actor | None
    if token is not None:
        actor = auth.actor_for_token(session=session, token=token)
    else:
        current = current_session(request, session)
        actor = current.actor if current is not None else None
        if current is not None and request.method not in SAFE_METHODS and not csrf_matches(request, sent):
            session.rollback()
            raise CsrfRejected("the CSRF token is missing or out of date; reload the page and try again")
    # End the read so its connection goes back to the pool while the route waits for a write lock.
    session.rollback()
    request.state.actor = actor
    return actor


async def _required_actor(
    request: Request, session: SessionDep, actor: Annotated[Actor | None, Depends(_optional_actor)]
) -> Actor:
    # On the event loop: a signed-in actor costs no trip through a worker thread; only a public read queries.
    if actor is not None:
        return actor
    if request.method in SAFE_METHODS and await run_in_threadpool(_public_read, request, session):
        return PUBLIC_READER
    raise Unauthenticated("sign in first: send an API token (Authorization: Bearer …) or use the login page")


def _public_read(request: Request, session: Session) -> bool:
    public: frozenset[int] = request.app.state.public_documents
    try:
        return access.is_public_read(session=session, params=request.path_params, public=public)
    finally:
        session.rollback()


OptionalActorDep = Annotated[Actor | None, Depends(_optional_actor)]
ActorDep = Annotated[Actor, Depends(_required_actor)]


def log_in(request: Request, db: Session, account_id: int, address: str) -> None:
    """Start a new session for the account (a new key and CSRF token, against session fixation)."""
    previous = request.session.get(SESSION_KEY)
    if isinstance(previous, str):
        sessions.end(session=db, key=previous)  # signing in again replaces the session, it does not add one
    started = sessions.start(
        session=db, account_id=account_id, address=address, policy=request.app.state.session_policy
    )
    request.session.clear()
    request.session[SESSION_KEY] = started.key


def log_out(request: Request, db: Session) -> None:
    """End this browser's session in the database and forget it in the cookie."""
    key = request.session.get(SESSION_KEY)
    if isinstance(key, str):
        sessions.end(session=db, key=key)
    request.session.clear()


def _actor_context(request: Request) -> dict[str, object]:
    """Templates get `actor`: the one a dependency resolved, else the session's (pages that need no actor)."""
    actor = getattr(request.state, "actor", _UNSET)
    if actor is _UNSET:
        current = current_session(request) if "session" in request.scope else None
        actor = current.actor if current is not None else None
    return {"actor": actor}
