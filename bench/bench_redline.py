"""Benchmark: per-paragraph word redlines of the Geneva text against a copy with 2 % of its words changed.

Run from the project root: `.venv/bin/python bench/bench_redline.py [--runs N]`. The copy changes every 50th
word of each paragraph (letters only, so brackets and paragraphs stay as they are); the redline is computed
paragraph by paragraph (`app.domain.redline.redline`), as the service does. Prints the best of N runs for the
1× text and the text repeated ten times, and the 10×/1× ratio (≈10 when the cost is linear).
"""

from __future__ import annotations

import argparse
import platform
import re
import time
from pathlib import Path

from app.domain import decode_utf8, parse, render_paragraph
from app.domain.redline import redline

GENEVA = (
    Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "unfccc-geneva-negotiating-text-2015-02-12.txt"
)
_WORD = re.compile(r"[^\W\d_]{3,}")


def edited(text: str, every: int = 50) -> tuple[str, int]:
    """The text with every `every`-th word of at least three letters replaced; the number of words changed."""
    count = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return match.group(0) if count % every else match.group(0)[::-1] + "x"

    return _WORD.sub(swap, text), count // every


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text, rendered as the service stores them."""
    return [render_paragraph(p) for p in parse(text).paragraphs]


def measure(text: str, runs: int, copies: int = 1) -> tuple[float, int, int, int]:
    """Best time of `runs` per-paragraph redlines; paragraphs, words changed, paragraphs found changed.

    `copies` repeats the list of paragraphs (a document ten times as long with paragraphs of the same sizes).
    """
    copy, changed_words = edited(text)
    before, after = paragraphs(text) * copies, paragraphs(copy) * copies
    changed_words *= copies
    assert len(before) == len(after), "the edit must keep the paragraphs"
    best = float("inf")
    changed = 0
    for _ in range(runs):
        start = time.perf_counter()
        results = [redline(a, b) for a, b in zip(before, after, strict=True)]
        best = min(best, time.perf_counter() - start)
        changed = sum(1 for ops in results if any(op.kind != "equal" for op in ops))
    return best, len(before), changed_words, changed


def main() -> None:
    """Run the benchmark and print one line per input."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    geneva = decode_utf8(GENEVA.read_bytes())
    print(f"Python {platform.python_version()} on {platform.machine()}, best of {runs}")
    times = []
    inputs = (("Geneva 1x", geneva, 1), ("Geneva paragraphs 10x", geneva, 10), ("Geneva text 10x", geneva * 10, 1))
    for name, text, copies in inputs:
        seconds, count, words, changed = measure(text, runs, copies)
        text = text * copies
        times.append(seconds)
        print(
            f"{name}: {len(text) / 1e6:.2f} MB, {count} paragraphs, {words:,} words changed, "
            f"{changed} paragraphs differ, redline {seconds:.3f} s ({len(text) / 1e6 / seconds:.2f} MB/s)"
        )
    print(f"10x / 1x time ratio: paragraphs {times[1] / times[0]:.1f}, text {times[2] / times[0]:.1f}")


if __name__ == "__main__":
    main()
