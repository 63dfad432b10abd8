"""Every measurement of issue 15, in the order the report prints them; a new one is added here."""

from __future__ import annotations

from bench import parse_speed, pending, redline_speed
from bench.harness import Measurement

MEASUREMENTS: tuple[Measurement, ...] = (
    parse_speed.MEASUREMENT,
    redline_speed.MEASUREMENT,
    pending.AMENDMENTS,
    pending.PAGE,
    pending.IMPORT,
    pending.MEMORY,
)
