"""Security headers on every response, the Content-Security-Policy first.

Scripts run only from this site and from the pinned htmx URLs (each also checked against its SRI hash by the
page); no inline script, no eval. The API documentation at /docs alone may also load the pinned Swagger UI.
Inline styles stay allowed: a few templates and the server-drawn SVG chart carry them, and CSS cannot run code.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import Settings

DOCS_PATH = "/docs"


def external(*urls: str) -> list[str]:
    """The absolute http(s) URLs among these (a relative URL is this site's, which 'self' covers)."""
    return [url for url in urls if urlsplit(url).scheme in ("http", "https")]


def content_security_policy(*, scripts: list[str], styles: list[str]) -> str:
    """The policy: this site, plus the given script and style URLs; nothing may frame the pages."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *scripts],
        "style-src": ["'self'", "'unsafe-inline'", *styles],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def policies(settings: Settings) -> tuple[str, str]:
    """The policy of every page, and the one of /docs (which adds the pinned Swagger UI files)."""
    htmx = external(settings.htmx_url, settings.htmx_sse_url)
    pages = content_security_policy(scripts=htmx, styles=[])
    docs = content_security_policy(
        scripts=[*htmx, *external(settings.swagger_js_url)], styles=external(settings.swagger_css_url)
    )
    return pages, docs


class HeaderSet:
    """The security headers, chosen per path."""

    def __init__(self, settings: Settings) -> None:
        self.pages, self.docs = policies(settings)
        self.strict_transport = settings.secure_cookies  # served over TLS: browsers may insist on it

    def for_path(self, path: str) -> dict[str, str]:
        """The headers a response to this path carries."""
        headers = {
            "Content-Security-Policy": self.docs if path == DOCS_PATH else self.pages,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
            "X-Frame-Options": "DENY",
            "Cross-Origin-Opener-Policy": "same-origin",
        }
        if self.strict_transport:
            headers["Strict-Transport-Security"] = "max-age=31536000"
        return headers


class SecurityHeaders:
    """Add the security headers to every HTTP response, errors and static files included."""

    def __init__(self, app: ASGIApp, header_set: HeaderSet) -> None:
        self.app = app
        self.header_set = header_set

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chosen = self.header_set.for_path(str(scope.get("path", "")))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(chosen)
            await send(message)

        await self.app(scope, receive, send_with_headers)
