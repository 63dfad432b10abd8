"""An import writes its rows in one executemany a table (`bulk.store_paragraphs`): the very rows, ids included,
that storing its paragraphs one at a time (`structure.new_paragraph`, as a revision's added paragraph is) gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session, SQLModel

from app import domain
from app.db import build_engine
from app.models import Document
from app.services.documents import catalog
from app.services.negotiation import blocks, revisions, structure
from app.services.negotiation.content import Author, Contents
from bench.generate import generate
from tests.conftest import corpus_file, settings_on_copy

TABLES = ("document", "paragraph", "paragraph_version", "bracket_set", "alternative", "placeholder", "revision")
TEXTS = {
    "generated": lambda: generate(3, paragraphs=40),
    "Paris (Markdown, block sets)": lambda: corpus_file("paris-draft-agreement-2015-12-09.md").read_text(),
    "ITU seed": lambda: corpus_file("itu-council-wsis-draft-resolution.fr.txt").read_text(),
}


def _one_at_a_time(session: Session, title: str, source: str, syntax: domain.Syntax) -> None:
    """What the import did before it wrote in bulk: a flush per paragraph, its sets, its alternatives."""
    tree = catalog.parse_importable(source, syntax=syntax)
    document = Document(title=title, language="fr", syntax=syntax, layout=tree.layout, bom=tree.bom)
    document.leading = tree.leading
    session.add(document)
    session.flush()
    assert document.id is not None
    contents, author = Contents(session, document.id), Author()
    rows = [
        structure.new_paragraph(
            session=session, contents=contents, document_id=document.id, position=index, node=node, author=author
        )
        for index, node in enumerate(tree.paragraphs)
    ]
    blocks.store(session=session, document_id=document.id, paragraphs=rows, blocks=tree.blocks, author=author)
    revisions.snapshot(session=session, document=document, number=0, note="as imported", actor=None)
    session.commit()


def _rows(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of the content tables, timestamps left out (they differ by the microsecond)."""
    found: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as connection:
        for table in TABLES:
            model = SQLModel.metadata.tables[table]
            # Through SQLAlchemy, which quotes names PostgreSQL reserves (`document.leading`).
            query = select(*(c for c in model.columns if c.name != "created_at")).order_by(model.c.id)
            found[table] = [dict(row._mapping) for row in connection.execute(query)]
    return found


@pytest.mark.parametrize("name", list(TEXTS))
def test_bulk_rows_are_those_of_one_paragraph_at_a_time(name: str, migrated_template: str, tmp_path: Path) -> None:
    source = TEXTS[name]()
    syntax: domain.Syntax = "markdown" if "Markdown" in name else "plain"
    found = []
    for way in ("bulk", "one at a time"):
        folder = tmp_path / way.replace(" ", "_")
        folder.mkdir()
        engine = build_engine(settings_on_copy(migrated_template, folder).database_url)
        try:
            with Session(engine) as session:
                for number in range(2):  # a second document: ids go on from the first's
                    if way == "bulk":
                        catalog.store_text(session=session, title=f"{name} {number}", text=source, syntax=syntax)
                        session.commit()
                    else:
                        _one_at_a_time(session, f"{name} {number}", source, syntax)
            found.append(_rows(engine))
        finally:
            engine.dispose()
    bulk, single = found
    assert bulk["alternative"] and bulk["bracket_set"], "the text has bracket sets"
    for table in TABLES:
        assert bulk[table] == single[table], table
