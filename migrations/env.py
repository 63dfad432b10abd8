"""Alembic environment: the URL comes from the caller's config, else from the app's settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import app.models
from app.config import Settings
from app.db import build_engine

config = context.config
target_metadata = app.models.SQLModel.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_migrations_online() -> None:
    """Run migrations on the connection handed over by app.migrate, or on a new one."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url") or Settings().resolved_database_url()
    engine = build_engine(url)
    try:
        with engine.connect() as new_connection:
            _configure(new_connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Crochets migrations run online only: use `crochets db upgrade`.")
run_migrations_online()
