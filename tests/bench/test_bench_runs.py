"""The benchmark runs (so that it does not rot): every measurement at tiny sizes, figures and verdicts printed.

Not a timed test: nothing here asserts a speed. `python -m bench` gives the figures (docs/benchmarks.md).
"""

from __future__ import annotations

import pytest

from app.domain import parse, render
from bench.__main__ import main
from bench.generate import generate, regroup, revise
from bench.harness import TINY, Measurement, interleaved
from bench.registry import MEASUREMENTS

BUILT = ("parse", "redline")


@pytest.mark.parametrize("measurement", MEASUREMENTS, ids=[m.key for m in MEASUREMENTS])
def test_each_measurement_runs_at_tiny_size(measurement: Measurement) -> None:
    result = measurement.run(TINY)
    assert result.figures, "a measurement prints at least one line"
    assert result.checks, "a measurement has targets"
    if measurement.key in BUILT:
        assert all(check.holds is not None for check in result.checks), "every target is measured"
        assert any(" ms" in line for line in result.figures), "figures carry times"


def test_the_command_prints_figures_and_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    checks = main(["--tiny", "--only", "parse", "--only", "memory"])
    out = capsys.readouterr().out
    assert "1. Parse" in out and "6. Server RSS" in out and "2. Redline" not in out
    assert "not measured yet" in out and ("holds" in out or "falls short" in out)
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
