"""Known browsers: after a successful sign-in, a signed cookie remembers that this browser signed in as that name.

A sign-in attempt from a known browser is throttled on its own (`device:` key), apart from the attempts of
everyone else behind the same address; so someone guessing the chair's password from the conference network slows
down only themselves, never the chair signing in from the laptop used yesterday (the "device cookie" defence).
"""

from __future__ import annotations

import secrets

from fastapi import FastAPI, Request
from itsdangerous import BadSignature, URLSafeSerializer
from starlette.responses import Response

from app.config import Settings
from app.services.accounts import usernames

COOKIE = "crochets_device"
MAX_AGE = 180 * 24 * 60 * 60  # half a year: a delegation's laptop from one session to the next


def install(app: FastAPI, settings: Settings) -> None:
    """Sign device cookies with the app's secret key."""
    app.state.device_signer = URLSafeSerializer(settings.resolved_secret_key(), salt="crochets-device")
    app.state.device_cookie_secure = settings.secure_cookies


def known_device(request: Request, username: str) -> str | None:
    """This browser's id, when it has signed in before as this username."""
    signer: URLSafeSerializer = request.app.state.device_signer
    try:
        payload = signer.loads(request.cookies.get(COOKIE, ""))
    except BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("u") != usernames.canonical(username):
        return None
    device = payload.get("d")
    return device if isinstance(device, str) else None


def remember(request: Request, response: Response, username: str) -> None:
    """Mark this browser as one that signed in as this username."""
    signer: URLSafeSerializer = request.app.state.device_signer
    device = known_device(request, username) or secrets.token_urlsafe(16)
    value = signer.dumps({"u": usernames.canonical(username), "d": device})
    secure = bool(request.app.state.device_cookie_secure)
    response.set_cookie(COOKIE, str(value), max_age=MAX_AGE, httponly=True, samesite="lax", secure=secure)
