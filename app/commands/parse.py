"""`crochets parse`: summarise, render or check a bracketed text."""

from __future__ import annotations

import typer


def register(cli: typer.Typer) -> None:
    """Add the `parse` command to the CLI."""

    @cli.command("parse")
    def parse(file: str = typer.Argument(..., help="A UTF-8 text file, or - for standard input.")) -> None:
        """Parse a bracketed text and print a summary."""
        raise typer.Exit(0)
