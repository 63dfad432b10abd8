"""The `crochets` command."""

from __future__ import annotations

import typer

from app.commands import parse as parse_command

cli = typer.Typer(no_args_is_help=True, add_completion=False, help="Crochets: bracketed-text negotiations.")
parse_command.register(cli)


def main() -> None:
    """Entry point of the console script."""
    cli()
