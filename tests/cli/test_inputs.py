"""What the commands read: files and pipes, never folders or devices, and never without limit."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import pytest
from commandline import EVENTS, run

from ceasefire import ErrorCode, ScenarioError, load_scenario
from ceasefire.files.eventlog import replay_log


@pytest.fixture
def fifo(tmp_path: Path) -> str:
    """A named pipe, for a writer thread to write into."""
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return str(path)


def _write_into(path: str, data: bytes) -> threading.Thread:
    def write() -> None:
        # open blocks until the reader opens the pipe; the reader may stop at its limit
        with contextlib.suppress(BrokenPipeError), open(path, "wb") as stream:
            stream.write(data)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def test_a_folder_is_refused_as_a_folder_not_as_a_missing_file(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert (result.code, result.err) == (2, f"ceasefire: {tmp_path} is a folder, not a file\n")
    with pytest.raises(ScenarioError, match=r"cannot read: it is a folder, not a file") as caught:
        load_scenario(tmp_path)
    assert caught.value.code is ErrorCode.UNREADABLE


@pytest.mark.parametrize("command", ["validate", "replay", "status", "report"])
def test_a_device_is_refused_before_it_is_read(command: str) -> None:
    """``/dev/zero`` never ends; it is refused from what it is, not read until memory runs out."""
    result = run(command, "/dev/zero")
    assert (result.code, result.err) == (2, "ceasefire: /dev/zero is a device, not a file\n")


def test_the_python_readers_refuse_a_device_too() -> None:
    with pytest.raises(ScenarioError, match=r"cannot read: it is a device, not a file"):
        load_scenario("/dev/zero")
    log = replay_log("/dev/zero")
    assert [(p.code, p.message) for p in log.problems] == [
        (ErrorCode.UNREADABLE, "cannot read: it is a device, not a file")
    ]


def test_a_pipe_is_read_like_a_file(fifo: str) -> None:
    path = fifo
    writer = _write_into(path, EVENTS.encode())
    result = run("validate", path)
    writer.join(5)
    assert (result.code, result.out) == (0, f"{path}: ok\n"), result.err


def test_a_pipe_is_read_no_further_than_the_size_limit(fifo: str) -> None:
    """A pipe has no size to check first: it is read one byte past the limit, then refused."""
    path = fifo
    writer = _write_into(path, b"scenario: big\ndescription: " + b"x" * (2 * 2**20))
    result = run("validate", "--max-size", "1", path)
    writer.join(5)
    assert result.code == 1
    assert result.err == (
        f"{path}: the file holds more than the limit of 1.0 MiB; raise it with --max-size "
        "on the command line or max_bytes= in Python [CF101]\n"
    )
