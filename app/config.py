"""Configuration: one settings class read from `CROCHETS_*` environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

HTMX_CDN_URL = "https://cdn.jsdelivr.net/npm/htmx.org@2.0.11/dist/htmx.min.js"
HTMX_SRI = "sha384-2OatzQy1H+Zd/IIrjr1TcuDGqLXeHhbooAyJY1KdQMKnr4LZ22k31GBLdYKHmVjg"
HTMX_SSE_CDN_URL = "https://cdn.jsdelivr.net/npm/htmx-ext-sse@2.2.4/dist/sse.min.js"
HTMX_SSE_SRI = "sha384-A986SAtodyH8eg8x8irJnYUk7i9inVQqYigD6qZ9evobksGNIXfeFvDwLSHcp31N"

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
