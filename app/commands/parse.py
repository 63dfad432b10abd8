"""`crochets parse`: summarise, render or check a bracketed text.

Files ending in `.md` or `.markdown` are read with Markdown syntax (links and reference definitions are not
brackets); `--markdown` (or `--format markdown`) forces it, for standard input too. Word files (`.docx`, or
`--format docx`) are read as the import reads them, so that the counts are the import's. Exit status: 0 on
success, 1 with `--strict` when there are warnings, 2 when the input cannot be read or is not UTF-8.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from app.domain import (
    Document,
    DocumentStats,
    EncodingError,
    decode_utf8,
    parse,
    render,
    render_inlines,
    statistics,
)
from app.domain.tree import Syntax

_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_EXCERPT_LENGTH = 60
_FORMATS = ("text", "markdown", "docx")


def register(cli: typer.Typer) -> None:
    """Add the `parse` command to the CLI."""

    @cli.command("parse")
    def parse_command(
        file: str = typer.Argument(..., help="A UTF-8 text file, or - for standard input."),
        json_output: bool = typer.Option(False, "--json", help="Print one JSON object with the counts."),
        render_output: bool = typer.Option(
            False, "--render", help="Write the text rendered back from the tree, byte for byte."
        ),
        strict: bool = typer.Option(False, "--strict", help="Exit with status 1 when there are warnings."),
        markdown: bool = typer.Option(
            False, "--markdown", help="Read Markdown syntax (automatic for .md and .markdown files)."
        ),
        format: str = typer.Option("", "--format", help="text, markdown or docx (default: from the file name)."),
    ) -> None:
        """Parse a bracketed text and print a summary of its paragraphs, bracket sets and warnings."""
        if json_output and render_output:
            _fail("--json and --render cannot be used together")
        name = "standard input" if file == "-" else file
        kind = _format(file, "markdown" if markdown else format)
        text = _read_word(file, name) if kind == "docx" else _read(file, name)
        syntax: Syntax = "markdown" if kind == "markdown" else "plain"
        doc = parse(text, syntax=syntax)
        stats = statistics(doc)
        if render_output:
            sys.stdout.buffer.write(render(doc).encode("utf-8"))
            sys.stdout.buffer.flush()
            if strict:
                for warning in doc.warnings:
                    typer.echo(f"{name}:{warning.line}:{warning.column}: {warning.message}", err=True)
        elif json_output:
            typer.echo(json.dumps(stats.to_json_dict(), ensure_ascii=False))
        else:
            typer.echo(_summary(name, syntax, doc, stats))
        if strict and doc.warnings:
            raise typer.Exit(1)


def _format(file: str, given: str) -> str:
    """The input's format: the one given, else from the file name (as the import decides it)."""
    if given and given not in _FORMATS:
        _fail(f"--format {given!r} is not one of {', '.join(_FORMATS)}")
    suffix = Path(file).suffix.lower()
    return given or ("markdown" if suffix in _MARKDOWN_SUFFIXES else "docx" if suffix == ".docx" else "text")


def _read_word(file: str, name: str) -> str:
    """The text of a Word file, as the import reads it (its errors end with exit status 2)."""
    from app.services.documents import docx_import
    from app.services.errors import ServiceError

    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        return docx_import.read(data).text
    except OSError as error:
        _fail(f"cannot read {name}: {error.strerror or error}")
    except ServiceError as error:
        _fail(f"{name}: {error}")
    raise AssertionError("unreachable")


def _fail(message: str) -> None:
    typer.echo(f"crochets: {message}", err=True)
    raise typer.Exit(2)


def _read(file: str, name: str) -> str:
    """Read and decode the input, turning every failure into a one-line error and exit status 2."""
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as error:
        _fail(f"cannot read {name}: {error.strerror or error}")
    try:
        return decode_utf8(data)
    except EncodingError as error:
        _fail(f"{name} is not UTF-8: {error}")
    raise AssertionError("unreachable")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _summary(name: str, syntax: Syntax, doc: Document, stats: DocumentStats) -> str:
    """A readable report: totals, one line per paragraph, then the warnings."""
    lines = [
        f"{name} ({syntax} text)",
        ", ".join(
            (
                _plural(stats.paragraphs, "paragraph"),
                _plural(stats.bracket_sets, "bracket set"),
                _plural(stats.alternatives, "alternative"),
                f"max depth {stats.max_depth}",
                _plural(stats.placeholders, "placeholder"),
                _plural(stats.footnotes, "footnote"),
                _plural(len(stats.warnings), "warning"),
            )
        ),
        "",
        f"{'#':>5} {'line':>6}  {'label':<10} {'kind':<10} {'sets':>4} {'alts':>4} {'depth':>5}  text",
    ]
    for detail, paragraph in zip(stats.paragraph_details, doc.paragraphs, strict=True):
        excerpt = " ".join(render_inlines(paragraph.content).split())
        if len(excerpt) > _EXCERPT_LENGTH:
            excerpt = excerpt[: _EXCERPT_LENGTH - 1] + "…"
        lines.append(
            f"{detail.index:>5} {detail.line:>6}  {detail.label or '-':<10} {detail.kind:<10} "
            f"{detail.bracket_sets:>4} {detail.alternatives:>4} {detail.max_depth:>5}  {excerpt}"
        )
    if stats.warnings:
        lines += ["", "Warnings"]
        lines += [f"  {w.line}:{w.column}  {w.kind:<8}  {w.message}" for w in stats.warnings]
    return "\n".join(lines)
