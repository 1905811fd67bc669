"""Replaying an event set too large for one machine on a Dask cluster, partitioned by proposal.

An event set here is a table of log lines with three columns, the *event
columns* (Parquet files, or any Dask DataFrame, with these names and types):

- ``order`` (int64): the line's place in time order, its line number in a log;
- ``proposal`` (string): the proposal the line is about (`proposal_of` reads it);
- ``record`` (string): the line itself, a JSON object exactly as in an event log:
  an event, or a proposal's definition ``{"proposal": ID, ...}``.

The header, the log's first line (parties, sources, lifecycles), goes with
every partition. `replay` shuffles the set once by ``proposal``, so that each
proposal's lines meet in one partition, then replays each partition in time
order through the same reader and engine as `ceasefire.replay_log`, and gives
the rows of a `ceasefire.frames` frame (``changes`` or ``spans``) of every
partition: one Dask DataFrame, equal (row for row, once sorted) to the frame
of the one-process replay. `replay_partition` is the function each
partition runs: it takes and returns pandas DataFrames, so it also runs
under Spark's ``applyInPandas`` (see the scale-out how-to).

What a partition cannot see stays out: a set whose proposals link to one
another, or whose header puts events first on the same day (``same-day:
events-first``), is refused (``ValueError``): replay it with
`ceasefire.replay_log`, which shares a log out exactly. Each partition
checks its own lines, so the problems are those of its lines (an event
dated before another proposal's is not one).

Requires the ``dask`` extra (``pip install "ceasefire[dask]"``); importing this
module imports dask, ``import ceasefire`` does not.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import date
from typing import Literal, TypeAlias

import dask.dataframe as dd
import pandas as pd

from ceasefire.core._collector import paused
from ceasefire.core._instants import day_of, in_zone
from ceasefire.core._registry import STANDARD, Registry
from ceasefire.files._log_route import named_proposal
from ceasefire.files._parsing import loads_unique
from ceasefire.files.eventlog import LogReader, LogReplay
from ceasefire.outputs._frames import changes, spans
from ceasefire.scenario._same_day import SameDay

__all__ = ["COLUMNS", "Frame", "event_columns", "proposal_of", "replay", "replay_partition"]

COLUMNS = ("order", "proposal", "record")
"""The event columns, in order (see the module's introduction)."""

Frame: TypeAlias = Literal["changes", "spans"]
"""Which frame `replay` gives: `ceasefire.frames.changes` or `ceasefire.frames.spans`."""

_FRAMES = {"changes": changes, "spans": spans}


def proposal_of(record: str) -> str:
    """Return the proposal a log line names ("" for a line naming none, a context event).

    Examples:
        >>> proposal_of('{"date": "2025-03-18", "accept": "truce", "by": "UA", "source": "s"}')
        'truce'
    """
    return named_proposal(json.loads(record)) or ""


def event_columns(path: str | os.PathLike[str]) -> tuple[str, pd.DataFrame]:
    """Read an event log (JSON Lines) into its header and a pandas DataFrame of the event columns.

    Blank lines are left out; ``order`` is each line's number in the file,
    so that problems are located as `ceasefire.replay_log` locates them.
    Write the frame to Parquet (``frame.to_parquet(...)``) for a cluster to read.
    """
    header = ""
    rows: list[tuple[int, str, str]] = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            text = line.strip()
            if not text:
                continue
            if not header:
                header = text
                continue
            rows.append((number, proposal_of(text), text))
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return header, _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({"order": "int64", "proposal": "string", "record": "string"})


def replay(
    events: dd.DataFrame,
    header: str,
    *,
    frame: Frame = "changes",
    end: date | None = None,
    registry: Registry = STANDARD,
) -> dd.DataFrame:
    """Replay an event set on Dask: one shuffle by proposal, then a replay per partition.

    Args:
        events: The event columns (``order``, ``proposal``, ``record``).
        header: The log's header line (JSON text).
        frame: Which frame to give, ``"changes"`` or ``"spans"``.
        end: The last day replayed (its timers fire by its end); by default the
            day of the last event, found by a first pass over the partitions.
        registry: The guards, rules and lifecycles the set may name; it
            travels to the workers, so it must be importable there.

    Returns:
        A Dask DataFrame: the frame's rows of every partition (compute it).

    Raises:
        ValueError: The header puts events first on the same day, or `frame` is unknown.
    """
    if frame not in _FRAMES:
        raise ValueError(f"expected frame changes or spans, found {frame!r}")
    _check_header(header)
    shuffled = events.shuffle(on="proposal")
    if end is None:
        last = shuffled.map_partitions(
            _last_day, header, registry, meta=pd.Series([], dtype="object")
        )
        days = [day for day in last.compute() if day is not None]
        end = max(days) if days else None
    empty = replay_partition(_typed(pd.DataFrame(columns=list(COLUMNS))), header, frame=frame)
    replayed: dd.DataFrame = shuffled.map_partitions(
        replay_partition, header, frame=frame, end=end, registry=registry, meta=empty
    )
    return replayed


def _check_header(header: str) -> None:
    data = loads_unique(header)
    if type(data) is dict and data.get("same-day") == SameDay.EVENTS_FIRST.value:
        raise ValueError(
            "a set whose events come first on the same day is replayed by replay_log alone: "
            "where a timer falls among events at one instant depends on every proposal"
        )


def replay_partition(
    records: pd.DataFrame,
    header: str,
    *,
    frame: Frame = "changes",
    end: date | None = None,
    registry: Registry = STANDARD,
) -> pd.DataFrame:
    """Replay one partition of an event set (whole proposals) and return its frame.

    The lines are replayed in ``order``, through `ceasefire.replay_log`'s
    reader, and the clock runs to the end of `end` (default: the day of the
    partition's last event). A partition with no line gives an empty frame
    with every column typed.

    Raises:
        ValueError: A proposal links to another (``counter-to``, ``renews``,
            ``supersedes``, ``mirrors``): the other may be in another partition.
    """
    result = _replayed(records, header, keep="all", end=end, registry=registry)
    assert result.timeline is not None
    made: pd.DataFrame = _FRAMES[frame](result.timeline)
    return made


def _last_day(records: pd.DataFrame, header: str, registry: Registry) -> pd.Series:
    """The day of the partition's last event, in a one-row series (``None`` without events)."""
    result = _replayed(records, header, keep="final", end=None, registry=registry)
    return pd.Series([result.timeline_end], dtype="object")


class _Partition(LogReader):
    """A reader of one partition's lines, whose clock may run on to a later day."""

    def __init__(self, registry: Registry, keep: Literal["all", "final"]) -> None:
        super().__init__(
            "partition", registry, keep=keep, engine="table", rule=None, max_problems=None
        )
        self.end: date | None = None

    def finished(self, end: date | None) -> _Ended:
        """Finish at the end of `end`, or of the last event's day if later or not given."""
        if end is not None and self.last is not None:
            zone = None if self.scenario is None else self.scenario.timezone
            own = day_of(in_zone(self.last[2], zone))
            if end > own:  # the timers of the later day fire: as if an event were then
                self.last = (self.last[0], self.last[1], end)
        last = None if self.last is None else self.last[2]
        zone = None if self.scenario is None else self.scenario.timezone
        day = None if last is None else day_of(in_zone(last, zone))
        return _Ended(self.result(), day)


class _Ended:
    """A partition's replay and the day it ran to."""

    def __init__(self, result: LogReplay, day: date | None) -> None:
        self.result = result
        self.timeline = result.timeline
        self.timeline_end = day


def _replayed(
    records: pd.DataFrame,
    header: str,
    *,
    keep: Literal["all", "final"],
    end: date | None,
    registry: Registry,
) -> _Ended:
    reader = _Partition(registry, keep)
    with paused():
        reader.line(0, loads_unique(header))
        if any(p.links.all() for p in reader.proposals.values()):
            raise ValueError(_LINKED)
        for order, text in _in_order(records):
            data = loads_unique(text)
            reader.line(order, data)
            pid = data.get("proposal") if type(data) is dict else None
            if type(pid) is str and pid in reader.proposals and reader.proposals[pid].links.all():
                raise ValueError(f"proposal {pid!r}: {_LINKED}")
        return reader.finished(end)


_LINKED = (
    "a proposal links to another, which may be in another partition: replay this set with "
    "replay_log"
)


def _in_order(records: pd.DataFrame) -> Iterable[tuple[int, str]]:
    ordered = records.sort_values("order", kind="stable")
    return zip(ordered["order"].tolist(), ordered["record"].tolist(), strict=True)
