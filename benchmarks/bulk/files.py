"""The log as files: JSON, YAML and JSON Lines written, and JSON Lines read back."""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys
import time
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


def event_proposal(event: Mapping[str, Any]) -> str:
    """The proposal an event of the generated document acts on (its action key's value)."""
    (pid,) = (value for key, value in event.items() if key not in EVENT_KEYS)
    return str(pid)


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
        pid = event_proposal(event)
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


def write_jsonl_shares(document: Mapping[str, Any], path: Path, shares: int) -> list[Path]:
    """Write the log as `shares` logs of its own: each the header and a share of the proposals.

    The proposals are dealt out in turn as they first appear, each with its
    definition and events in the log's order; the logs are `path` with
    ``.share-I`` before its suffix. Each is a log one process replays alone:
    what `shares` workers would do with no work added by sharing out.
    """
    paths = [path.with_suffix(f".share-{i}{path.suffix}") for i in range(shares)]
    outs = [p.open("w", encoding="utf-8") for p in paths]
    dealt: dict[str, int] = {}
    try:
        records = jsonl_records(document)
        header = json.dumps(next(records), ensure_ascii=False) + "\n"
        for out in outs:
            out.write(header)
        for record in records:
            pid = record["proposal"] if "proposal" in record else event_proposal(record)
            share = dealt.setdefault(pid, len(dealt) % shares)
            outs[share].write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        for out in outs:
            out.close()
    return paths


_SHARE_REPLAY = (
    "import sys; from ceasefire.files.eventlog import replay_log; "
    "print(replay_log(sys.argv[1], engine=sys.argv[2]).events)"
)


def replay_shares_at_once(paths: list[Path], engine: str) -> tuple[float, int]:
    """Replay each log of `paths` in a new process, all at once; the wall seconds and events.

    Each process starts Python and imports ceasefire, as a worker of
    ``replay_log(workers=N)`` does.
    """
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _SHARE_REPLAY, str(path), engine],
            stdout=subprocess.PIPE,
            text=True,
        )
        for path in paths
    ]
    events = 0
    for process in processes:
        out, _ = process.communicate()
        if process.returncode:
            raise RuntimeError(f"replaying a share of the log failed (exit {process.returncode})")
        events += int(out)
    return time.perf_counter() - started, events


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
