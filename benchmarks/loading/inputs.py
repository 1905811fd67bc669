"""The synthetic inputs: invented parties, proposals and events, written as text at once."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

FIRST_DAY = date(1990, 1, 1)

HEADER = """\
scenario: synthetic-load
title: Invented proposals, for measuring what loading costs
sources:
  s: {title: An invented source}
parties:
  A: {name: Party A}
  B: {name: Party B}
  M: {name: A mediator, role: mediator}
"""


def _day(number: int) -> str:
    return (FIRST_DAY + timedelta(days=number)).isoformat()


def write_many_proposals(path: Path, proposals: int) -> int:
    """Write a scenario of `proposals` small proposals, each proposed once; return its size."""
    lines = [HEADER, "proposals:\n"]
    lines += [f"  p{i:05}: {{proposed-by: M, needs: [A, B]}}\n" for i in range(proposals)]
    lines.append("events:\n")
    lines += [
        f"  - {{date: {_day(i // 100)}, propose: p{i:05}, sources: [s]}}\n"
        for i in range(proposals)
    ]
    path.write_text("".join(lines), encoding="utf-8")
    return path.stat().st_size


def write_bad_events(path: Path, events: int) -> int:
    """Write a scenario whose `events` events each answer an unknown proposal; return its size."""
    lines = [HEADER, "proposals:\n  t: {proposed-by: A, needs: [B]}\nevents:\n"]
    lines.append("  - {date: 2020-01-01, propose: t, sources: [s]}\n")
    lines += [
        f"  - {{date: 2020-01-02, accept: nosuch{i}, by: B, sources: [s]}}\n" for i in range(events)
    ]
    path.write_text("".join(lines), encoding="utf-8")
    return path.stat().st_size


def write_log(path: Path, proposals: int) -> tuple[int, int]:
    """Write a log: per proposal its definition, propose and two yeses; return (lines, size)."""
    header = {
        "scenario": "synthetic-log",
        "title": "An invented log",
        "sources": {"s": {"title": "An invented source"}},
        "parties": {"A": {"name": "Party A"}, "B": {"name": "Party B"}, "M": {"role": "mediator"}},
    }
    lines = 1
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(header) + "\n")
        for i in range(proposals):
            day = _day(i // 50)
            pid = f"p{i}"
            out.write(
                json.dumps(
                    {"proposal": pid, "proposed-by": "M", "needs": ["A", "B"], "duration": "P30D"}
                )
            )
            out.write(f'\n{{"date": "{day}", "propose": "{pid}", "sources": ["s"]}}\n')
            for party in ("A", "B"):
                out.write(f'{{"date": "{day}", "accept": "{pid}", "by": "{party}", ')
                out.write('"sources": ["s"]}\n')
            lines += 4
    return lines, path.stat().st_size
