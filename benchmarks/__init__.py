"""Benchmarks of ceasefire: ``python -m benchmarks.bulk``, ``python -m benchmarks.scaling``."""
