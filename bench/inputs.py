"""The benchmark's texts: the real Geneva text of ../shared/corpus and documents from `bench.generate`."""

from __future__ import annotations

import os
import platform
from pathlib import Path

from app.domain import decode_utf8
from app.domain.diff import accelerated
from bench.harness import Size

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
GENEVA = CORPUS / "unfccc-geneva-negotiating-text-2015-02-12.txt"


def geneva(size: Size) -> str:
    """The Geneva negotiating text (373 KB), or its first lines at a smaller scale."""
    if not GENEVA.is_file():
        raise SystemExit(f"missing corpus file {GENEVA}: the benchmark needs ../shared/corpus next to the project")
    text = decode_utf8(GENEVA.read_bytes())
    return text if size.scale >= 1 else shortened(text, size.scale)


def shortened(text: str, scale: float) -> str:
    """The first whole lines of `text` that make about `scale` of its length."""
    end = text.find("\n", int(len(text) * scale))
    return text if end < 0 else text[: end + 1]


def machine() -> str:
    """One line on where the figures come from: CPUs, load, Python, the diff engine."""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    engine = "fast-diff-match-patch (C++)" if accelerated() else "pure-Python diff-match-patch only"
    return (
        f"{os.cpu_count()} CPUs ({platform.machine()}), load average {load}, "
        f"Python {platform.python_version()}, diff engine: {engine}"
    )
