"""Limits on what the library reads and reports: a file's size and nesting, problems shown."""

from __future__ import annotations

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_PROBLEMS"]

MAX_BYTES = 10 * 1024 * 1024
"""The largest scenario file read by default (10 MiB); raise it with ``max_bytes=``."""

MAX_DEPTH = 64
"""How deeply a scenario file may nest mappings and lists (real files need fewer than 10)."""

MAX_PROBLEMS = 100
"""How many problems of one file are kept and shown by default; all are counted."""
