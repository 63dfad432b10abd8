"""`python -m bench.memory_steps [STEP ...]`: the Crochets server's memory after each step of measurements 3–5.

Serves a SQLite database holding Geneva, a copy to amend and Geneva ten times as `bench.service` does, then runs
the steps in the order given — `amend` (50 amendments of Geneva's ordinary paragraphs), `page` (Geneva's page),
`page10` (the 10× page), `import` (Geneva through the API), `revision` (its next version as Rev.1 of the last
import) — and prints after each the server's resident set (VmRSS), its peak since the step began (the peak is
reset before each step through /proc/PID/clear_refs where allowed) and its peak since it started.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import httpx

from bench import service
from bench.generate import revise
from bench.harness import QUICK
from bench.inputs import geneva

STEPS = ("amend", "page", "page10", "import", "revision")


def main(argv: list[str] | None = None) -> None:
    """Run the steps and print the memory after each."""
    parser = argparse.ArgumentParser(prog="python -m bench.memory_steps", description=__doc__.split("\n\n")[0])
    parser.add_argument("steps", nargs="*", choices=STEPS, default=list(STEPS))
    options = parser.parse_args(argv)
    text = geneva(QUICK)
    texts = {"geneva": text, "amended": text, "geneva10": (text + "\n]]\n") * 10}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        urls = (f"sqlite:///{folder / 'crochets.sqlite3'}", f"sqlite:///{folder / 'rows.sqlite3'}")
        with service._stage("SQLite", urls, texts, service.PLANS["quick"], folder / "s") as stage:
            peak_ever = 0.0
            _report("started", stage.pid, peak_ever)
            state: dict[str, int] = {}
            for step in options.steps:
                reset = _reset_peak(stage.pid)
                start, cpu = time.perf_counter(), service.server_cpu(stage.pid)
                asyncio.run(_step(stage, step, state))
                seconds, used = time.perf_counter() - start, service.server_cpu(stage.pid) - cpu
                peak_ever = max(peak_ever, _report(step, stage.pid, peak_ever, reset, seconds, used))


async def _step(stage: service.Stage, step: str, state: dict[str, int]) -> None:
    headers = {"Authorization": f"Bearer {stage.secretariat}"}
    async with httpx.AsyncClient(base_url=stage.crochets, headers=headers, timeout=600) as client:
        if step == "amend":
            for paragraph in service._pick(stage.paragraphs["amended"], 50, 2):
                await service._amend(client, stage.delegates[0], paragraph)
        elif step in ("page", "page10"):
            document = stage.documents["geneva" if step == "page" else "geneva10"]
            delegate = {"Authorization": f"Bearer {stage.delegates[0]}"}
            response = await client.get(f"/documents/{document}", headers=delegate)
            response.raise_for_status()
        elif step == "import":
            body = {"title": "Geneva, imported", "text": stage.geneva, "language": "en"}
            response = await client.post("/api/v1/documents", json=body)
            response.raise_for_status()
            state["imported"] = response.json()["id"]
        elif step == "revision":
            body = {"text": revise(stage.geneva, 0), "note": "next"}
            response = await client.post(f"/api/v1/documents/{state['imported']}/revisions", json=body)
            response.raise_for_status()


def _reset_peak(pid: int) -> bool:
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _report(
    step: str, pid: int, peak_ever: float, reset: bool = False, seconds: float = 0.0, cpu: float = 0.0
) -> float:
    resident, peak = service._status_mb(pid)
    since = f"peak during the step {peak:.0f} MB" if reset else f"peak so far {peak:.0f} MB"
    print(
        f"{step:9} {seconds:6.2f} s, server CPU {cpu:6.2f} s: resident {resident:.0f} MB, {since}, "
        f"peak since start {max(peak, peak_ever):.0f} MB",
        flush=True,
    )
    return max(peak, peak_ever)


if __name__ == "__main__":
    main()
