"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_bytes_atomically", "write_text_atomically"]


def _mode_for(target: Path) -> int:
    """The permissions the file should have: its old ones, or the usual for a new file."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` to `path` in one step: the old file stays whole until the new one is.

    The text goes to a temporary file beside `path`, which then replaces it.
    After an error the old file (or no file) is left, never a partial one.

    Raises:
        OSError: The folder cannot be written to.
        UnicodeEncodeError: The text cannot be written as UTF-8.
    """
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` in one step (see `write_text_atomically`).

    Raises:
        OSError: The folder cannot be written to.
    """
    target = Path(path)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        os.chmod(temporary, _mode_for(target))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
