"""Writing files so that a reader never sees half of one, and only ever a regular file.

A file is written beside its target and then moved over it, so the old file
stays whole until the new one is. Only a regular file is replaced: a symbolic
link is followed to the file it points to (the link stays), and a directory,
a device, a FIFO or a socket is refused before anything is written.
"""

from __future__ import annotations

import errno
import os
import stat
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
        OSError: The folder cannot be written to, or `path` is something other
            than a regular file (a link to one is followed).
        UnicodeEncodeError: The text cannot be written as UTF-8.
    """
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` in one step (see `write_text_atomically`).

    Raises:
        OSError: The folder cannot be written to, or `path` is something other
            than a regular file (a link to one is followed).
    """
    target = _regular_target(Path(path))
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


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
)


def _regular_target(target: Path) -> Path:
    """Return the file to replace for `target`: itself, or what its links lead to.

    Raises:
        OSError: It is (or leads to) something other than a regular file.
    """
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        return real
    for test, kind in _KINDS:
        if test(mode):
            raise OSError(
                errno.EINVAL,
                f"it is {kind}, not a regular file; only a regular file is replaced "
                "(give - for standard output)",
                str(target),
            )
    return real
