"""The log as files: JSON, YAML and JSON Lines written, and JSON Lines read back."""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

import ceasefire
from benchmarks.bulk.generate import EVENT_KEYS


def write_json(document: Mapping[str, Any], path: Path) -> int:
    """Write `document` as a JSON scenario file; return its size in bytes."""
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path.stat().st_size


def write_yaml(document: Mapping[str, Any], path: Path) -> int:
    """Write `document` as a YAML scenario file; return its size in bytes."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(document, out, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    return path.stat().st_size


def jsonl_records(document: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield the log as JSON Lines records, in time order.

    First a header with the scenario's keys other than proposals, events and
    checkpoints; then each event as in the file's ``events`` list, each
    proposal's definition (``{"proposal": ID, ...}``, keys as in the file's
    ``proposals`` section) just before its first event.
    """
    yield {k: v for k, v in document.items() if k not in ("proposals", "events", "checkpoints")}
    proposals: Mapping[str, dict[str, Any]] = document["proposals"]
    defined: set[str] = set()
    for event in document["events"]:
        (pid,) = (value for key, value in event.items() if key not in EVENT_KEYS)
        if pid not in defined:
            defined.add(pid)
            yield {"proposal": pid, **proposals[pid]}
        yield event


def write_jsonl(document: Mapping[str, Any], path: Path) -> int:
    """Write the log as JSON Lines (see `jsonl_records`); return its size in bytes."""
    with path.open("w", encoding="utf-8") as out:
        for record in jsonl_records(document):
            out.write(json.dumps(record, ensure_ascii=False))
            out.write("\n")
    return path.stat().st_size


def parse_jsonl(path: Path) -> int:
    """Read a JSON Lines log with ``json.loads`` per line; return how many events it holds."""
    events = 0
    with path.open(encoding="utf-8") as lines:
        next(lines)  # the header
        for line in lines:
            if "proposal" not in json.loads(line):
                events += 1
    return events


def library_log_reader() -> Callable[..., Any] | None:
    """Return the library's JSON Lines reader, or None while it has none.

    That is ``ceasefire.replay_log``; until it is exported there, the
    ``replay_log`` of ``ceasefire.files.eventlog``, the module it landed in.
    """
    found = getattr(ceasefire, "replay_log", None)
    if found is None:
        try:
            module = importlib.import_module("ceasefire.files.eventlog")
        except ImportError:
            return None
        found = getattr(module, "replay_log", None)
    return found if callable(found) else None


def log_takes_workers() -> bool:
    """Return whether the library's ``replay_log`` takes ``workers`` (processes)."""
    reader = library_log_reader()
    return reader is not None and "workers" in inspect.signature(reader).parameters


def load_jsonl_with_library(
    path: Path, engine: str, workers: int | None = None, keep: str | None = None
) -> Any | None:
    """THE LIBRARY'S JSON LINES READER: ON AS SOON AS CEASEFIRE HAS ``replay_log``.

    Returns ``None`` while ceasefire has no ``replay_log`` (see
    `library_log_reader`); otherwise what ``replay_log(path, engine=engine)``
    returns (a ``LogReplay``: final states, counts, problems, timeline), which
    the benchmark times next to ``json.loads`` and checks against the
    generator. `workers`, unless None, is passed on (only where
    `log_takes_workers`), and `keep` too unless None (``"final"``: what
    ``ceasefire validate`` keeps). Adjust the call here if its signature changes.

    The timeline it returns (with ``keep="all"``) makes its entries on first
    use: the timed call reads, checks and replays every line and keeps the
    history as rows; `first_use_seconds` times making the entries from them.
    """
    replay_log = library_log_reader()
    if replay_log is None:
        return None
    options: dict[str, Any] = {} if keep is None else {"keep": keep}
    if workers is None:
        return replay_log(path, engine=engine, **options)
    return replay_log(path, engine=engine, workers=workers, **options)


_FRESH_LOAD = """
import sys, time
from ceasefire import load_scenario
path, size, repeat = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
best = float("inf")
for _ in range(repeat):
    started = time.process_time()
    load_scenario(path, max_bytes=size)
    best = min(best, time.process_time() - started)
print(best)
"""


def fresh_load_seconds(path: Path, size: int, repeat: int) -> float:
    """The best of `repeat` loads of the scenario file at `path`, in CPU seconds, in a new process.

    A new process holds nothing else, as when ``ceasefire validate`` loads a
    file; the benchmark's own process holds the generated log besides.
    """
    done = subprocess.run(
        [sys.executable, "-c", _FRESH_LOAD, str(path), str(size), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout)
