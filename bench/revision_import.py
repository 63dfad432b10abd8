"""Measurement: importing the next version of a Geneva-size document as its next revision (issue 11).

Targets: the paragraph alignment of two Geneva-size versions in well under 1 s (0.5 s), and the whole import of
the next version (parse, align, carry the sets, store, snapshot, commit) in under 2 s. The reference, timed in
the same rounds, is the first import of the same text as a new document (Rev.0). Two inputs: the Geneva text
with two blocks of its own paragraphs moved, and the Geneva text in 90,000-character paragraphs revised as the
redline benchmark revises it (2 % of words changed, sentences moved, dropped and added). A real SQLite file,
in this process: CPU time of the process, as the harness counts in-process work (on the shared 2-core machine
wall time mostly measures the wait for a core; SQLite's own work runs in this process and is counted).
"""

from __future__ import annotations

import gc
import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from app import domain, migrate
from app.db import build_engine
from app.domain.alignment import align
from app.services.documents import catalog as documents
from app.services.documents import importing, revising
from bench.generate import regroup, revise
from bench.harness import Measurement, Result, Size, seconds
from bench.inputs import geneva

MAX_ALIGN_SECONDS = 0.5
MAX_IMPORT_SECONDS = 2.0


def inputs(size: Size) -> dict[str, tuple[str, str]]:
    """Name → (the text as imported, its next version)."""
    text = geneva(size)
    tree = domain.parse(text)
    own = [domain.render_paragraph(p) for p in tree.paragraphs]
    third, half = len(own) // 3, len(own) // 2
    moved = own[:third] + own[half : half + third // 2] + own[third:half] + own[half + third // 2 :]
    big = [p.replace("\n", " ").strip() + "\n" for p in regroup(text, max(1, round(90_000 * size.scale)))]
    return {
        "Geneva → blocks of paragraphs moved": (text, tree.bom + tree.leading + "".join(moved)),
        "Geneva in 90,000-character paragraphs → next version": (
            "".join(big),
            "".join(revise(p.rstrip("\n"), seed) + "\n" for seed, p in enumerate(big)),
        ),
    }


def run(size: Size) -> Result:
    """Time the alignment alone, then the import of each next version against the first import of its text."""
    result = Result()
    for name, (before, after) in inputs(size).items():
        old = [domain.render_inlines(p.content) for p in domain.parse(before).paragraphs]
        new = [domain.render_inlines(p.content) for p in domain.parse(after).paragraphs]
        aligned = min(_aligning(old, new) for _ in range(size.rounds))
        rounds = [_round(before, after) for _ in range(size.large_rounds)]
        first = sorted(r[0] for r in rounds)[len(rounds) // 2]
        revision = sorted(r[1] for r in rounds)[len(rounds) // 2]
        counts = rounds[0][2]
        result.figure(
            f"{name}: {len(old)} → {len(new)} paragraphs, longest {max(map(len, old)) / 1e3:.0f} K characters | "
            f"alignment {seconds(aligned)} | next version imported {seconds(revision)} "
            f"(first import of the text {seconds(first)}) | {counts}"
        )
        result.check(f"{name}: alignment under {MAX_ALIGN_SECONDS:g} s", seconds(aligned), aligned < MAX_ALIGN_SECONDS)
        result.check(
            f"{name}: next version imported under {MAX_IMPORT_SECONDS:g} s",
            seconds(revision),
            revision < MAX_IMPORT_SECONDS,
        )
    return result


def _aligning(old: list[str], new: list[str]) -> float:
    """Seconds to align the two versions' paragraphs once."""
    gc.collect()
    start = time.process_time()
    align(old, new)
    return time.process_time() - start


def _round(before: str, after: str) -> tuple[float, float, str]:
    """On a fresh SQLite file: seconds of the first import, of the next version's import, and what it found."""
    with tempfile.TemporaryDirectory() as folder:
        engine = build_engine(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        migrate.upgrade(engine)
        try:
            with Session(engine) as session:
                gc.collect()
                start = time.process_time()
                document = documents.import_text(session=session, title="Geneva", text=before)
                first = time.process_time() - start
                assert document.id is not None
                draft = importing.Draft(after)
                c = revising.preview(session=session, actor=None, document_id=document.id, draft=draft).counts
                session.rollback()
                gc.collect()
                start = time.process_time()
                revising.confirm(session=session, actor=None, document_id=document.id, draft=draft, note="next")
                revision = time.process_time() - start
                exported = documents.bracketed_source(session=session, document_id=document.id)
                assert exported == after, "the next version must be stored byte for byte"
        finally:
            engine.dispose()
    found = (
        f"{c.unchanged} unchanged, {c.edited} edited, {c.moved} moved, {c.split} split, {c.merged} merged, "
        f"{c.added} added, {c.deleted} deleted; sets {c.sets_kept} kept, {c.sets_dropped} dropped, "
        f"{c.sets_resolved} resolved"
    )
    return first, revision, found


MEASUREMENT = Measurement("revise", "Importing the next version of a Geneva-size document (issue 11)", run)
