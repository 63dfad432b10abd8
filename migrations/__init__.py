"""Alembic migrations; installed as the package `app.migrations`."""
