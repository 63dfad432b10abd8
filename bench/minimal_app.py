"""The reference of measurements 3–5: the smallest FastAPI + SQLModel service a team would write instead.

`POST /rows` inserts one row holding the text it is sent and answers its id; `GET /rows/{id}` answers a row's
text. Nothing else: no accounts, no parsing, no audit. It runs as its own uvicorn process on the same kind of
database as Crochets (`BENCH_DATABASE_URL`), with the same log level, so that the ratio measures what Crochets
adds to one write (or read) over HTTP, not the machine:

    BENCH_DATABASE_URL=sqlite:///rows.sqlite3 python -m uvicorn bench.minimal_app:app --port 8001
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel
from sqlalchemy import event
from sqlmodel import Field, Session, SQLModel, create_engine


class Row(SQLModel, table=True):
    """One stored text."""

    __tablename__ = "bench_rows"

    id: int | None = Field(default=None, primary_key=True)
    text: str


class RowIn(BaseModel):
    """The text to store."""

    text: str


URL = os.environ.get("BENCH_DATABASE_URL", "sqlite:///bench-rows.sqlite3")
if URL.startswith("sqlite"):
    # The tutorial's engine, with the journal and wait Crochets uses on SQLite: a fair competitor, not a slow one.
    engine = create_engine(URL, connect_args={"check_same_thread": False, "timeout": 30})
    event.listen(engine, "connect", lambda connection, _record: connection.execute("PRAGMA journal_mode=WAL"))
else:
    engine = create_engine(URL)
SQLModel.metadata.create_all(engine)
app = FastAPI()


def get_session() -> Iterator[Session]:
    """A session per request, as the SQLModel tutorial writes it."""
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


@app.post("/rows", status_code=201)
def insert(body: RowIn, session: SessionDep) -> dict[str, int]:
    """Insert one row; its id."""
    row = Row(text=body.text)
    session.add(row)
    session.commit()
    assert row.id is not None
    return {"id": row.id}


@app.get("/rows/{row_id}", response_class=PlainTextResponse)
def read(row_id: int, session: SessionDep) -> str:
    """A row's text."""
    row = session.get(Row, row_id)
    if row is None:
        raise HTTPException(404, f"no row {row_id}")
    return row.text


@app.get("/healthz")
def health() -> dict[str, str]:
    """Up."""
    return {"status": "ok"}
