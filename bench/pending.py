"""Measurements 3–6 of issue 15, not built yet: they measure the service over HTTP, which is being restructured.

Each prints its targets as "not measured yet" so that the report lists every figure issue 15 asks for. When
one is built, it becomes a module like `bench.parse_speed` and takes its placeholder's place in the registry.
"""

from __future__ import annotations

from collections.abc import Callable

from bench.harness import Measurement, Result, Size

WHY = "not measured yet: needs the service restructuring (writes that touch one paragraph; answers from the change)"


def _placeholder(*targets: str) -> Callable[[Size], Result]:
    def run(size: Size) -> Result:
        result = Result([WHY])
        for target in targets:
            result.check(target, "—", None)
        return result

    return run


AMENDMENTS = Measurement(
    "amendments",
    "3. Amendments over HTTP vs a minimal one-row insert endpoint (SQLite, PostgreSQL)",
    _placeholder(
        "50 concurrent clients: ≥ 0.5× the throughput of the one-row insert endpoint",
        "p99 under 100 ms",
        "one amendment in a 10× document ≤ 1.5× its cost in a 1× document",
    ),
)
PAGE = Measurement(
    "page",
    "4. Document page over real HTTP, Geneva and 10×",
    _placeholder("Geneva: median under 100 ms", "10× the text: ≤ 11× the time (or first screen under 100 ms)"),
)
IMPORT = Measurement(
    "import",
    "5. Import through the API",
    _placeholder("Geneva: under 0.5 s", "revision import of Geneva: under 2 s"),
)
MEMORY = Measurement(
    "memory",
    "6. Server RSS through all of the above",
    _placeholder("RSS under 250 MB"),
)
