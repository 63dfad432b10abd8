"""Configuration: one settings class read from `CROCHETS_*` environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

HTMX_CDN_URL = "https://cdn.jsdelivr.net/npm/htmx.org@2.0.11/dist/htmx.min.js"
HTMX_SRI = "sha384-2OatzQy1H+Zd/IIrjr1TcuDGqLXeHhbooAyJY1KdQMKnr4LZ22k31GBLdYKHmVjg"
HTMX_SSE_CDN_URL = "https://cdn.jsdelivr.net/npm/htmx-ext-sse@2.2.4/dist/sse.min.js"
HTMX_SSE_SRI = "sha384-A986SAtodyH8eg8x8irJnYUk7i9inVQqYigD6qZ9evobksGNIXfeFvDwLSHcp31N"
# Swagger UI for /docs, pinned with SRI hashes computed from the npm package swagger-ui-dist 5.35.0.
SWAGGER_JS_CDN_URL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/swagger-ui-bundle.js"
SWAGGER_JS_SRI = "sha384-gjRm0bEPMeTmMh5jT2cHccIwCUZSTd8YC+j0d0sXw0MdGEfScduGpSyF3ZSSLkX9"
SWAGGER_CSS_CDN_URL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/swagger-ui.css"
SWAGGER_CSS_SRI = "sha384-WlYgdmXYOOBWL5apwjDEZwN+U3HmXSSu5R6V5aGxEcf7z+KuRNwBhoxKVN1i3D5I"

SECRET_KEY_FILE = "secret_key"


class Settings(BaseSettings):
    """Everything an operator can set; each field is `CROCHETS_<NAME>` in the environment."""

    model_config = SettingsConfigDict(env_prefix="CROCHETS_", extra="ignore")

    data_dir: Path = Field(default=Path("./data"), description="Folder for the SQLite file and the secret key.")
    database_url: str = Field(default="", description="SQLAlchemy URL; empty means SQLite in the data dir.")
    secret_key: str = Field(default="", description="Signs sessions; generated once into the data dir if empty.")
    htmx_url: str = HTMX_CDN_URL
    htmx_integrity: str = HTMX_SRI
    htmx_sse_url: str = HTMX_SSE_CDN_URL
    htmx_sse_integrity: str = HTMX_SSE_SRI
    vendor_dir: Path | None = Field(default=None, description="Served at /static/vendor (self-hosted htmx).")
    host: str = "127.0.0.1"
    port: int = 8000
    secure_cookies: bool = Field(default=False, description="Mark the session cookie Secure (serve over TLS).")
    swagger_js_url: str = SWAGGER_JS_CDN_URL
    swagger_js_integrity: str = SWAGGER_JS_SRI
    swagger_css_url: str = SWAGGER_CSS_CDN_URL
    swagger_css_integrity: str = SWAGGER_CSS_SRI
    # A plenary sitting lasts about three hours; a delegate reading the text without clicking must not be cut off.
    session_idle_minutes: int = Field(default=180, ge=1, le=7 * 24 * 60, description="Idle time that ends a session.")
    session_max_hours: int = Field(default=12, ge=1, le=30 * 24, description="A session's longest life.")
    # Rendered document pages kept for the next reader (app.web.page_cache); 0 keeps none.
    page_cache_mb: int = Field(default=48, ge=0, le=4096, description="Memory for rendered document pages, in MB.")
    public_documents: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), description="Ids of documents anyone may read without signing in, e.g. 1,3."
    )

    @field_validator("public_documents", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        """`1,3` or `1 3` in the environment; a set or list from code."""
        if not isinstance(value, str):
            return value
        parts = value.replace(",", " ").split()
        wrong = [part for part in parts if not part.isascii() or not part.isdigit()]
        if wrong:
            raise ValueError(f"{wrong[0]!r} is not a document id; list ids separated by commas, e.g. 1,3")
        return frozenset(int(part) for part in parts)

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file inside the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'crochets.sqlite3').resolve()}"

    def resolved_secret_key(self) -> str:
        """The configured secret key, or the one generated once and kept in the data directory."""
        if self.secret_key:
            return self.secret_key
        return ensure_secret_key(self.data_dir)


def ensure_secret_key(data_dir: Path) -> str:
    """Read the data directory's secret key, creating it (mode 0600) on first use."""
    path = data_dir / SECRET_KEY_FILE
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: two processes starting at once must not overwrite each other's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key
