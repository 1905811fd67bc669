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
    with pytest.raises(UnicodeEncodeError):
        write_text_atomically(target, "bad \ud800 surrogate")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_missing_folder_is_an_os_error(tmp_path: Path) -> None:
    """Nothing is created when the folder does not exist."""
    with pytest.raises(FileNotFoundError):
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
