"""Dependencies shared by the routes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.db import write_session


def get_session(request: Request) -> Iterator[Session]:
    """One database session per request."""
    with Session(request.app.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_write_session(request: Request) -> Iterator[Session]:
    """One database session per changing request, holding the write lock on SQLite from its start."""
    with write_session(request.app.state.engine) as session:
        yield session


WriteSessionDep = Annotated[Session, Depends(get_write_session)]
