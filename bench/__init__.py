"""Benchmarks of issue 15, run as `python -m bench [--quick]` (see bench/__main__.py and docs/benchmarks.md)."""
