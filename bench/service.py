"""Measurements 3–6 of issue 15: the service over real HTTP, each against a reference served the same way.

A *stage* is one kind of database with two real uvicorn processes on it: Crochets (`python -m app.cli serve`,
one process, this work tree's code) and the reference, the smallest FastAPI + SQLModel service that inserts one
row (`bench/minimal_app.py`, its own database of the same kind, the same log level). The clients are httpx
async clients in this process; times are wall time, what a user waits.

3. **Amendments**: 50 clients at once, each proposing amendments one after another on its own paragraph of the
   Geneva text (a word inserted, against the version it last saw), against 50 clients inserting the same text
   as one row into the reference, in interleaved rounds: throughput ratio (target ≥ 0.5×), on SQLite and on
   PostgreSQL; then the same 50 clients at a room's pace (a random pause of 5 s on average before each
   amendment): the p99 a delegate waits (target < 100 ms). Then one client amending a mid-size paragraph of a generated
   document and of one ten times its size, interleaved: the cost ratio (target ≤ 1.5×).
4. **Document page**: the page of Geneva and of Geneva ten times, interleaved (median, p95): Geneva under
   100 ms as kept by the page cache (every reader after the first since a change) and as updated (the first
   reader after a change to a paragraph); read whole (after a change to an option over whole paragraphs) beside
   them; ten times the text (too large to keep) at most 11× the time of Geneva read whole; beside it the
   reference answering a row as large as the Geneva page (the cost of moving those bytes).
5. **Import** of Geneva through the API (`POST /api/v1/documents`, answered with the document), against the
   reference storing the same text as one row: under 0.5 s; then its next version (`bench.generate.revise`)
   imported as Rev.1 of that document (`POST /api/v1/documents/{id}/revisions`): under 2 s.
6. **Memory**: the peak resident set (VmHWM) of the Crochets process after all of the above: under 250 MB.

The stages live across the four measurements of one run (started by the first, stopped by the memory
measurement, which runs whichever of 3–5 has not run yet); their documents are imported in this process before
the servers start, so that the server's memory counts what it served, not the set-up.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app import migrate
from app.db import build_engine
from app.models import Account, AccountRole
from app.services import demo
from app.services.accounts import auth, delegations
from app.services.documents import catalog
from app.services.reading import views
from bench.generate import generate, revise
from bench.harness import Measurement, Result, Size
from bench.inputs import geneva

ROOT = Path(__file__).resolve().parents[1]
SERVER_URL_VARIABLE = "CROCHETS_TEST_POSTGRES_URL"
DELEGATES = ("afr", "arb", "zaf", "che", "usa", "bra", "chn", "fra", "sau")  # the demo's delegate accounts
THROUGHPUT_TARGET = 0.5  # × the reference's
P99_TARGET = 0.100  # seconds
# The p99 is judged with 50 delegates amending at a room's pace: each sends its next amendment a random while
# (exponential, this mean) after its previous answer, ten amendments a second in all — far above a plenary's
# pace, a third of what the server can take. Back-to-back clients measure throughput; their latency is only
# the queue (by Little's law p50 ≈ clients ÷ throughput, 1–3 s even for the one-row insert).
PACE_SECONDS = 5.0
GROWTH_TARGET = 1.5  # one amendment, 10× document ÷ 1× document
PAGE_TARGET = 0.100  # seconds, Geneva's page median
PAGE_GROWTH_TARGET = 11.0
IMPORT_TARGET = 0.5  # seconds
REVISION_IMPORT_TARGET = 2.0  # seconds, the next version of Geneva as its next revision
RSS_TARGET_MB = 250
# A connection per request where one client sends requests one after another, to either server: a kept-alive
# connection left idle for five seconds (uvicorn's limit) while the other server works may be closed under it.
ONE_USE = httpx.Limits(max_keepalive_connections=0)


@dataclass(frozen=True)
class Plan:
    """How much each measurement does at a size."""

    clients: int
    amendments: int  # per client and round
    rounds: int  # interleaved rounds of the concurrent burst
    cost_rounds: int  # … of one amendment, 1× and 10×
    page_rounds: int  # … of the pages (Geneva updated, read whole, kept twice; the 10× page)
    import_rounds: int
    postgres: bool  # PostgreSQL measured too (the quick run is SQLite's: its two minutes are a check, not the figures)
    postgres_growth: bool  # the 10× documents on PostgreSQL too (imports cost time)
    paced: int  # amendments per client at the room's pace (the p99 a delegate waits)


PLANS = {
    "full": Plan(
        clients=50,
        amendments=8,
        rounds=3,
        cost_rounds=15,
        page_rounds=7,
        import_rounds=7,
        postgres=True,
        postgres_growth=True,
        paced=6,
    ),
    "quick": Plan(
        clients=50,
        amendments=2,
        rounds=2,
        cost_rounds=5,
        page_rounds=3,
        import_rounds=3,
        postgres=False,
        postgres_growth=False,
        paced=2,
    ),
    "tiny": Plan(
        clients=5,
        amendments=1,
        rounds=1,
        cost_rounds=1,
        page_rounds=1,
        import_rounds=1,
        postgres=True,
        postgres_growth=False,
        paced=1,
    ),
}


@dataclass
class Paragraph:
    """A paragraph a client amends: its id, and its text and version as the client last saw them."""

    id: int
    text: str
    version: int


@dataclass
class Stage:
    """Crochets and the reference on one kind of database, with the tokens and documents the clients use."""

    name: str
    crochets: str  # base URL
    reference: str
    pid: int  # the Crochets server process
    reference_pid: int
    secretariat: str  # tokens
    chair: str
    delegates: list[str]
    documents: dict[str, int]  # name → id: geneva, amended, geneva10, generated, generated10
    paragraphs: dict[str, list[Paragraph]]  # what the clients amend, per document
    geneva: str  # the text imported by measurement 5
    results: dict[str, Result] = field(default_factory=dict)


# --- the run: stages shared by measurements 3-6 -------------------------------------------------------------


@dataclass
class _Run:
    size: Size
    stack: ExitStack = field(default_factory=ExitStack)
    stages: list[Stage] | None = None
    missing: dict[str, str] = field(default_factory=dict)  # stages not run (PostgreSQL not installed, quick run): why

    def open(self) -> list[Stage]:
        if self.stages is None:
            self.stages = []
            plan = PLANS[self.size.name]
            texts = _texts(self.size)
            folder = Path(self.stack.enter_context(tempfile.TemporaryDirectory(prefix="crochets-bench-")))
            sqlite = (f"sqlite:///{folder / 'crochets.sqlite3'}", f"sqlite:///{folder / 'rows.sqlite3'}")
            self.stages.append(self.stack.enter_context(_stage("SQLite", sqlite, texts, plan, folder / "sqlite")))
            if not plan.postgres:
                self.missing["PostgreSQL"] = "measured in the full run (python -m bench)"
            elif os.environ.get(SERVER_URL_VARIABLE) is None and not any(
                Path("/usr/lib/postgresql").glob("*/bin/initdb")
            ):
                self.missing["PostgreSQL"] = "not installed (apt-get install postgresql)"
            else:
                urls = self.stack.enter_context(_postgres_databases(os.environ.get(SERVER_URL_VARIABLE), 2))
                wanted = texts if plan.postgres_growth else {"amended": texts["amended"]}
                self.stages.append(
                    self.stack.enter_context(_stage("PostgreSQL", (urls[0], urls[1]), wanted, plan, folder / "pg"))
                )
        return self.stages

    def close(self) -> None:
        self.stack.close()
        self.stages = None


_RUNS: dict[str, _Run] = {}


def _run_for(size: Size) -> _Run:
    if size.name not in _RUNS:
        _RUNS[size.name] = _Run(size)
    return _RUNS[size.name]


@atexit.register
def _close_all() -> None:
    for run in _RUNS.values():
        run.close()


def _texts(size: Size) -> dict[str, str]:
    """Geneva, Geneva ten times (each copy closes its two open brackets so copies do not pair), a generated
    document and one with ten times its paragraphs."""
    text = geneva(size)
    paragraphs = max(10, int(140 * size.scale))
    return {
        "geneva": text,  # its page
        "amended": text,  # a copy the clients amend (its page grows with every amendment)
        "geneva10": (text + "\n]]\n") * 10,
        "generated": generate(0, paragraphs),
        "generated10": generate(0, paragraphs * 10),
    }


# --- servers and databases ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _process(arguments: list[str], environment: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    """A uvicorn server (Crochets or the reference) started from the project root, until the block ends; it is
    up once `_wait_for` returns."""
    port = _free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*arguments, "--port", str(port)], cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(url: str, log: Path) -> None:
    """Until the server at `url` answers its health check."""
    for _ in range(600):
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not start; see {log}")


@contextmanager
def _stage(name: str, urls: tuple[str, str], texts: dict[str, str], plan: Plan, directory: Path) -> Iterator[Stage]:
    """Serve Crochets and the reference; while their processes start, fill Crochets' database (accounts, tokens,
    documents) from this process."""
    directory.mkdir(parents=True)
    crochets_url, reference_url = urls
    engine = build_engine(crochets_url)
    migrate.upgrade(engine)  # before the server starts: it upgrades too
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("CROCHETS_", "BENCH_"))}
    crochets_env = environment | {"CROCHETS_DATABASE_URL": crochets_url, "CROCHETS_DATA_DIR": str(directory)}
    reference_env = environment | {"BENCH_DATABASE_URL": reference_url}
    serve = [sys.executable, "-m", "app.cli", "serve", "--workers", "1"]
    reference = [sys.executable, "-m", "uvicorn", "bench.minimal_app:app", "--log-level", "info"]
    with (
        _process(serve, crochets_env, directory / "crochets.log") as (crochets, pid),
        _process(reference, reference_env, directory / "reference.log") as (minimal, reference_pid),
    ):
        try:
            with Session(engine) as session:
                _accounts(session)
                secretariat = auth.issue_token(session=session, username="secretariat").token
                chair = auth.issue_token(session=session, username="chair").token
                delegates = [
                    auth.issue_token(session=session, username=DELEGATES[n % len(DELEGATES)]).token
                    for n in range(plan.clients)
                ]
                documents: dict[str, int] = {}
                paragraphs: dict[str, list[Paragraph]] = {}
                for key, text in texts.items():
                    document = catalog.import_text(session=session, title=f"bench {key}", text=text, language="en")
                    assert document.id is not None
                    documents[key] = document.id
                    if key in ("amended", "generated", "generated10"):
                        view = views.document_view(session=session, document_id=document.id)
                        paragraphs[key] = [
                            Paragraph(p.id, p.text, p.version)
                            for p in view.paragraphs
                            if " " in p.text and _balanced(p.model_dump()["content"])
                        ]
        finally:
            engine.dispose()
        _wait_for(crochets, directory / "crochets.log")
        _wait_for(minimal, directory / "reference.log")
        yield Stage(
            name,
            crochets,
            minimal,
            pid,
            reference_pid,
            secretariat,
            chair,
            delegates,
            documents,
            paragraphs,
            texts["amended"],
        )


def _accounts(session: Session) -> None:
    """The demo's delegations and accounts, without the demo's passwords: the clients use tokens, and hashing
    a dozen passwords takes seconds on a busy machine."""
    for code, name, kind, groups, username, role in demo.DEMO_DELEGATIONS:
        delegation = delegations.add(session=session, code=code, name=name, kind=kind, groups=groups, commit=False)
        assert delegation.id is not None
        session.add(
            Account(
                username=username,
                display_name=name,
                delegation_id=delegation.id,
                role=AccountRole(role),
                password_hash="-",
            )
        )
    session.commit()


@contextmanager
def _postgres_databases(server_url: str | None, count: int) -> Iterator[list[str]]:
    """`count` new databases on the named PostgreSQL server, or on a private throwaway one; gone afterwards."""
    directory = Path(tempfile.gettempdir()) / f"crochets-bench-pg-{secrets.token_hex(4)}"
    script = str(ROOT / "scripts" / "postgres")
    started = server_url is None
    if server_url is None:
        server_url = subprocess.run(
            ["bash", script, "start", str(directory)], capture_output=True, text=True, check=True
        ).stdout.strip()
    admin = make_url(server_url).set(drivername="postgresql").render_as_string(hide_password=False)
    names = [f"crochets_bench_{secrets.token_hex(4)}" for _ in range(count)]
    try:
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in names:
                connection.execute(f"CREATE DATABASE {name}")
        yield [make_url(server_url).set(database=name).render_as_string(hide_password=False) for name in names]
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in names:
                connection.execute(f"DROP DATABASE {name} WITH (FORCE)")
    finally:
        if started:
            subprocess.run(["bash", script, "stop", str(directory)], capture_output=True, check=False)


# --- what the clients do ------------------------------------------------------------------------------------


def _balanced(runs: object) -> bool:
    """Whether a paragraph's content runs hold no stray bracket (kept as text: such a paragraph's amendments are
    refused as unbalanced until the chair mends it)."""
    if isinstance(runs, list):
        return all(_balanced(run) for run in runs)
    if isinstance(runs, dict):
        if runs.get("type") == "text" and any(c in runs.get("text", "") for c in "[]"):
            return False
        return all(_balanced(value) for value in runs.values() if isinstance(value, list | dict))
    return True


def _amended(paragraph: Paragraph, number: int) -> str:
    """The paragraph's text with one new word, inserted past its middle between two words outside every bracket.

    A word between two alternatives (`[a] new [b]`) would split their set, which only the chair may do; a
    delegate's ordinary amendment adds wording to agreed text, so that is where the benchmark adds it.
    """
    text = paragraph.text
    spaces = _free_spaces(text)
    if not spaces:
        raise RuntimeError(f"paragraph {paragraph.id} has no space between two words outside its brackets")
    middle = len(text) // 2
    at = next((space for space in spaces if space >= middle), spaces[-1])
    return f"{text[:at]} bench{number}{text[at:]}"


def _free_spaces(text: str) -> list[int]:
    """Positions of the spaces that sit between two letters outside every bracket."""
    spaces, depth = [], 0
    for at, character in enumerate(text):
        if character == "[":
            depth += 1
        elif character == "]":
            depth = max(depth - 1, 0)
        elif character == " " and depth == 0 and 0 < at < len(text) - 1 and _between_letters(text, at):
            spaces.append(at)
    return spaces


def _between_letters(text: str, at: int) -> bool:
    return text[at - 1].isalpha() and text[at + 1].isalpha()


_numbers = iter(range(1, 1 << 62))


async def _amend(client: httpx.AsyncClient, token: str, paragraph: Paragraph) -> float:
    """Propose one amendment; its wall time. The paragraph takes the text and version the answer gives."""
    body = {"text": _amended(paragraph, next(_numbers)), "base_version": paragraph.version}
    start = time.perf_counter()
    response = await client.post(
        f"/api/v1/paragraphs/{paragraph.id}/amendments", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    elapsed = time.perf_counter() - start
    if response.status_code != 201:
        raise RuntimeError(f"amendment of paragraph {paragraph.id}: {response.status_code} {response.text[:300]}")
    answer = response.json()["paragraph"]
    paragraph.text, paragraph.version = answer["text"], answer["version"]
    return elapsed


async def _insert(client: httpx.AsyncClient, text: str) -> float:
    """Insert one row into the reference; its wall time."""
    start = time.perf_counter()
    response = await client.post("/rows", json={"text": text})
    elapsed = time.perf_counter() - start
    response.raise_for_status()
    return elapsed


def server_cpu(pid: int) -> float:
    """CPU seconds a server process has used so far (user and system, all its threads): what a request costs
    the server whatever else the shared machine is doing, beside the wall time a client waits."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Burst:
    """What one side did over its rounds: every request's time, the wall time of its rounds and the server's
    CPU time during them."""

    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    cpu: float = 0.0

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def cpu_per_request(self) -> float:
        return self.cpu / len(self.latencies) if self.latencies else 0.0


async def _burst(
    burst: Burst, pid: int, url: str, clients: list[Callable[[httpx.AsyncClient], Awaitable[list[float]]]]
) -> None:
    """All clients at once, on connections opened for this burst: uvicorn closes a connection idle for five
    seconds, and reusing one it is closing fails; each side waits that long while the other runs."""
    limits = httpx.Limits(max_connections=len(clients), max_keepalive_connections=len(clients))
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120) as client:
        start, cpu = time.perf_counter(), server_cpu(pid)
        results = await asyncio.gather(*(run(client) for run in clients))
        burst.latencies += [t for times in results for t in times]
        burst.seconds += time.perf_counter() - start
        burst.cpu += server_cpu(pid) - cpu


async def _concurrent(stage: Stage, plan: Plan) -> tuple[Burst, Burst]:
    """Interleaved rounds: all clients amending their paragraphs, then all inserting rows (order turned)."""
    paragraphs = _pick(stage.paragraphs["amended"], plan.clients, _uses(plan))
    crochets, reference = Burst(), Burst()

    def amender(token: str, paragraph: Paragraph) -> Callable[[httpx.AsyncClient], Awaitable[list[float]]]:
        async def run(client: httpx.AsyncClient) -> list[float]:
            return [await _amend(client, token, paragraph) for _ in range(plan.amendments)]

        return run

    def inserter(paragraph: Paragraph) -> Callable[[httpx.AsyncClient], Awaitable[list[float]]]:
        async def run(client: httpx.AsyncClient) -> list[float]:
            return [await _insert(client, _amended(paragraph, 0)) for _ in range(plan.amendments)]

        return run

    sides = [
        (crochets, stage.pid, stage.crochets, [amender(stage.delegates[n], p) for n, p in enumerate(paragraphs)]),
        (reference, stage.reference_pid, stage.reference, [inserter(p) for p in paragraphs]),
    ]
    for number in range(plan.rounds):
        for burst, pid, url, clients in sides if number % 2 == 0 else sides[::-1]:
            await _burst(burst, pid, url, clients)
    return crochets, reference


async def _paced(stage: Stage, plan: Plan) -> list[float]:
    """Every client amending its paragraph `plan.paced` times, each after a random pause; the latencies."""
    paragraphs = _pick(stage.paragraphs["amended"], plan.clients, _uses(plan))
    limits = httpx.Limits(max_connections=plan.clients, max_keepalive_connections=0)

    async def delegate(client: httpx.AsyncClient, token: str, paragraph: Paragraph, seed: int) -> list[float]:
        own = random.Random(seed)  # the same pauses every run
        times = []
        for _ in range(plan.paced):
            await asyncio.sleep(own.expovariate(1 / PACE_SECONDS))
            times.append(await _amend(client, token, paragraph))
        return times

    async with httpx.AsyncClient(base_url=stage.crochets, limits=limits, timeout=120) as client:
        results = await asyncio.gather(*(delegate(client, stage.delegates[n], p, n) for n, p in enumerate(paragraphs)))
    return [t for times in results for t in times]


def _uses(plan: Plan) -> int:
    """How many amendments a client's paragraph takes in a run: each brackets the word it adds, which uses up one
    space between two free words, so a paragraph needs that many."""
    return plan.amendments * plan.rounds + plan.paced + 1


def _pick(paragraphs: list[Paragraph], count: int, uses: int) -> list[Paragraph]:
    """`count` paragraphs of ordinary size (200–5,000 characters) with room for the run's amendments, spread over
    the document; the longest ones when there are not enough (a client then shares its paragraph: the service
    rebases)."""
    amendable = [p for p in paragraphs if len(_free_spaces(p.text)) >= uses]
    ordinary = [p for p in amendable if 200 <= len(p.text) <= 5000]
    if len(ordinary) < count:
        ordinary = sorted(amendable, key=lambda p: -len(p.text))[: max(count, 1)]
    step = len(ordinary) / count
    return [ordinary[int(n * step) % len(ordinary)] for n in range(count)]


def _mid_size(paragraphs: list[Paragraph], uses: int, length: int | None = None) -> Paragraph:
    """The paragraph whose text is closest to `length` characters (default: the median of those over 200)."""
    if length is None:
        lengths = sorted(len(p.text) for p in paragraphs if len(p.text) >= 200) or [len(paragraphs[0].text)]
        length = lengths[len(lengths) // 2]
    amendable = [p for p in paragraphs if len(_free_spaces(p.text)) >= uses] or paragraphs
    return min(amendable, key=lambda p: (abs(len(p.text) - length), p.id))


async def _growth(stage: Stage, plan: Plan) -> tuple[Paragraph, Paragraph, list[float], list[float]]:
    """One client amending a mid-size paragraph of the generated document and of its tenfold, interleaved."""
    small = _mid_size(stage.paragraphs["generated"], plan.cost_rounds + 1)
    large = _mid_size(stage.paragraphs["generated10"], plan.cost_rounds + 1, len(small.text))
    sizes = (len(small.text), len(large.text))
    times: dict[str, list[float]] = {"1×": [], "10×": []}
    token = stage.delegates[0]
    async with httpx.AsyncClient(base_url=stage.crochets, limits=ONE_USE, timeout=120) as client:
        await _amend(client, token, small)  # the first request of a connection pays for the connection
        await _amend(client, token, large)
        cases = [("1×", small), ("10×", large)]
        for number in range(plan.cost_rounds):
            for name, paragraph in cases if number % 2 == 0 else cases[::-1]:
                times[name].append(await _amend(client, token, paragraph))
    return (
        Paragraph(small.id, "", sizes[0]),
        Paragraph(large.id, "", sizes[1]),
        times["1×"],
        times["10×"],
    )


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def _ms(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"


# --- 3. amendments ------------------------------------------------------------------------------------------


def amendments(size: Size) -> Result:
    """Measurement 3 on every stage."""
    return _measured(size, "amendments", _amendments, _amendment_targets)


def _amendment_targets(stage: str) -> list[str]:
    return [
        f"{stage}: 50 concurrent clients, amendments ≥ {THROUGHPUT_TARGET}× the throughput of the one-row insert",
        f"{stage}: 50 clients at a room's pace, amendment p99 under {P99_TARGET * 1000:.0f} ms",
        f"{stage}: one amendment in a 10× document ≤ {GROWTH_TARGET}× its cost in a 1× document",
    ]


def _amendments(stage: Stage, plan: Plan) -> Result:
    result = Result()
    crochets, reference = asyncio.run(_concurrent(stage, plan))
    ratio = crochets.throughput / reference.throughput
    p99 = _percentile(crochets.latencies, 0.99)
    result.figure(
        f"{stage.name}, {plan.clients} clients × {plan.amendments} requests × {plan.rounds} rounds on Geneva "
        f"(paragraphs of 200–5,000 characters): amendments {crochets.throughput:.1f}/s (p50 "
        f"{_ms(_percentile(crochets.latencies, 0.5))}, p99 {_ms(p99)}), one-row insert "
        f"{reference.throughput:.1f}/s (p50 {_ms(_percentile(reference.latencies, 0.5))}, p99 "
        f"{_ms(_percentile(reference.latencies, 0.99))}): {ratio:.2f}×"
    )
    result.figure(
        f"{stage.name}, server CPU per request: amendment {_ms(crochets.cpu_per_request)}, one-row insert "
        f"{_ms(reference.cpu_per_request)} ({crochets.cpu_per_request / reference.cpu_per_request:.1f}×); "
        f"{plan.clients} clients waiting on one server make p50 ≈ {plan.clients} ÷ throughput "
        f"({_ms(plan.clients / crochets.throughput)} here)"
    )
    paced = asyncio.run(_paced(stage, plan))
    paced_p99 = _percentile(paced, 0.99)
    result.figure(
        f"{stage.name}, {plan.clients} clients at a room's pace (each amends a random while after its last "
        f"answer, {PACE_SECONDS:g} s on average: {plan.clients / PACE_SECONDS:g} a second in all), "
        f"{len(paced)} amendments: p50 {_ms(_percentile(paced, 0.5))}, p99 {_ms(paced_p99)}, max "
        f"{_ms(max(paced))}; back to back (above) the p99 is the queue's: {_ms(p99)}"
    )
    throughput_target, p99_target, growth_target = _amendment_targets(stage.name)
    result.check(throughput_target, f"{ratio:.2f}×", ratio >= THROUGHPUT_TARGET)
    result.check(p99_target, _ms(paced_p99), paced_p99 < P99_TARGET)
    if "generated10" not in stage.paragraphs:
        result.figure(f"{stage.name}: the 10× document is measured in the full run only")
        result.check(growth_target, "—", None)
        return result
    small, large, one, ten = asyncio.run(_growth(stage, plan))
    growth = statistics.median(ten) / statistics.median(one)
    result.figure(
        f"{stage.name}, one amendment of a mid-size paragraph ({small.version:,} characters in the generated "
        f"document, {large.version:,} in the 10× one), {plan.cost_rounds} interleaved rounds: "
        f"{_ms(statistics.median(one))} vs {_ms(statistics.median(ten))}: {growth:.2f}×"
    )
    result.check(growth_target, f"{growth:.2f}×", growth <= GROWTH_TARGET)
    return result


# --- 4. the document page -----------------------------------------------------------------------------------


def page(size: Size) -> Result:
    """Measurement 4 on every stage that has the 10× text."""
    return _measured(size, "page", _page, _page_targets)


def _page_targets(stage: str) -> list[str]:
    return [
        f"{stage}: Geneva's document page as kept (every reader after the first since a change), median under "
        f"{PAGE_TARGET * 1000:.0f} ms",
        f"{stage}: Geneva's document page updated (the first reader after a change to a paragraph), median under "
        f"{PAGE_TARGET * 1000:.0f} ms",
        f"{stage}: the page of 10× the text ≤ {PAGE_GROWTH_TARGET:g}× the time (both read whole)",
    ]


PAGES = ("kept", "updated", "option", "whole", "geneva10", "reference")


async def _pages(stage: Stage, plan: Plan) -> tuple[dict[str, list[float]], dict[str, int], dict[str, list[float]]]:
    """Each round: a delegation's position on a set of Geneva (a change to its paragraph) and Geneva's page
    updated; a position on an option over whole paragraphs (a change to the mark where it begins) and the page
    updated; the chair's move of a paragraph (a change to the page's order) and the page read whole; the page
    kept, twice; the reference's row as large as Geneva's page, twice; the 10× page (too large to keep: read
    whole every time). Wall times, sizes and the server's CPU times."""
    times: dict[str, list[float]] = {name: [] for name in PAGES}
    cpu: dict[str, list[float]] = {name: [] for name in PAGES}
    sizes: dict[str, int] = {}
    headers = {"Authorization": f"Bearer {stage.delegates[0]}"}
    geneva = f"/documents/{stage.documents['geneva']}"
    async with (
        httpx.AsyncClient(base_url=stage.crochets, headers=headers, limits=ONE_USE, timeout=300) as client,
        httpx.AsyncClient(
            base_url=stage.crochets, headers={"Authorization": f"Bearer {stage.chair}"}, timeout=300
        ) as chair,
        httpx.AsyncClient(base_url=stage.reference, limits=ONE_USE, timeout=300) as reference,
    ):

        async def get(name: str, target: httpx.AsyncClient, path: str) -> None:
            pid = stage.reference_pid if name == "reference" else stage.pid
            start, used = time.perf_counter(), server_cpu(pid)
            response = await target.get(path)
            times[name].append(time.perf_counter() - start)
            cpu[name].append(server_cpu(pid) - used)
            response.raise_for_status()
            sizes[name] = len(response.content)

        alternative, option = await alternatives(client, stage.documents["geneva"])
        pair = await neighbours(client, stage.documents["geneva"])
        await get("kept", client, geneva)
        row = (await reference.post("/rows", json={"text": "x" * sizes["kept"]})).json()["id"]
        for name in PAGES:
            times[name].clear()
            cpu[name].clear()
        for number in range(plan.page_rounds):
            await change_position(client, alternative, number)
            await get("updated", client, geneva)
            await change_position(client, option, number)
            await get("option", client, geneva)
            await move_paragraph(chair, pair, number)
            await get("whole", client, geneva)
            for _ in range(2):
                await get("kept", client, geneva)
                await get("reference", reference, f"/rows/{row}")
            await get("geneva10", client, f"/documents/{stage.documents['geneva10']}")
    return times, sizes, cpu


async def alternatives(client: httpx.AsyncClient, document_id: int) -> tuple[int, int]:
    """The ids of a document's first alternative of a set and first option over whole paragraphs (a
    delegation's position on either is a change of the document)."""
    view = (await client.get(f"/api/v1/documents/{document_id}")).json()
    paragraphs = view["paragraphs"]
    alternative = next(
        run["alternatives"][0]["id"] for p in paragraphs for run in p["content"] if run["type"] == "bracket_set"
    )
    option = next(p["blocks"][0]["alternative_id"] for p in paragraphs if p.get("blocks"))
    return alternative, option


async def change_position(client: httpx.AsyncClient, alternative: int, number: int) -> None:
    """The client's delegation supports the alternative, or objects to it (by turns): a change, an event."""
    stance = ("supports", "objects")[number % 2]
    response = await client.put(f"/api/v1/alternatives/{alternative}/position", json={"stance": stance})
    response.raise_for_status()


async def neighbours(client: httpx.AsyncClient, document_id: int) -> tuple[int, int]:
    """The ids of a document's first two paragraphs (the chair moves the first past the second, and back)."""
    paragraphs = (await client.get(f"/api/v1/documents/{document_id}")).json()["paragraphs"]
    return paragraphs[0]["id"], paragraphs[1]["id"]


async def move_paragraph(chair: httpx.AsyncClient, pair: tuple[int, int], number: int) -> None:
    """The chair moves the first paragraph of `pair` after the second, or back before it (by turns): a change
    to the document's order."""
    first, second = pair
    body = {"after_id": second} if number % 2 == 0 else {"before_id": second}
    response = await chair.post(f"/api/v1/paragraphs/{first}/move", json=body)
    response.raise_for_status()


def _page(stage: Stage, plan: Plan) -> Result:
    result = Result()
    if "geneva10" not in stage.documents:
        result.figure(f"{stage.name}: the pages are measured on SQLite (and on PostgreSQL in the full run)")
        for target in _page_targets(stage.name):
            result.check(target, "—", None)
        return result
    times, sizes, cpu = asyncio.run(_pages(stage, plan))
    kept, updated, option, whole, ten, floor = (statistics.median(times[k]) for k in PAGES)
    result.figure(
        f"{stage.name}, Geneva's page ({sizes['kept'] / 1e6:.2f} MB of HTML), {len(times['kept'])} times as kept "
        f"(every reader after the first since a change): median {_ms(kept)}, p95 "
        f"{_ms(_percentile(times['kept'], 0.95))} | the reference answering a row of that size {_ms(floor)} "
        f"({kept / floor:.1f}×)"
    )
    result.figure(
        f"{stage.name}, Geneva's page, {len(times['updated'])} times updated (the first reader after a "
        f"delegation's position on a set): median {_ms(updated)}, p95 {_ms(_percentile(times['updated'], 0.95))}"
    )
    result.figure(
        f"{stage.name}, Geneva's page, {len(times['option'])} times updated after a delegation's position on an "
        f"option over whole paragraphs (its mark changes): median {_ms(option)}, p95 "
        f"{_ms(_percentile(times['option'], 0.95))}"
    )
    result.figure(
        f"{stage.name}, Geneva's page, {len(times['whole'])} times read whole (the first reader after the chair "
        f"moved a paragraph): median {_ms(whole)}, p95 {_ms(_percentile(times['whole'], 0.95))}"
    )
    cpu_kept, cpu_updated, cpu_option, cpu_whole, cpu_ten = (statistics.median(cpu[k]) for k in PAGES[:5])
    result.figure(
        f"{stage.name}, the server's CPU per page: Geneva kept {_ms(cpu_kept)}, updated {_ms(cpu_updated)} (after "
        f"a position on an option {_ms(cpu_option)}), read whole {_ms(cpu_whole)}; 10× {_ms(cpu_ten)}"
        + (f" ({cpu_ten / cpu_whole:.2f}×)" if cpu_whole else "")
    )
    result.figure(
        f"{stage.name}, 10× Geneva's page ({sizes['geneva10'] / 1e6:.2f} MB, {len(times['geneva10'])} times, "
        f"interleaved, read whole every time): median {_ms(ten)}, p95 {_ms(_percentile(times['geneva10'], 0.95))}: "
        f"{ten / whole:.2f}× Geneva's read whole"
    )
    kept_target, updated_target, growth_target = _page_targets(stage.name)
    result.check(kept_target, _ms(kept), kept < PAGE_TARGET)
    result.check(updated_target, _ms(updated), updated < PAGE_TARGET)
    result.check(growth_target, f"{ten / whole:.2f}×", ten / whole <= PAGE_GROWTH_TARGET)
    return result


# --- 5. import ----------------------------------------------------------------------------------------------


def import_(size: Size) -> Result:
    """Measurement 5 on every stage."""
    return _measured(size, "import", _import, _import_targets)


def _import_targets(stage: str) -> list[str]:
    return [
        f"{stage}: import of Geneva through the API under {IMPORT_TARGET} s",
        f"{stage}: revision import of Geneva under {REVISION_IMPORT_TARGET:g} s",
    ]


async def _imports(stage: Stage, plan: Plan, text: str, revised: str) -> dict[str, list[float]]:
    """Each round: Crochets imports the text as a new document, then its next version as Rev.1 of that document;
    the reference stores the text, then the next version, each as one row (the order turned each round)."""
    keys = ("crochets", "cpu", "revision", "revision cpu", "reference", "reference revision")
    times: dict[str, list[float]] = {key: [] for key in keys}
    headers = {"Authorization": f"Bearer {stage.secretariat}"}
    async with (
        httpx.AsyncClient(base_url=stage.crochets, headers=headers, limits=ONE_USE, timeout=300) as client,
        httpx.AsyncClient(base_url=stage.reference, limits=ONE_USE, timeout=300) as reference,
    ):

        async def timed(key: str, path: str, body: dict[str, str]) -> httpx.Response:
            start, used = time.perf_counter(), server_cpu(stage.pid)
            response = await client.post(path, json=body)
            times[key].append(time.perf_counter() - start)
            times["cpu" if key == "crochets" else f"{key} cpu"].append(server_cpu(stage.pid) - used)
            if response.status_code != 201:
                raise RuntimeError(f"{key} import: {response.status_code} {response.text[:300]}")
            return response

        async def crochets(number: int) -> None:
            body = {"title": f"Geneva, import {number}", "text": text, "language": "en"}
            document = (await timed("crochets", "/api/v1/documents", body)).json()["id"]
            await timed("revision", f"/api/v1/documents/{document}/revisions", {"text": revised, "note": "next"})

        async def rows(_number: int) -> None:
            times["reference"].append(await _insert(reference, text))
            times["reference revision"].append(await _insert(reference, revised))

        sides = [crochets, rows]
        for number in range(plan.import_rounds):
            for side in sides if number % 2 == 0 else sides[::-1]:
                await side(number)
    return times


def _import(stage: Stage, plan: Plan) -> Result:
    result = Result()
    revised = revise(stage.geneva, 0)
    times = asyncio.run(_imports(stage, plan, stage.geneva, revised))
    median, floor = statistics.median(times["crochets"]), statistics.median(times["reference"])
    result.figure(
        f"{stage.name}, import of Geneva ({len(stage.geneva.encode()) / 1e6:.2f} MB) through POST /api/v1/documents, "
        f"{plan.import_rounds} times: median {_ms(median)}, max {_ms(max(times['crochets']))} | the reference "
        f"storing the same text as one row {_ms(floor)} ({median / floor:.1f}×) | the server's CPU per import "
        f"{_ms(statistics.median(times['cpu']))}"
    )
    revision, revision_floor = statistics.median(times["revision"]), statistics.median(times["reference revision"])
    result.figure(
        f"{stage.name}, its next version (bench.generate.revise: every 50th word changed, sentences moved, dropped "
        f"and added) imported as Rev.1 through POST /api/v1/documents/{{id}}/revisions, {plan.import_rounds} times: "
        f"median {_ms(revision)}, max {_ms(max(times['revision']))} | the reference storing it as one row "
        f"{_ms(revision_floor)} ({revision / revision_floor:.1f}×) | the server's CPU per revision import "
        f"{_ms(statistics.median(times['revision cpu']))}"
    )
    import_target, revision_target = _import_targets(stage.name)
    result.check(import_target, _ms(median), median < IMPORT_TARGET)
    result.check(revision_target, _ms(revision), revision < REVISION_IMPORT_TARGET)
    return result


# --- 6. memory ----------------------------------------------------------------------------------------------


def memory(size: Size) -> Result:
    """Measurement 6: run whichever of 3–5 has not run on the stages, then read the server's peak memory."""
    run = _run_for(size)
    for key, work in (("amendments", _amendments), ("page", _page), ("import", _import)):
        _measured(size, key, work, lambda _stage: [])
    result = Result()
    stages = run.stages or []
    for stage in stages:
        resident, peak = _status_mb(stage.pid)
        result.figure(
            f"{stage.name}: the Crochets process after measurements 3–5: resident {resident:.0f} MB, "
            f"peak (VmHWM) {peak:.0f} MB"
        )
        result.check(f"{stage.name}: server RSS under {RSS_TARGET_MB} MB", f"peak {peak:.0f} MB", peak < RSS_TARGET_MB)
    for name, why in run.missing.items():
        result.figure(f"{name}: {why}")
        result.check(f"{name}: server RSS under {RSS_TARGET_MB} MB", "—", None)
    run.close()
    return result


def _status_mb(pid: int) -> tuple[float, float]:
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


# --- shared -------------------------------------------------------------------------------------------------


def _measured(
    size: Size, key: str, work: Callable[[Stage, Plan], Result], targets: Callable[[str], list[str]]
) -> Result:
    """One measurement on every stage of the run, once (a later call gives the same result)."""
    run = _run_for(size)
    plan = PLANS[size.name]
    stages = run.open()
    result = Result()
    for stage in stages:
        if key not in stage.results:
            stage.results[key] = work(stage, plan)
        result.figures += stage.results[key].figures
        result.checks += stage.results[key].checks
    for name, why in run.missing.items():
        result.figure(f"{name}: {why}")
        for target in targets(name):
            result.check(target, "—", None)
    return result


AMENDMENTS = Measurement(
    "amendments", "3. Amendments over HTTP vs a minimal one-row insert endpoint (SQLite, PostgreSQL)", amendments
)
PAGE = Measurement("page", "4. Document page over real HTTP, Geneva and 10×", page)
IMPORT = Measurement("import", "5. Import through the API", import_)
MEMORY = Measurement("memory", "6. Server RSS through all of the above", memory)
