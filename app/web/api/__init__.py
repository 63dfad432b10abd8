"""The JSON API under /api/v1: every answer a typed read model, documented in /openapi.json."""
