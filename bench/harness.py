"""What every measurement shares: run sizes, timing with the reference in the same run, results and targets.

Each measurement times its candidate and its reference in the same run, in interleaved rounds (candidate,
reference, candidate, … with the order rotated each round, a garbage collection before each call), and
reports medians. In-process measurements of the domain count the CPU time of this process
(`time.process_time`): for a single-threaded computation it equals wall time on an idle machine, and on a
shared 2-core machine with other work running it does not count the time spent waiting for a core, which
otherwise inflates a 6 ms call far more than its 1 ms reference. Measurements over HTTP (3–6) will use wall
time, which is what a user waits.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Size:
    """How big a run is: `full` for the figures in docs/benchmarks.md, `quick` for a check, `tiny` for tests."""

    name: str
    rounds: int  # interleaved rounds of a measurement that takes milliseconds
    large_rounds: int  # … of one that takes a tenth of a second or so (ten times the text)
    slow_rounds: int  # … of one whose reference takes seconds (difflib, redlines)
    scale: float  # a fraction of the real inputs' sizes: 1.0, or much less for `tiny`


FULL = Size("full", rounds=21, large_rounds=7, slow_rounds=3, scale=1.0)
QUICK = Size("quick", rounds=9, large_rounds=3, slow_rounds=1, scale=1.0)
TINY = Size("tiny", rounds=1, large_rounds=1, slow_rounds=1, scale=0.02)


@dataclass(frozen=True, slots=True)
class Check:
    """One target: what it asks, the figure measured, and whether it holds (None: not measured yet)."""

    target: str
    figure: str
    holds: bool | None

    @property
    def verdict(self) -> str:
        """ "holds", "falls short" or "not measured yet"."""
        return "not measured yet" if self.holds is None else "holds" if self.holds else "falls short"


@dataclass(slots=True)
class Result:
    """What a measurement found: lines of figures to print, and its targets."""

    figures: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    def figure(self, line: str) -> None:
        """Add a line of figures."""
        self.figures.append(line)

    def check(self, target: str, figure: str, holds: bool | None) -> None:
        """Add a target and whether it holds."""
        self.checks.append(Check(target, figure, holds))


@dataclass(frozen=True, slots=True)
class Measurement:
    """One benchmark of issue 15: a key for `--only`, a title, and the function that runs it at a size."""

    key: str
    title: str
    run: Callable[[Size], Result]


def interleaved(
    candidates: Mapping[str, Callable[[], object]], rounds: int, clock: Callable[[], float] = time.process_time
) -> dict[str, float]:
    """The median seconds (CPU time unless another clock is given) of each callable over interleaved rounds."""
    names = list(candidates)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:  # no callable always runs first (or after the same one)
            gc.collect()
            start = clock()
            candidates[name]()
            times[name].append(clock() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def seconds(value: float) -> str:
    """A duration for humans: milliseconds below a second."""
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
