"""Liveness and database health."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from app.db import database_answers
from app.web.deps import SessionDep

router = APIRouter()


class Health(BaseModel):
    """Whether the service and its database answer."""

    status: str
    database: str


@router.get("/healthz", tags=["health"], response_model=Health, responses={503: {"model": Health}})
def get_health(session: SessionDep) -> JSONResponse:
    """200 when the database answers, 503 otherwise."""
    if not database_answers(session):
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
