"""Liveness and database health."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.web.deps import SessionDep

router = APIRouter()


@router.get("/healthz", tags=["health"])
def get_health(session: SessionDep) -> JSONResponse:
    """200 when the database answers, 503 otherwise."""
    try:
        session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    except SQLAlchemyError:
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
