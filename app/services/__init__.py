"""Use cases: one keyword-only function each, committing once; errors are typed and know nothing of HTTP."""
