"""Benchmarks of ceasefire: ``python -m benchmarks.bulk``, ``.scaling`` and ``.loading``."""
