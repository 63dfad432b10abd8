"""Jinja2 templates and the one helper that answers htmx with a partial and browsers with the full page."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib.resources import files
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response, StreamingResponse

from app.config import Settings
from app.web.runs_html import runs_html

STREAM_PIECE = 64 * 1024  # characters of HTML per piece of a streamed page


def build_templates(settings: Settings) -> Jinja2Templates:
    """The template environment, with the htmx settings every page needs."""
    templates = Jinja2Templates(directory=Path(str(files("app.templates"))))
    templates.env.globals["settings"] = settings
    templates.env.globals["runs_html"] = runs_html  # a paragraph's content: Python, not a macro call per run
    # The package's templates do not change while it serves: not asking the file system whether each included
    # template changed saves a document page thousands of `stat` calls (issue 15).
    templates.env.auto_reload = False
    return templates


def is_htmx(request: Request) -> bool:
    """True for an htmx request that wants a fragment (not a history restore, which needs the whole page)."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def render(
    request: Request,
    page: str,
    partial: str,
    context: Mapping[str, object],
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """Render the partial for htmx requests and the full page otherwise; caches are told it varies."""
    templates: Jinja2Templates = request.app.state.templates
    name = partial if is_htmx(request) else page
    response = templates.TemplateResponse(request, name, dict(context), status_code=status_code, headers=headers)
    response.headers["Vary"] = "HX-Request"
    return response


def render_streamed(
    request: Request, page: str, partial: str, context: Mapping[str, object], *, status_code: int = 200
) -> Response:
    """As `render`, but the HTML goes out in pieces of about 64 KB as the template writes them, so a long
    document's page never exists as one string (ten times Geneva: 28 MB of HTML, and Jinja's list of its
    million small strings). The caller reads everything that can fail before; the first piece is written before
    the response starts, so a template that fails early still answers an error page, not half a 200."""
    templates: Jinja2Templates = request.app.state.templates
    name = partial if is_htmx(request) else page
    values = dict(context)
    values.setdefault("request", request)
    for processor in templates.context_processors:
        values.update(processor(request))
    csrf_token = templates.env.globals.get("csrf_token")
    if callable(csrf_token):
        csrf_token(request)  # a new visitor's token goes into the session cookie, which leaves with the headers
    pieces = _pieces(templates.get_template(name).generate(values))
    first = next(pieces, b"")
    response = StreamingResponse(_after(first, pieces), status_code=status_code, media_type="text/html")
    response.headers["Vary"] = "HX-Request"
    return response


def _pieces(strings: Iterator[str]) -> Iterator[bytes]:
    """Jinja's output (many small strings) joined into pieces of about STREAM_PIECE characters, UTF-8."""
    buffer: list[str] = []
    size = 0
    for string in strings:
        buffer.append(string)
        size += len(string)
        if size >= STREAM_PIECE:
            yield "".join(buffer).encode()
            buffer.clear()
            size = 0
    if buffer:
        yield "".join(buffer).encode()


def _after(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest
