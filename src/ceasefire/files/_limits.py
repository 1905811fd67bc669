"""Limits on what the library reads and reports: what a file is, its size and nesting, problems."""

from __future__ import annotations

import os
import stat

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_PROBLEMS", "read_at_most", "refused_kind"]

MAX_BYTES = 10 * 1024 * 1024
"""The largest scenario file read by default (10 MiB); raise it with ``max_bytes=``."""

MAX_DEPTH = 64
"""How deeply a scenario file may nest mappings and lists (real files need fewer than 10)."""


def refused_kind(path: str | os.PathLike[str]) -> str | None:
    """Say why the thing at `path` is not read as a file, or return ``None`` if it may be.

    Regular files are read, and so are pipes (``/dev/stdin``, ``<(command)``),
    with the same size limit. A folder, a device (``/dev/zero`` never ends) or
    a socket is refused. A path that does not exist is left to the reader,
    which says so.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode) or stat.S_ISFIFO(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    return "is not a file (a socket or the like)"


def read_at_most(path: str | os.PathLike[str], max_bytes: int) -> bytes | None:
    """Return the bytes of the file at `path`, or ``None`` if it holds more than `max_bytes`.

    A regular file larger than the limit is refused from its size, unread; a
    pipe is read up to one byte past the limit, never further.

    Raises:
        OSError: The file cannot be read.
    """
    with open(path, "rb") as stream:
        info = os.fstat(stream.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            return None
        data = stream.read(max_bytes + 1)
    return None if len(data) > max_bytes else data


MAX_PROBLEMS = 100
"""How many problems of one file are kept and shown by default; all are counted."""
