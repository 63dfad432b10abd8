"""The benchmark runs (so that it does not rot): every measurement at tiny sizes, figures and verdicts printed.

Not a timed test: nothing here asserts a speed. `python -m bench` gives the figures (docs/benchmarks.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.domain import parse, render
from bench.__main__ import main
from bench.generate import generate, regroup, revise
from bench.harness import TINY, Measurement, interleaved
from bench.registry import MEASUREMENTS
from bench.service import SERVER_URL_VARIABLE

IN_PROCESS = ("parse", "redline")
OVER_HTTP = ("amendments", "page", "import", "memory")  # SQLite always; PostgreSQL where installed
POSTGRES_INSTALLED = bool(os.environ.get(SERVER_URL_VARIABLE)) or any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))


@pytest.mark.parametrize("measurement", MEASUREMENTS, ids=[m.key for m in MEASUREMENTS])
def test_each_measurement_runs_at_tiny_size(measurement: Measurement) -> None:
    result = measurement.run(TINY)
    assert result.figures, "a measurement prints at least one line"
    assert result.checks, "a measurement has targets"
    if measurement.key in IN_PROCESS:
        assert all(check.holds is not None for check in result.checks), "every target is measured"
    if measurement.key in OVER_HTTP:
        sqlite = [check for check in result.checks if check.target.startswith("SQLite")]
        assert sqlite, "every measurement over HTTP runs on SQLite"
        unmeasured = [c.target for c in sqlite if c.holds is None]
        assert not unmeasured, f"measured on SQLite at every size: {unmeasured}"
        postgres = [c for c in result.checks if c.target.startswith("PostgreSQL")]
        assert postgres, "every measurement over HTTP names its PostgreSQL targets (measured or not)"
        if POSTGRES_INSTALLED and measurement.key != "page":  # the page's PostgreSQL run is the full run's
            assert any(c.holds is not None for c in postgres), "PostgreSQL, when installed, is measured too"
    if measurement.key != "memory":
        assert any(" ms" in line for line in result.figures), "figures carry times"
    else:
        assert any(" MB" in line for line in result.figures), "memory figures carry megabytes"


def test_the_command_prints_figures_and_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    checks = main(["--tiny", "--only", "parse", "--only", "import"])
    out = capsys.readouterr().out
    assert "1. Parse" in out and "5. Import" in out and "2. Redline" not in out
    revision = "SQLite: revision import of Geneva under 2 s"
    assert f"[holds] {revision}" in out or f"[falls short] {revision}" in out  # measured over HTTP
    assert checks and "targets hold" in out


def test_the_generator_is_deterministic_and_parses_cleanly() -> None:
    text = generate(7, paragraphs=30)
    assert text == generate(7, paragraphs=30)
    assert text != generate(8, paragraphs=30)
    document = parse(text)
    assert render(document) == text and document.warnings == ()
    assert revise(text, 3) == revise(text, 3) != text
    assert "".join(regroup(text, 2_000)) == text


def test_interleaved_rounds_give_a_median_per_candidate() -> None:
    calls: list[str] = []
    times = interleaved({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, rounds=3)
    assert set(times) == {"a", "b"} and all(value >= 0 for value in times.values())
    assert calls == ["a", "b", "b", "a", "a", "b"]  # the order turns each round
