"""Import, page and export costs of a large draft stored in SQLite: the Geneva text, once and three times.

Run from the project root: .venv/bin/python bench/bench_import.py
Prints seconds per step and the 3×/1× ratios (linear growth means ratios near 3).
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from app import migrate
from app.db import build_engine
from app.services.documents import catalog as documents
from app.services.formats import text as exports
from app.services.reading import page as reading

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
GENEVA = CORPUS / "unfccc-geneva-negotiating-text-2015-02-12.txt"


def measure(text: str) -> dict[str, float]:
    """Seconds to import the text, build the document page's read model, and export it as bracketed text."""
    with tempfile.TemporaryDirectory() as folder:
        engine = build_engine(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        migrate.upgrade(engine)
        figures: dict[str, float] = {}
        with Session(engine) as session:
            gc.collect()
            start = time.perf_counter()
            document = documents.import_text(session=session, title="Geneva", text=text)
            figures["import"] = time.perf_counter() - start
            assert document.id is not None
            start = time.perf_counter()
            page = reading.document_page(session=session, actor=None, document_id=document.id)
            figures["document page model"] = time.perf_counter() - start
            start = time.perf_counter()
            exported = exports.export_text(session=session, document_id=document.id, format="bracketed")
            figures["bracketed export"] = time.perf_counter() - start
            assert exported == text, "the export must give the import back byte for byte"
            figures["paragraphs"] = len(page.paragraphs)
        engine.dispose()
    return figures


def main() -> None:
    """Measure 1× and 3× and print a table with the ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factor", type=int, default=3)
    args = parser.parse_args()
    # The Geneva text leaves two brackets open; closing them at the end of each copy keeps the copies from
    # pairing with each other, so N copies are N times the same structure, not one deeper one.
    text = GENEVA.read_bytes().decode("utf-8") + "\n]]\n"
    one = measure(text)
    many = measure(text * args.factor)
    print(f"{'step':<22} {'1x (s)':>9} {f'{args.factor}x (s)':>9} {'ratio':>7}")
    for step in ("import", "document page model", "bracketed export"):
        print(f"{step:<22} {one[step]:>9.3f} {many[step]:>9.3f} {many[step] / one[step]:>7.2f}")
    print(f"paragraphs: {int(one['paragraphs'])} and {int(many['paragraphs'])}")


if __name__ == "__main__":
    main()
