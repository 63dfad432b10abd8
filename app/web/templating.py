"""Jinja2 templates and the one helper that answers htmx with a partial and browsers with the full page."""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from app.config import Settings
from app.web.runs_html import runs_html, shown


def build_templates(settings: Settings) -> Jinja2Templates:
    """The template environment, with the htmx settings every page needs."""
    templates = Jinja2Templates(directory=Path(str(files("app.templates"))))
    templates.env.globals["settings"] = settings
    templates.env.globals["runs_html"] = runs_html  # a paragraph's content: Python, not a macro call per run
    templates.env.filters["shown"] = shown  # other words of the text (the table of contents)
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
