"""Measurement 1: parsing against the floor, one regular-expression scan for brackets, and 1× against 10×.

Targets (issue 15): `parse` at most 4× one `re.finditer(r"[\\[\\]]")` scan of the same text; ten times the text
at most about ten times the time (≤ 11×). Inputs: the Geneva text and a generated document of the same size,
each once and ten times (the Geneva text repeated; the generated document with ten times the paragraphs). The
scan's cost follows the bytes and the parse's the brackets: the 4× target is judged on the Geneva text, where
the issue set it; the generated draft, with 2.6 times as many brackets per byte, shows its ratio.
"""

from __future__ import annotations

import re

from app.domain import parse, render, statistics
from bench.generate import generate
from bench.harness import Measurement, Result, Size, interleaved, seconds
from bench.inputs import geneva

BRACKETS = re.compile(r"[\[\]]")
MAX_RATIO_TO_SCAN = 4.0
MAX_TEN_TIMES = 11.0


def scan(text: str) -> None:
    """The floor: visit every bracket once and do nothing else."""
    for _ in BRACKETS.finditer(text):
        pass


def run(size: Size) -> Result:
    """Time parse and the scan, interleaved, on each input at 1× and 10×; check the targets."""
    result = Result()
    paragraphs = max(3, round(140 * size.scale))
    inputs = {
        "Geneva": (geneva(size), geneva(size) * 10),
        "generated (seed 0)": (generate(0, paragraphs), generate(0, paragraphs * 10)),
    }
    for name, (one, ten) in inputs.items():
        parse_one, scan_one = _measure(result, f"{name} 1×", one, size.rounds)
        parse_ten, scan_ten = _measure(result, f"{name} 10×", ten, size.large_rounds)
        ratio, growth = parse_one / scan_one, parse_ten / parse_one
        if name == "Geneva":  # the generated draft has 2.6 times Geneva's brackets per byte: shown, not judged
            target = f"{name} 1×: parse ≤ {MAX_RATIO_TO_SCAN:g}× one re.finditer scan"
            result.check(target, f"{ratio:.2f}×", ratio <= MAX_RATIO_TO_SCAN)
        # The scan's own growth shows what the machine does with ten times the memory (caches, other work).
        target = f"{name}: parsing 10× the text ≤ {MAX_TEN_TIMES:g}× the time"
        figure = f"{growth:.2f}× (the scan: {scan_ten / scan_one:.2f}×)"
        result.check(target, figure, growth <= MAX_TEN_TIMES)
    return result


def _measure(result: Result, name: str, text: str, rounds: int) -> tuple[float, float]:
    """Parse, scan and render `text` interleaved; one line of figures; the parse and scan medians."""
    document = parse(text)
    assert render(document) == text, "parsing must keep every character"
    stats = statistics(document)
    times = interleaved(
        {"parse": lambda: parse(text), "scan": lambda: scan(text), "render": lambda: render(document)}, rounds
    )
    megabytes = len(text.encode("utf-8")) / 1e6
    result.figure(
        f"{name}: {megabytes:.2f} MB, {stats.paragraphs} paragraphs, {stats.bracket_sets} sets, depth "
        f"{stats.max_depth} | parse {seconds(times['parse'])} ({megabytes / times['parse']:.0f} MB/s), "
        f"scan {seconds(times['scan'])}, parse/scan {times['parse'] / times['scan']:.2f}× | "
        f"render {seconds(times['render'])}"
    )
    return times["parse"], times["scan"]


MEASUREMENT = Measurement("parse", "1. Parse vs one re.finditer scan for brackets; 1× vs 10×", run)
