"""The `crochets` command."""

from __future__ import annotations

import typer

from app.commands import admin, database, documents, parse, revise, serve

cli = typer.Typer(no_args_is_help=True, add_completion=False, help="Crochets: bracketed-text negotiations.")
serve.register(cli)
database.register(cli)
parse.register(cli)
admin.register(cli)
documents.register(cli)
revise.register(cli)


def main() -> None:
    """Entry point of the console script."""
    cli()


if __name__ == "__main__":
    main()
