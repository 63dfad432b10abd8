"""Typed read models: what the service reads, as the API returns it and the templates show it.

Each model is frozen; the same model is a route's `response_model` and a template's context, so `/openapi.json`
documents every answer. The JSON shape is the one the API has always had.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ReadModel(BaseModel):
    """The base of every read model: immutable, filled by keyword, serialised by alias (`from`, `to`)."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, serialize_by_alias=True)
