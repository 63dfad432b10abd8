"""`crochets serve` and `crochets demo`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from app.commands.runtime import ensure_port_free, fail, load_settings, open_database, prepare_data_dir

if TYPE_CHECKING:
    from app.config import Settings
    from app.services.demo import DemoSet

DEFAULT_DEMO_DIR = Path("demo-data")


def register(cli: typer.Typer) -> None:
    """Add `serve` and `demo` to the CLI."""

    @cli.command("serve")
    def serve(
        host: str | None = typer.Option(None, help="Address to listen on [default: CROCHETS_HOST or 127.0.0.1]."),
        port: int | None = typer.Option(None, help="Port to listen on [default: CROCHETS_PORT or 8000]."),
        workers: int = typer.Option(1, help="Server processes; more than one needs PostgreSQL."),
    ) -> None:
        """Upgrade the database to the newest schema and serve Crochets."""
        settings = load_settings(host=host, port=port)
        _check_workers(settings, workers)
        _start(settings, workers)

    @cli.command("demo")
    def demo(
        port: int | None = typer.Option(None, help="Port to listen on [default: 8000]."),
        data_dir: Path = typer.Option(DEFAULT_DEMO_DIR, help="Demo data directory, created once and reused."),
        no_serve: bool = typer.Option(False, "--no-serve", help="Prepare the demo data and exit."),
    ) -> None:
        """Serve a demo: a draft resolution, demo delegations and their printed logins (SQLite)."""
        settings = load_settings(port=port, data_dir=data_dir, database_url="")
        prepare_data_dir(settings.data_dir)
        from sqlmodel import Session

        from app.services import demo as demo_service

        engine = open_database(settings)
        with Session(engine) as session:
            demo_set = demo_service.ensure_demo(session=session)
        engine.dispose()
        _print_demo(settings, demo_set)
        if not no_serve:
            _start(settings)


def _check_workers(settings: Settings, workers: int) -> None:
    if workers < 1:
        fail(f"--workers {workers} is not a number of processes; use 1 or more")
    if workers > 1 and settings.resolved_database_url().startswith("sqlite"):
        # SQLite's writers queue behind a lock in their process, and its live changes reach that process only.
        fail(
            f"--workers {workers} needs PostgreSQL: on SQLite one process serves; "
            "set CROCHETS_DATABASE_URL=postgresql+psycopg://user:password@host/db or leave out --workers"
        )


def _start(settings: Settings, workers: int = 1) -> None:
    import uvicorn

    from app.main import create_app

    prepare_data_dir(settings.data_dir)
    engine = open_database(settings)
    engine.dispose()
    ensure_port_free(settings.host, settings.port)
    settings.resolved_secret_key()  # made once here, not by several workers at once
    if workers == 1:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
        return
    # Each worker process builds its own application, from the same CROCHETS_* environment.
    uvicorn.run(
        "app.main:create_app", factory=True, workers=workers, host=settings.host, port=settings.port, log_level="info"
    )


def _print_demo(settings: Settings, demo_set: DemoSet) -> None:
    state = "created" if demo_set.created else "reused"
    typer.echo(f"Crochets demo ({state} in {settings.data_dir.resolve()})")
    typer.echo(f"Open http://{settings.host}:{settings.port}/ and sign in with one of these demo logins:")
    for login in demo_set.logins:
        typer.echo(f"  {login.username:<12} password {login.password:<18} {login.role:<12} {login.delegation}")
