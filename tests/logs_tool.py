"""Logs for the tests of reading and sharing a log out (workers, Dask, the quick road)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import attrs
from hypothesis import strategies as st

from ceasefire import Event, Links, SameDay, Scenario
from ceasefire.core._registry import STANDARD
from ceasefire.files._log_parallel import replay_partitioned
from ceasefire.files.eventlog import LogReplay
from ceasefire.testing.strategies import scenarios


def invented_log(tmp_path: Path, same_day: SameDay = SameDay.TIMERS_FIRST) -> Path:
    """A log of many invented proposals that expire on shared days."""
    start = date(2024, 1, 1)
    lines: list[dict[str, Any]] = [
        {
            "scenario": "invented",
            "title": "Invented proposals",
            "sources": {"s": {"title": "Invented for the tests"}},
            "parties": {
                "A": {"name": "A", "role": "belligerent"},
                "B": {"name": "B", "role": "belligerent"},
            },
            "same-day": same_day.value,
        }
    ]
    events: list[tuple[int, int, dict[str, Any]]] = []
    for i in range(40):
        pid = f"p{i:02}"
        day = i % 5
        lines.append({"proposal": pid, "proposed-by": "A", "needs": ["B"], "duration": "P7D"})
        events.append((day, i, {"propose": pid, "by": "A"}))
        events.append((day + 1, i, {"accept": pid, "by": "B"}))
        if i % 3 == 0:
            events.append((day + 8, i, {"violate": pid, "by": "B"}))  # the day it expires
    events.sort(key=lambda e: (e[0], e[1]))
    body = [
        {"date": date.fromordinal(start.toordinal() + day).isoformat(), **told, "source": "s"}
        for day, _, told in events
    ]
    path = tmp_path / "invented.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in [*lines, *body]), "utf-8")
    return path


def renamed(scenario: Scenario, copy: int) -> tuple[dict[str, Any], list[Event]]:
    """The proposals and events of `scenario`, ids suffixed with `copy`, links left out.

    Generated scenarios put side by side this way make one log of many proposals.
    """
    proposals = {
        f"{pid}-{copy}": attrs.evolve(p, id=f"{pid}-{copy}", links=Links())
        for pid, p in scenario.proposals.items()
    }
    events = [
        e if e.proposal is None else attrs.evolve(e, proposal=f"{e.proposal}-{copy}")
        for e in scenario.events
    ]
    return proposals, events


@st.composite
def side_by_side(draw: st.DrawFn, most: int) -> Scenario:
    """One to `most` generated scenarios side by side in one: many proposals, ties at one day."""
    base = draw(scenarios())
    proposals: dict[str, Any] = {}
    events: list[Event] = []
    for copy in range(draw(st.integers(1, most))):
        other = base if copy == 0 else draw(scenarios())
        found, told = renamed(other, copy)
        proposals.update(found)
        events.extend(told)
    return attrs.evolve(base, proposals=proposals, events=events, checkpoints=())


def replayed_in_turn(
    path: Path, workers: int, keep: Any, max_problems: int | None = None
) -> LogReplay | None:
    """`path` shared out among `workers`, their rounds run in turn in this process.

    ``None`` where the log is left to one process.
    """
    return replay_partitioned(
        path,
        name=str(path),
        registry=STANDARD,
        keep=keep,
        engine="table",
        rule=None,
        max_problems=max_problems,
        max_line_bytes=2**20,
        workers=workers,
        processes=False,
    )
