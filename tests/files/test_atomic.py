"""Atomic file writes."""

import os
from pathlib import Path

import pytest

from ceasefire.files._atomic import write_text_atomically


def test_the_text_is_written_whole(tmp_path: Path) -> None:
    """The file holds exactly the text, and no temporary file is left."""
    target = tmp_path / "report.html"
    write_text_atomically(target, "<p>é</p>\n")
    assert target.read_text(encoding="utf-8") == "<p>é</p>\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path) -> None:
    """Text that cannot be encoded leaves the previous file as it was."""
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError, match="surrogates not allowed"):
        write_text_atomically(target, "bad \ud800 surrogate")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_missing_folder_is_an_os_error(tmp_path: Path) -> None:
    """Nothing is created when the folder does not exist."""
    with pytest.raises(FileNotFoundError, match="No such file or directory"):
        write_text_atomically(tmp_path / "nowhere" / "x.txt", "x")


def test_a_new_file_gets_the_usual_permissions_and_an_old_one_keeps_its_own(
    tmp_path: Path,
) -> None:
    """Not the private mode of a temporary file."""
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "new.txt"
        write_text_atomically(fresh, "x")
        assert fresh.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.txt"
        kept.write_text("old", encoding="utf-8")
        kept.chmod(0o600)
        write_text_atomically(kept, "new")
        assert kept.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(umask)


def test_a_fifo_or_a_directory_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    """Only a regular file is replaced: a FIFO stays a FIFO, a folder a folder."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    for target, kind in ((fifo, "a FIFO"), (folder, "a directory")):
        with pytest.raises(OSError, match=f"it is {kind}, not a regular file") as caught:
            write_text_atomically(target, "x\n")
        assert caught.value.filename == str(target)
    assert fifo.is_fifo()
    assert folder.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "pipe"]


def test_a_device_is_refused() -> None:
    """/dev/null is a character device: it is never replaced by a file."""
    with pytest.raises(OSError, match="it is a character device"):
        write_text_atomically("/dev/null", "x\n")
    assert Path("/dev/null").is_char_device()


def test_a_link_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    """The file a link points to is replaced; the link itself is left."""
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_text_atomically(link, "new\n")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new\n"


def test_a_link_to_a_fifo_is_refused(tmp_path: Path) -> None:
    """Following a link leads to the same check."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    with pytest.raises(OSError, match="it is a FIFO"):
        write_text_atomically(link, "x\n")
    assert link.is_symlink()
    assert fifo.is_fifo()
