"""Crochets: a bracketed-text negotiation editor."""
