"""The seed negotiation's cast and document, as the page tests have them."""

from tests.web.conftest import cast, document_id, settings

__all__ = ["cast", "document_id", "settings"]
