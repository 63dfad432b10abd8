"""`crochets db upgrade` and `crochets db check`."""

from __future__ import annotations

import tempfile
from pathlib import Path

import typer

from app.commands.runtime import load_settings, open_database, prepare_data_dir


def register(cli: typer.Typer) -> None:
    """Add the `db` command group to the CLI."""
    db = typer.Typer(no_args_is_help=True, help="Database schema.")
    cli.add_typer(db, name="db")

    @db.command("upgrade")
    def upgrade() -> None:
        """Bring the database to the newest schema (a database written by a newer version is refused)."""
        from app import migrate

        settings = load_settings()
        if not settings.database_url:
            prepare_data_dir(settings.data_dir)
        engine = open_database(settings)
        heads = migrate.current_revisions(engine)
        engine.dispose()
        typer.echo(f"database at migration {', '.join(heads)} (newest)")

    @db.command("check")
    def check() -> None:
        """Fail when the models and the migrations disagree (checked on a scratch database)."""
        from app import migrate
        from app.db import build_engine

        with tempfile.TemporaryDirectory(prefix="crochets-check-") as scratch:
            engine = build_engine(f"sqlite:///{Path(scratch) / 'check.sqlite3'}")
            try:
                migrate.upgrade(engine)
                difference = migrate.drift(engine)
            finally:
                engine.dispose()
        if difference:
            typer.echo(f"crochets: the models and the migrations disagree: {difference}", err=True)
            raise typer.Exit(1)
        typer.echo("models and migrations agree")
