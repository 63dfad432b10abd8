"""Every measurement (issue 15's, then issue 12's live updates), in the order the report prints them; a new one is
added here."""

from __future__ import annotations

from bench import live_updates, parse_speed, pending, redline_speed, revision_import
from bench.harness import Measurement

MEASUREMENTS: tuple[Measurement, ...] = (
    parse_speed.MEASUREMENT,
    redline_speed.MEASUREMENT,
    pending.AMENDMENTS,
    pending.PAGE,
    pending.IMPORT,
    pending.MEMORY,
    live_updates.MEASUREMENT,
    revision_import.MEASUREMENT,
)
