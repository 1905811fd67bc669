"""Event logs in JSON Lines: read, checked and replayed as a stream, one line at a time.

A log holds one JSON object per line:

- the first line is the header: a scenario's ``scenario``, ``title``,
  ``sources``, ``parties``, ``lifecycles`` (and ``proposals``, optionally),
  everything but its events and checkpoints, with its ``timezone`` if it
  has one (plain dates are then local days, as in a scenario file);
- each later line is either a proposal definition, ``{"proposal": ID, ...}``
  with the keys of the ``proposals`` section of a scenario file, written
  before the proposal's first event; or an event, exactly as in the
  ``events`` list of a scenario file. Blank lines are skipped.

Events come in time order (events at one instant in the order written); one
dated before an earlier line is refused. Memory grows with the proposals and
the problems kept, not with the events, so a log larger than memory can be
checked; with ``keep="final"`` only each proposal's final state and the
counts are kept, not the history. A log has no size limit, but each line
has one (`MAX_BYTES`).
"""

from __future__ import annotations

import os

from ceasefire._codes import ErrorCode
from ceasefire.core._collector import paused
from ceasefire.core._negotiation import Engine
from ceasefire.core._registry import STANDARD, Registry
from ceasefire.files._limits import MAX_BYTES, MAX_PROBLEMS, refused_kind
from ceasefire.files._log_dump import dump_log
from ceasefire.files._log_lines import raw_lines

# Re-exported: the workers, the Dask partitions and the tests import them from here.
from ceasefire.files._log_reader import Keep as Keep  # noqa: PLC0414
from ceasefire.files._log_reader import LogReader as LogReader  # noqa: PLC0414
from ceasefire.files._log_result import LogReplay
from ceasefire.scenario._disputes import DisputeRule
from ceasefire.scenario._scenario import DisputeRuleName

__all__ = ["LOG_SUFFIXES", "LogReplay", "dump_log", "replay_log"]

LOG_SUFFIXES = (".jsonl", ".ndjson")
"""The file name endings of event logs."""


def replay_log(
    path: str | os.PathLike[str],
    *,
    name: str | None = None,
    registry: Registry = STANDARD,
    keep: Keep = "all",
    engine: Engine = "table",
    rule: DisputeRule | DisputeRuleName | None = None,
    max_problems: int | None = MAX_PROBLEMS,
    max_line_bytes: int = MAX_BYTES,
    workers: int = 1,
) -> LogReplay:
    """Read, check and replay the event log at `path`, one line at a time.

    Every problem is collected, located by line, and the replay goes on past
    it, as `ceasefire.replay` does with ``collect=True``. A problem in the
    header stops the reading, since nothing after it can be checked. As in
    `ceasefire.replay`, the cyclic garbage collector is paused meanwhile.

    Args:
        path: The log to read.
        name: The file name to use in messages (default: `path` as given).
        registry: The guards, instant rules, effects and lifecycles the log may name.
        keep: ``"all"`` to keep the history and build a `Timeline`, or
            ``"final"`` to keep only each proposal's final state and the
            counts (memory then grows with the proposals alone).
        engine: What steps the proposals (see `Negotiation`); the table by
            default, the fastest for bulk replays.
        rule: Which version of a disputed event to replay: a rule, or the
            name of one (the ``sources`` rule then ranks by the header's
            ``source-ranking``); by default the header's ``dispute-rule``.
        max_problems: How many problems to keep (`MAX_PROBLEMS`, 100, by
            default; None keeps all); all are counted.
        max_line_bytes: The longest line read; a longer one is a problem.
        workers: How many processes replay it, the proposals shared out among
            them; the result is the same (see the scale-out how-to for what
            keeps a log in one process).

    Raises:
        ScenarioError: The file cannot be opened.
        ValueError: `workers` is not a positive whole number.
    """
    if type(workers) is not int or workers < 1:
        raise ValueError(f"expected a positive whole number of workers, found {workers!r}")
    if workers > 1:
        from ceasefire.files._log_parallel import replay_partitioned  # noqa: PLC0415 - a cycle

        shared = replay_partitioned(
            path,
            name=name or os.fspath(path),
            registry=registry,
            keep=keep,
            engine=engine,
            rule=rule,
            max_problems=max_problems,
            max_line_bytes=max_line_bytes,
            workers=workers,
        )
        if shared is not None:
            return shared
    reader = LogReader(
        name or os.fspath(path),
        registry,
        keep=keep,
        engine=engine,
        rule=rule,
        max_problems=max_problems,
    )
    refused = refused_kind(path)
    if refused is not None:
        reader.problem(None, f"cannot read: it {refused}", ErrorCode.UNREADABLE)
        return reader.result()
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, read line by line
    except OSError as error:
        reader.problem(None, f"cannot read: {error.strerror}", ErrorCode.UNREADABLE)
        return reader.result()
    with stream, paused():
        reader.read_lines(raw_lines(stream, max_line_bytes, reader))
        return reader.result()
