"""Every measurement (issue 15's, then issue 12's live updates), in the order the report prints them; a new one is
added here."""

from __future__ import annotations

from bench import live_updates, parse_speed, redline_speed, service
from bench.harness import Measurement

MEASUREMENTS: tuple[Measurement, ...] = (
    parse_speed.MEASUREMENT,
    redline_speed.MEASUREMENT,
    service.AMENDMENTS,
    service.PAGE,
    service.IMPORT,
    service.MEMORY,
    live_updates.MEASUREMENT,
)
