"""Replaying an event log on several processes: the parent's side (see `_log_workers`)."""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from functools import partial
from typing import Any

import attrs

from ceasefire._codes import ErrorCode
from ceasefire._errors import Problem
from ceasefire.core._collector import paused
from ceasefire.core._instants import When, day_of, in_zone, isoformat
from ceasefire.core._model import Proposal
from ceasefire.core._registry import Registry
from ceasefire.files._log_direct import TOLD_FIELDS, made_told
from ceasefire.files._log_lines import log_lines
from ceasefire.files._log_pickles import send
from ceasefire.files._log_rows import (
    FIRST,
    PROPOSER_OK,
    PROPOSES,
    Fallback,
    Part,
    Plan,
    Rows,
    Scan,
    Settings,
    made_change,
    told_event,
)
from ceasefire.files._log_workers import Worker
from ceasefire.files.eventlog import Keep, LogReader, LogReplay
from ceasefire.scenario._certainty import Uncertain
from ceasefire.scenario._disputes import DisputeRule
from ceasefire.scenario._entries import Entry, EntryRows, Later
from ceasefire.scenario._scenario import PROPOSE, DisputeRuleName, Event
from ceasefire.scenario._timeline import Timeline, as_of_key

__all__ = ["replay_partitioned"]


def replay_partitioned(
    path: str | os.PathLike[str],
    *,
    name: str,
    registry: Registry,
    keep: Keep,
    engine: str,
    rule: DisputeRule | DisputeRuleName | None,
    max_problems: int | None,
    max_line_bytes: int,
    workers: int,
    processes: bool = True,
) -> LogReplay | None:
    """Replay the log at `path` on `workers` processes; ``None`` if it needs one process.

    With `processes` false, the workers' rounds run one after the other in this
    process (the same partitions and merge, for tests).
    """
    settings = Settings(
        os.fspath(path), name, registry, keep, engine, rule, max_line_bytes, workers
    )
    header = _header(settings, max_problems)
    if header is None:
        return None
    try:
        send(io.BytesIO(), (registry, rule))
    except Exception:
        return None
    run = _in_processes if processes else _in_turn
    with paused():  # the workers' values, received by the hundred thousand
        merge = _Merge(workers) if keep == "all" else None
        try:
            found = run(settings, lambda scans: _plan(scans, header), merge)
            if found is None:
                return None
            decided, parts = found
            return _merged(header, decided, parts, max_problems, merge)
        except Fallback:
            return None


def _header(settings: Settings, max_problems: int | None) -> LogReader | None:
    """Read the log's header in this process; ``None`` if anything is wrong up to it."""
    reader = LogReader(
        settings.name,
        settings.registry,
        keep=settings.keep,
        engine=settings.engine,  # type: ignore[arg-type]
        rule=settings.rule,
        max_problems=max_problems,
    )
    try:
        with open(settings.path, "rb") as stream:
            for number, data in log_lines(stream, settings.max_line_bytes, reader):
                reader.line(number, data)
                break
    except OSError:
        return None
    if reader.problem_count or reader.scenario is None:
        return None
    if any(p.links.all() for p in reader.proposals.values()):
        return None
    return reader


class _Planner:
    """The parent's walk through every worker's events in line order."""

    def __init__(self, header: LogReader) -> None:
        self.header = header
        self.problems: list[tuple[tuple[int, int, int], Problem]] = []
        self.refused: set[int] = set()
        self.moves: list[tuple[int, When, bool]] = []
        self.last: tuple[int, When] | None = None
        self.proposed: dict[str, int] = {}

    def refuse(self, line: int, message: str, code: ErrorCode, path: str = "") -> None:
        problem = Problem(self.header.name, line, 1, path, message, code)
        self.problems.append(((0, line, 0), problem))
        self.refused.add(line)

    def walk(self, scans: Sequence[Scan]) -> None:
        """Refuse what one process refuses between lines; note the clock's moves.

        The events of every worker are laid out by line number, then walked in order.
        """
        size = 1 + max((scan.lines[-1] for scan in scans if scan.lines), default=0)
        keys = array("q", bytes(8 * size))
        dates = array("q", bytes(8 * size))
        flags = bytearray(size)
        owners = bytearray(size)
        for worker, scan in enumerate(scans):
            for line, key, index, flag in zip(
                scan.lines, scan.keys, scan.dates, scan.flags, strict=True
            ):
                # 8: an event is here (its flags may all be clear)
                keys[line], dates[line], flags[line], owners[line] = key, index, flag | 8, worker
        proposes = {line: pid for scan in scans for line, pid in scan.proposes.items()}
        last_key, last_line = -(2**63), 0
        for line in range(size):
            flag = flags[line]
            if not flag:
                continue
            key = keys[line]
            if key < last_key:
                at = scans[owners[line]].instants[dates[line]]
                before = scans[owners[last_line]].instants[dates[last_line]]
                self.refuse(
                    line,
                    f"events of a log come in time order: this one is dated {isoformat(at)}, "
                    f"before line {last_line} ({isoformat(before)})",
                    ErrorCode.CLOCK_BACKWARDS,
                )
                continue
            if flag & PROPOSES:
                pid = proposes[line]
                earlier = self.proposed.get(pid)
                if earlier is not None:
                    self.refuse(
                        line,
                        f"proposal {pid!r} is already proposed at line {earlier}",
                        ErrorCode.PROPOSED_TWICE,
                        PROPOSE,
                    )
                    continue
                if not flag & PROPOSER_OK:
                    continue  # its worker reports it
                self.proposed[pid] = line
            if key != last_key:
                at = scans[owners[line]].instants[dates[line]]
                self.moves.append((line, at, bool(flag & FIRST)))
            last_key, last_line = key, line
        if last_line:
            self.last = (last_line, scans[owners[last_line]].instants[dates[last_line]])


def _plan(scans: Sequence[Scan], header: LogReader) -> tuple[Plan, list[Any]] | None:
    """Decide between the rounds; ``None`` if a worker found the log needs one process."""
    if any(scan.fallback is not None for scan in scans):
        return None
    planner = _Planner(header)
    planner.walk(scans)
    cuts: tuple[int, ...] = ()
    if header.keep == "all":
        size = 1 + max((scan.lines[-1] for scan in scans if scan.lines), default=0)
        step = max(size // PIECES, 1)
        cuts = tuple(range(step, size, step))
    plan = Plan(frozenset(planner.refused), tuple(planner.moves), planner.last, cuts)
    return plan, planner.problems


_Decide = Any  # Callable[[Sequence[Scan]], tuple[Plan, list] | None]

PIECES = 16
"""How many pieces the workers cut their timelines into, for the parent to merge as they come."""


def _gathered(sources: Sequence[Callable[[], Any]], plan: Plan, merge: _Merge | None) -> list[Part]:
    """Take the workers' pieces of timeline, one piece of each at a time, then their parts.

    A worker that finds the log needs one process sends its part at once:
    the pieces are then read and left, and the parts tell why.
    """
    parts: list[Part | None] = [None] * len(sources)
    for _ in range(0 if merge is None else len(plan.cuts) + 1):
        pieces = []
        for w, source in enumerate(sources):
            if parts[w] is None:
                found = source()
                if isinstance(found, Part):
                    parts[w] = found
                else:
                    pieces.append(found)
        if merge is not None and len(pieces) == len(sources):
            merge.add(pieces)
    for w, source in enumerate(sources):
        while parts[w] is None:
            found = source()
            if isinstance(found, Part):
                parts[w] = found
    return [part for part in parts if part is not None]


def _in_turn(
    settings: Settings, decide: _Decide, merge: _Merge | None
) -> tuple[Any, list[Part]] | None:
    """Run the workers' rounds in turn, in this process, a piece of each at a time."""
    workers = [Worker(settings, i) for i in range(settings.count)]
    decided = decide([worker.scan() for worker in workers])
    if decided is None:
        return None
    plan, _ = decided
    rounds = [worker.finish(plan) for worker in workers]
    return decided, _gathered([partial(next, r) for r in rounds], plan, merge)


_START = "from ceasefire.files._log_channel import child; child()"


def _in_processes(
    settings: Settings, decide: _Decide, merge: _Merge | None
) -> tuple[Any, list[Part]] | None:
    """Run each worker in a Python process of its own, the parent deciding between the rounds.

    The processes are started afresh (not forked, and without importing the
    caller's main module again), with this process's module path.
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _START], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
        )
        for _ in range(settings.count)
    ]
    try:
        for index, process in enumerate(processes):
            assert process.stdin is not None
            send(process.stdin, (settings, index))
        scans = [_received(process) for process in processes]
        decided = decide(scans)
        for process in processes:
            assert process.stdin is not None
            send(process.stdin, None if decided is None else decided[0])
        if decided is None:
            return None
        sources = [partial(_received, process) for process in processes]
        return decided, _gathered(sources, decided[0], merge)
    finally:
        for process in processes:
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover - a worker that hangs
                process.kill()
                process.wait()


def _received(process: subprocess.Popen[bytes]) -> Any:
    """What a worker sent; its traceback raised as an error if it failed."""
    assert process.stdout is not None
    try:
        found = pickle.load(process.stdout)
    except EOFError:  # pragma: no cover - a worker killed from outside
        raise RuntimeError("a worker process of replay_log ended without an answer") from None
    if isinstance(found, str):
        raise RuntimeError(f"a worker process of replay_log failed:\n{found}")
    return found


# -- the merge -------------------------------------------------------------------------


def _merged(
    header: LogReader,
    decided: tuple[Plan, list[tuple[tuple[int, int, int], Problem]]],
    parts: Sequence[Part],
    max_problems: int | None,
    merge: _Merge | None,
) -> LogReplay | None:
    """Put the workers' parts together as one process would have made them."""
    if any(part.fallback is not None for part in parts):
        return None
    plan, found = decided
    scenario = header.scenario
    assert scenario is not None
    keyed = sorted([*found, *(p for part in parts for p in part.problems)], key=lambda p: p[0])
    kept = [problem for _, problem in keyed]
    if max_problems is not None:
        kept = kept[:max_problems]
    problems = tuple(sorted(kept, key=lambda p: p.line or 0))
    states = {pid: state for _, pid, state in sorted(s for part in parts for s in part.states)}
    sent = [] if merge is None else merge.defined
    defined = sorted([*sent, *(d for part in parts for d in part.defined)], key=lambda d: d[0])
    proposals = {**scenario.proposals, **{pid: p for _, pid, p, _ in defined}}
    timeline = None
    if merge is not None:
        replayed = {**header.replayed, **{pid: r for _, pid, _, r in defined}}
        timeline = _timeline(header, plan, merge, replayed, problems)
    return LogReplay(
        file=header.name,
        scenario=attrs.evolve(
            scenario, proposals=proposals, events=(), checkpoints=(), origin=None
        ),
        states=states,
        events=sum(part.events for part in parts),
        changes=sum(part.changes for part in parts),
        problems=problems,
        problem_count=len(keyed),
        timeline=timeline,
    )


def _timeline(
    header: LogReader,
    plan: Plan,
    merge: _Merge,
    replayed: dict[str, Proposal],
    problems: tuple[Problem, ...],
) -> Timeline:
    """The timeline one process would have built, from the workers' rows merged.

    Its entries, and what it knows of the uncertain facts (from the events
    among them), are made on first use.
    """
    scenario = header.scenario
    assert scenario is not None
    zone = scenario.timezone
    end: When = date.min if plan.last is None else day_of(in_zone(plan.last[1], zone))
    entries = EntryRows(merge.made, len(merge.entries))
    parties = tuple(scenario.parties.values())

    def uncertain() -> Uncertain:
        events = tuple(e.event for e in entries.made() if e.event is not None)
        return Uncertain(events, parties, as_of_key(end, zone), scenario.same_day, zone)

    return Timeline(
        proposals=replayed,
        entries=entries,
        end=end,
        problems=problems,
        timezone=zone,
        uncertain=Later(uncertain),
    )


def _told(fields: tuple[Any, ...]) -> Event:
    """An event a worker sent: the tuple of its fields, or what a plain line's is made of."""
    return made_told(fields) if len(fields) == TOLD_FIELDS else told_event(fields)


_ROW_BITS = 40
"""The bits of a merge key below its group code: the row's entry code (row * workers + worker)."""

_ENTRY = (1 << _ROW_BITS) - 1


class _Merge:
    """The timeline's entries, merged a piece at a time as the workers send them.

    Each worker's rows come by line, then part of the line's step (their
    group); a piece holds the rows of the same lines for every worker. One
    sort lays the groups out; a group several workers have (timers fired at
    one move of the clock) is interleaved as the agenda fires them: by
    instant, then by when each was set.
    """

    def __init__(self, count: int) -> None:
        self.count = count
        self.entries = array("q")  # each entry as row * count + worker, in order
        self.sent: list[list[bytes]] = [[] for _ in range(count)]  # each piece's events and changes
        self.made_count = [0] * count  # how many changes each worker sent
        self.codes = [array("q") for _ in range(count)]
        self.rows = [array("q") for _ in range(count)]  # each row's change
        self.events = [array("q") for _ in range(count)]  # each row's event
        self.setters = [array("q") for _ in range(count)]
        self.keys = [array("q") for _ in range(count)]
        self.row_of = [array("q") for _ in range(count)]  # each change's row
        self.placed: dict[tuple[int, int], int] = {}  # where rows of shared groups landed
        self.defined: list[Any] = []  # the proposals the log defines, sent with the first pieces

    def add(self, pieces: Sequence[Rows]) -> None:
        """Take one piece of each worker, and merge its rows (made into values on first use)."""
        starts = []
        for w, piece in enumerate(pieces):
            self.defined.extend(piece.defined)
            self.sent[w].append(piece.sent)
            self.made_count[w] += len(piece.setters)  # one for each change
            starts.append(len(self.rows[w]))
            self.events[w].extend(piece.events)
            self.codes[w].extend(
                array(
                    "q",
                    [line * 4 + part for line, part in zip(piece.lines, piece.parts, strict=True)],
                )
            )
            self.rows[w].extend(piece.changes)
            self.setters[w].extend(piece.setters)
            self.keys[w].extend(piece.keys)
            row_of = self.row_of[w]
            row_of.extend(array("q", (-1,)) * (self.made_count[w] - len(row_of)))
            for row, index in enumerate(piece.changes, starts[-1]):
                if index >= 0:
                    row_of[index] = row
        self.merged(starts)

    def merged(self, heads: list[int]) -> None:
        """Merge the rows of every worker from `heads` on: one sort, then the shared groups.

        Each row is keyed by its group code, then its place among the
        worker's rows, so that one sort of machine-sized keys lays out every
        group of one worker alone in order; a group several workers have is
        then laid out again as the agenda fires it (`interleaved`).
        """
        count, codes, base = self.count, self.codes, len(self.entries)
        keys: list[int] = []
        seen: set[int] = set()
        shared: set[int] = set()
        for w, start in enumerate(heads):
            mine = codes[w][start:]
            rows = range(start * count + w, len(codes[w]) * count + w, count)
            keys += [code << _ROW_BITS | entry for code, entry in zip(mine, rows, strict=True)]
            groups = set(mine)
            shared |= seen & groups
            seen |= groups
        keys.sort()
        self.entries.extend(array("q", map(_ENTRY.__and__, keys)))
        for low in sorted(shared):
            first = bisect_left(keys, low << _ROW_BITS)
            stop = bisect_left(keys, (low + 1) << _ROW_BITS, first)
            queues: dict[int, tuple[int, int]] = {}
            for key in keys[first:stop]:
                row, w = divmod(key & _ENTRY, count)
                queues[w] = (queues.get(w, (row, row))[0], row + 1)
            at = base + first
            for w, row in self.interleaved(queues, low, at):
                self.entries[at] = row * count + w
                at += 1

    def made(self) -> Iterator[Entry]:
        """Make the merged rows into entries, in order: each change and event made again once."""
        count, rows, events = self.count, self.rows, self.events
        changes: list[list[tuple[Any, ...]]] = [[] for _ in range(count)]
        told: list[list[tuple[Any, ...]]] = [[] for _ in range(count)]
        for w, sent in enumerate(self.sent):
            for piece in sent:
                piece_told, piece_made = pickle.loads(piece)
                told[w].extend(piece_told)
                changes[w].extend(piece_made)
        self.sent = []
        for code in self.entries:
            w, row = code % count, code // count
            index, event = rows[w][row], events[w][row]
            found = None if event < 0 else _told(told[w][event])
            if index < 0:
                assert found is not None  # a row is a change, an event, or both
                yield Entry(found.at, None, found)
            else:
                change = made_change(changes[w][index])
                yield Entry(change.at, change, found)

    def rank(self, worker: int, row: int, low: int) -> tuple[int, int, int, int]:
        """Where a timer's change goes among the group's: by instant, then by when it was set."""
        index = self.rows[worker][row]
        setter = -1 if index < 0 else self.setters[worker][index]
        if setter < 0:
            raise Fallback("a timer without the change that set it")
        at = self.row_of[worker][setter]
        if at < 0:
            raise Fallback("a timer set by a change not in the timeline")
        group = self.codes[worker][at]
        where = self.placed.get((worker, at))
        if where is None:
            if group == low:
                raise Fallback("a timer set later in its own group")
            where = at  # a group of this worker's alone: its rows in its order
        return self.keys[worker][index], group, where, worker

    def interleaved(
        self, queues: dict[int, tuple[int, int]], low: int, where: int
    ) -> Iterator[tuple[int, int]]:
        """Yield the group's rows, each worker's in its order, interleaved as the agenda fires.

        They are placed at entries `where` on, in the order yielded.
        """
        heads = {w: start for w, (start, _) in queues.items()}
        while heads:
            best = min((self.rank(w, at, low), w) for w, at in heads.items())
            w = best[1]
            row = heads[w]
            self.placed[(w, row)] = where
            where += 1
            yield w, row
            heads[w] = row + 1
            if heads[w] == queues[w][1]:
                del heads[w]
