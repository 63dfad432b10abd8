"""Benchmark: parse and render the Geneva text (≈373 KB) and the same text repeated ten times.

Run from the project root: `.venv/bin/python bench/bench_parse.py [--runs N]`. Prints the best time of N runs,
the throughput, the 10×/1× time ratio (≈10 when the cost is linear) and the peak memory of one parse.
"""

from __future__ import annotations

import argparse
import gc
import platform
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from app.domain import decode_utf8, parse, render, statistics

GENEVA = (
    Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / ("unfccc-geneva-negotiating-text-2015-02-12.txt")
)


def best_of(runs: int, action: Callable[[], object]) -> float:
    """The shortest wall-clock time of `runs` calls, in seconds."""
    times = []
    for _ in range(runs):
        gc.collect()  # start each run from the same heap, so a collection owed by the last run is not billed
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_memory(action: Callable[[], object]) -> int:
    """Peak memory allocated by Python during one call, in bytes."""
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    """Time parse and render on 1× and 10× the Geneva text and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    if not GENEVA.is_file():
        raise SystemExit(f"missing corpus file {GENEVA}")
    data = GENEVA.read_bytes()
    texts = {"1x": decode_utf8(data), "10x": decode_utf8(data * 10)}
    print(f"Python {platform.python_version()} on {platform.machine()}, best of {runs} runs")
    results: dict[str, dict[str, float]] = {}
    for name, text in texts.items():
        megabytes = len(text.encode("utf-8")) / 1e6
        doc = parse(text)
        assert render(doc) == text
        stats = statistics(doc)
        figures = {
            "parse": best_of(runs, lambda text=text: parse(text)),  # type: ignore[misc]
            "render": best_of(runs, lambda doc=doc: render(doc)),  # type: ignore[misc]
        }
        results[name] = figures
        peak = peak_memory(lambda text=text: parse(text))  # type: ignore[misc]
        print(
            f"{name:>4}: {megabytes:6.2f} MB, {stats.paragraphs} paragraphs, {stats.bracket_sets} sets | "
            f"parse {figures['parse']:.3f} s ({megabytes / figures['parse']:.1f} MB/s) | "
            f"render {figures['render']:.3f} s ({megabytes / figures['render']:.1f} MB/s) | "
            f"peak {peak / 1e6:.1f} MB"
        )
    for step in ("parse", "render"):
        print(f"ratio 10x/1x {step}: {results['10x'][step] / results['1x'][step]:.2f}")


if __name__ == "__main__":
    main()
