"""`python -m bench.profile_server KIND [COUNT]`: where a Crochets server spends a request's time (py-spy).

Serves a SQLite database holding the Geneva text as measurements 3–6 do (`bench.service`), records the server
process with `py-spy record -f raw` while one client sends COUNT requests of one KIND one after another —
`amend` (amendments of Geneva's ordinary paragraphs), `page` (Geneva's document page read whole: the chair's move of
a paragraph before each), `updated` (the page updated after a position on a
set), `kept` (the page as the page cache keeps it) or `import` (Geneva through the API) — and prints the
functions holding the most samples, on their own and with what they call.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench import service
from bench.harness import QUICK
from bench.inputs import geneva


def main(argv: list[str] | None = None) -> None:
    """Profile one kind of request and print the top functions."""
    parser = argparse.ArgumentParser(prog="python -m bench.profile_server", description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=("amend", "page", "updated", "kept", "import"))
    parser.add_argument("count", type=int, nargs="?", default=30)
    parser.add_argument("--output", type=Path, default=None, help="keep the raw profile here")
    options = parser.parse_args(argv)
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        urls = (f"sqlite:///{folder / 'crochets.sqlite3'}", f"sqlite:///{folder / 'rows.sqlite3'}")
        raw = options.output or folder / "profile.txt"
        texts = {"geneva": geneva(QUICK), "amended": geneva(QUICK)}
        with service._stage("SQLite", urls, texts, service.PLANS["quick"], folder / "s") as stage:
            recorder = subprocess.Popen(
                [spy, "record", "--pid", str(stage.pid), "-f", "raw", "-o", str(raw), "-r", "200"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1)
            start = time.perf_counter()
            asyncio.run(_requests(stage, options.kind, options.count))
            print(f"{options.kind}: {(time.perf_counter() - start) / options.count * 1000:.0f} ms a request")
            recorder.send_signal(2)
            recorder.wait()
        _print_top(raw)


async def _requests(stage: service.Stage, kind: str, count: int) -> None:
    reading = {"Authorization": f"Bearer {stage.delegates[0]}"}
    async with (
        httpx.AsyncClient(base_url=stage.crochets, timeout=300) as client,
        httpx.AsyncClient(base_url=stage.crochets, timeout=300, headers=reading) as reader,
        httpx.AsyncClient(
            base_url=stage.crochets, timeout=300, headers={"Authorization": f"Bearer {stage.chair}"}
        ) as chair,
    ):
        paragraphs = service._pick(stage.paragraphs["amended"], 50, count // 50 + 2)
        alternative, _option = await service.alternatives(reader, stage.documents["geneva"])
        pair = await service.neighbours(reader, stage.documents["geneva"])
        for number in range(count):
            if kind == "amend":
                await service._amend(client, stage.delegates[number % 50], paragraphs[number % 50])
                continue
            token = stage.secretariat if kind == "import" else stage.delegates[0]
            headers = {"Authorization": f"Bearer {token}"}
            if kind == "page":
                await service.move_paragraph(chair, pair, number)
            elif kind == "updated":
                await service.change_position(reader, alternative, number)
            if kind in ("page", "updated", "kept"):
                response = await client.get(f"/documents/{stage.documents['geneva']}", headers=headers)
            else:
                body = {"title": f"Geneva {number}", "text": stage.geneva}
                response = await client.post("/api/v1/documents", json=body, headers=headers)
            response.raise_for_status()


def _print_top(raw: Path, top: int = 25) -> None:
    """The functions of the request threads with the most samples (idle threads' waits left out)."""
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if not stack or frames[-1].startswith(("Condition.wait", "EpollSelector.select", "_worker")):
            continue
        own[frames[-1]] += int(count)
        for frame in set(frames):
            inclusive[frame] += int(count)
    total = sum(own.values()) or 1
    print(f"{total} busy samples; own time:")
    for frame, samples in own.most_common(top):
        print(f"  {samples / total:6.1%} {frame}")
    print("with what they call (the app's functions):")
    for frame, samples in [(f, s) for f, s in inclusive.most_common() if "app/" in f][:top]:
        print(f"  {samples / total:6.1%} {frame}")


if __name__ == "__main__":
    main()
