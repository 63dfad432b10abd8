"""`python -m bench [--quick] [--only KEY …]`: run the measurements of issue 15 and print each target's verdict.

Run from the project root after `pip install -e '.[test]'`, with ../shared/corpus beside the project. The full
run gives the figures of docs/benchmarks.md (about ten minutes on 2 cores); `--quick` takes fewer rounds and
leaves out the heaviest inputs and PostgreSQL (under two minutes on two idle cores); `--tiny` runs everything on
small inputs, only to show that it runs (the test suite uses it). Figures are medians of interleaved rounds,
each against its reference, in CPU time for the in-process measurements (see bench/harness.py).
"""

from __future__ import annotations

import argparse
import time

from bench.harness import FULL, QUICK, TINY, Check, Measurement, Size
from bench.inputs import machine
from bench.registry import MEASUREMENTS


def main(argv: list[str] | None = None) -> list[Check]:
    """Run the chosen measurements, print their figures and verdicts; return every check."""
    options = _parser().parse_args(argv)
    size = TINY if options.tiny else QUICK if options.quick else FULL
    chosen = [m for m in MEASUREMENTS if not options.only or m.key in options.only]
    print(f"python -m bench ({size.name} run) on {machine()}")
    checks: list[Check] = []
    for measurement in chosen:
        checks += _run(measurement, size)
    verdicts = [check.verdict for check in checks]
    print(
        f"\n{verdicts.count('holds')} targets hold, {verdicts.count('falls short')} fall short, "
        f"{verdicts.count('not measured yet')} not measured yet"
    )
    return checks


def _run(measurement: Measurement, size: Size) -> list[Check]:
    print(f"\n{measurement.title}")
    start = time.perf_counter()
    result = measurement.run(size)
    for line in result.figures:
        print(f"  {line}")
    for check in result.checks:
        print(f"  [{check.verdict}] {check.target}: {check.figure}")
    print(f"  ({time.perf_counter() - start:.0f} s)")
    return result.checks


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--quick", action="store_true", help="fewer rounds, no heavy inputs, SQLite only (under 2 minutes)"
    )
    group.add_argument("--tiny", action="store_true", help="small inputs, one round: checks that it runs")
    keys = [m.key for m in MEASUREMENTS]
    parser.add_argument("--only", action="append", choices=keys, help="run this measurement only (repeatable)")
    return parser


if __name__ == "__main__":
    main()
