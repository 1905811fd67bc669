"""Replaying an event log on several processes: the parent's side (see `_log_workers`)."""

from __future__ import annotations

import heapq
import io
import os
import pickle
import subprocess
import sys
from array import array
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import attrs

from ceasefire._codes import ErrorCode
from ceasefire._errors import Problem
from ceasefire.core._collector import paused
from ceasefire.core._instants import When, day_of, in_zone, isoformat
from ceasefire.core._model import Proposal
from ceasefire.core._registry import Registry
from ceasefire.files._log_channel import send
from ceasefire.files._log_lines import log_lines
from ceasefire.files._log_workers import (
    FIRST,
    PROPOSER_OK,
    PROPOSES,
    Fallback,
    Kept,
    Part,
    Plan,
    Scan,
    Settings,
    Worker,
)
from ceasefire.files.eventlog import Keep, LogReader, LogReplay
from ceasefire.scenario._certainty import Uncertain
from ceasefire.scenario._disputes import DisputeRule
from ceasefire.scenario._entries import Entry
from ceasefire.scenario._scenario import PROPOSE, DisputeRuleName
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
        found = run(settings, lambda scans: _plan(scans, header))
        if found is None:
            return None
        decided, parts = found
        try:
            return _merged(header, decided, parts, max_problems)
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
    plan = Plan(frozenset(planner.refused), tuple(planner.moves), planner.last)
    return plan, planner.problems


_Decide = Any  # Callable[[Sequence[Scan]], tuple[Plan, list] | None]


def _in_turn(settings: Settings, decide: _Decide) -> tuple[Any, list[Part]] | None:
    """Run the workers' rounds one after the other, in this process."""
    workers = [Worker(settings, i) for i in range(settings.count)]
    decided = decide([worker.scan() for worker in workers])
    if decided is None:
        return None
    plan, _ = decided
    parts = [worker.finish(plan) for worker in workers]
    return decided, parts


_START = "from ceasefire.files._log_channel import child; child()"


def _in_processes(settings: Settings, decide: _Decide) -> tuple[Any, list[Part]] | None:
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
        return decided, [_received(process) for process in processes]
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
    defined = sorted((d for part in parts for d in part.defined), key=lambda d: d[0])
    proposals = {**scenario.proposals, **{pid: p for _, pid, p, _ in defined}}
    timeline = None
    if header.keep == "all":
        replayed = {**header.replayed, **{pid: r for _, pid, _, r in defined}}
        timeline = _timeline(header, plan, parts, replayed, problems)
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
    parts: Sequence[Part],
    replayed: dict[str, Proposal],
    problems: tuple[Problem, ...],
) -> Timeline:
    """The timeline one process would have built, from the workers' entries."""
    scenario = header.scenario
    assert scenario is not None
    zone = scenario.timezone
    end: When = date.min if plan.last is None else day_of(in_zone(plan.last[1], zone))
    entries = tuple(_entries(parts))
    events = tuple(e.event for e in entries if e.event is not None)
    parties = tuple(scenario.parties.values())
    uncertain = Uncertain(events, parties, as_of_key(end, zone), scenario.same_day, zone)
    return Timeline(
        proposals=replayed,
        entries=entries,
        end=end,
        problems=problems,
        timezone=zone,
        uncertain=uncertain,
    )


def _entries(parts: Sequence[Part]) -> Iterator[Entry]:
    """The entries of every worker in one process's order.

    Lines and their parts come in order; within one part of one line, timers
    of several workers come by instant, then by when they were set (the
    position of the change that set them), as the agenda fires them.
    """
    position: dict[tuple[int, int], int] = {}
    done = 0
    tagged = heapq.merge(*(_tagged(w, part.kept) for w, part in enumerate(parts)))
    group: list[tuple[int, Kept]] = []
    for line, part, worker, _, kept in tagged:
        if group and (group[0][1][0], group[0][1][1]) != (line, part):
            yield from _placed(group, position, done)
            done += len(group)
            group = []
        group.append((worker, kept))
    yield from _placed(group, position, done)


def _tagged(worker: int, kept: list[Kept]) -> Iterator[tuple[int, int, int, int, Kept]]:
    """A worker's entries, each with its line, part, worker and place, to merge by."""
    for n, item in enumerate(kept):
        yield item[0], item[1], worker, n, item


def _placed(
    group: list[tuple[int, Kept]], position: dict[tuple[int, int], int], done: int
) -> Iterator[Entry]:
    """Yield one group's entries in order, noting where each change lands."""
    for n, (w, item) in enumerate(_ordered(group, position, done), done):
        if item[4] >= 0:
            position[(w, item[4])] = n
        yield item[5]


def _ordered(
    group: list[tuple[int, Kept]], position: dict[tuple[int, int], int], done: int
) -> Iterator[tuple[int, Kept]]:
    """One part of one line: each worker's entries in order, interleaved as the agenda fires."""
    queues: dict[int, list[Kept]] = {}
    for worker, kept in group:
        queues.setdefault(worker, []).append(kept)
    if len(queues) == 1:
        ((worker, items),) = queues.items()
        yield from ((worker, item) for item in items)
        return
    heads = dict.fromkeys(queues, 0)
    placed: dict[tuple[int, int], int] = {}
    while heads:
        best = None
        for w, at in heads.items():
            item = queues[w][at]
            setter = item[3]
            if setter < 0:
                raise Fallback("a timer without the change that set it")
            where = placed.get((w, setter), position.get((w, setter)))
            if where is None:
                raise Fallback("a timer set by a change not in the timeline")
            rank = (item[2], where, w)
            if best is None or rank < best[0]:
                best = (rank, w)
        assert best is not None
        w = best[1]
        item = queues[w][heads[w]]
        if item[4] >= 0:
            placed[(w, item[4])] = done
        done += 1
        yield w, item
        heads[w] += 1
        if heads[w] == len(queues[w]):
            del heads[w]
