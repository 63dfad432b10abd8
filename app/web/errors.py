"""Typed service errors mapped to HTTP once: JSON for the API, an error fragment for htmx, a page otherwise."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from app.services.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    ServiceError,
    TooLarge,
    TooManyRequests,
    Unauthenticated,
)
from app.web.templating import is_htmx

STATUS_BY_ERROR: dict[type[ServiceError], int] = {
    NotFound: 404,
    Forbidden: 403,
    Conflict: 409,
    Invalid: 422,
    TooLarge: 413,
    Unauthenticated: 401,
    TooManyRequests: 429,
}
CODE_BY_STATUS = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
    500: "internal_error",
}
OUT_OF_RANGE = "a number in the request is out of range: ids, versions and revision numbers are below 2^63"
log = logging.getLogger("crochets.web")


def status_of(error: ServiceError) -> int:
    """The HTTP status of a service error (the most specific class wins)."""
    for cls in type(error).__mro__:
        if cls in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[cls]
    return 400


def error_response(
    request: Request, status: int, code: str, detail: str, extra: dict[str, object] | None = None
) -> Response:
    """One error, shaped for whoever asked: JSON for the API and scripts, HTML for people."""
    headers: dict[str, str] = {}
    if _wants_html(request):
        templates: Jinja2Templates = request.app.state.templates
        name = "partials/error.html" if is_htmx(request) else "pages/error.html"
        context = {"status": status, "code": code, "detail": detail, "extra": extra or {}}
        response: Response = templates.TemplateResponse(request, name, context, status_code=status, headers=headers)
        if is_htmx(request):
            # htmx does not swap 4xx responses by default; retarget the error where the page shows errors.
            response.headers["HX-Retarget"] = "#errors"
            response.headers["HX-Reswap"] = "innerHTML"
        return response
    body: dict[str, object] = {"error": code, "detail": detail}
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers)


def _to_login(request: Request) -> Response:
    """People who are not signed in are sent to the login page, and back here afterwards."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if is_htmx(request):
        back = request.headers.get("HX-Current-URL", "/")
        return Response(status_code=204, headers={"HX-Redirect": f"/login?next={quote(_local(back))}"})
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


def _local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api/"):
        return False
    return is_htmx(request) or "text/html" in request.headers.get("accept", "")


def install(app: FastAPI) -> None:
    """Register the handlers that turn errors into responses."""

    @app.exception_handler(ServiceError)
    async def handle_service_error(request: Request, error: ServiceError) -> Response:
        status = status_of(error)
        if status == 401 and _wants_html(request):
            return _to_login(request)
        response = error_response(request, status, error.code, error.detail, error.extra)
        if isinstance(error, TooManyRequests):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.exception_handler(RequestValidationError)
    async def handle_validation_error(request: Request, error: RequestValidationError) -> Response:
        problems = [_describe(problem) for problem in error.errors()]
        detail = "; ".join(problems) or "the request is malformed"
        return error_response(request, 422, "invalid", detail)

    @app.exception_handler(StarletteHTTPException)
    async def handle_http_error(request: Request, error: StarletteHTTPException) -> Response:
        unreadable = _unreadable_body(error)
        if unreadable is not None:
            return error_response(request, 422, "invalid", unreadable)
        code = CODE_BY_STATUS.get(error.status_code, "error")
        response = error_response(request, error.status_code, code, _plain(request, error))
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(OverflowError)
    async def handle_overflow(request: Request, _error: OverflowError) -> Response:
        # SQLite cannot bind an integer of 2^63 or more: a number from the request that no row can hold.
        return error_response(request, 422, "invalid", OUT_OF_RANGE)

    @app.exception_handler(DataError)
    async def handle_data_error(request: Request, _error: DataError) -> Response:
        # PostgreSQL's answer to the same (numeric value out of range): still the request's fault.
        return error_response(request, 422, "invalid", OUT_OF_RANGE)

    @app.exception_handler(Exception)
    async def handle_unexpected(request: Request, error: Exception) -> Response:
        # Runs outside every middleware (Starlette's ServerErrorMiddleware), so it adds the security headers itself.
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
        detail = "something went wrong on the server; the change, if any, was not saved"
        response = error_response(request, 500, "internal_error", detail)
        response.headers.update(request.app.state.security_headers.for_path(request.url.path))
        return response


def _plain(request: Request, error: StarletteHTTPException) -> str:
    """Starlette's bare "Not Found" and "Method Not Allowed", said with what was asked."""
    if error.status_code == 404 and error.detail == "Not Found":
        return f"there is nothing at {request.url.path}"
    if error.status_code == 405 and error.detail == "Method Not Allowed":
        allowed = (error.headers or {}).get("Allow", "")
        return f"{request.method} is not allowed on {request.url.path}" + (f"; use {allowed}" if allowed else "")
    return str(error.detail)


def _unreadable_body(error: StarletteHTTPException) -> str | None:
    """What made a JSON body unreadable where FastAPI only says 400 "There was an error parsing the body"."""
    cause = error.__cause__
    if isinstance(cause, RecursionError):
        return "body: the JSON nests too deeply to be read (deeper than any Crochets data nests)"
    if isinstance(cause, UnicodeDecodeError):
        return f"body: not UTF-8 (byte 0x{cause.object[cause.start]:02X} at byte offset {cause.start})"
    return None


def _describe(problem: Any) -> str:
    location = ".".join(str(part) for part in problem.get("loc", ()) if part != "body")
    message = str(problem.get("msg", "is invalid"))
    if problem.get("type") == "json_invalid":
        return f"the body is not valid JSON ({problem.get('ctx', {}).get('error', message)})"
    return f"{location or 'body'}: {message}" if location else message
