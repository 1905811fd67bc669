"""What ``ceasefire status`` says of each proposal's end and obligations, as JSON and as text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ceasefire.core._instants import When, instant_key, isoformat
from ceasefire.core._values import DatePrecision
from ceasefire.scenario._dates import date_text
from ceasefire.scenario._timeline import Timeline, as_of_key

__all__ = ["end_and_obligations", "end_text", "obligation_texts"]


def end_of(timeline: Timeline, pid: str, on: When) -> When | None:
    """Return until when `pid` is in force as of `on`.

    Its current end while in force (after every extension; ``None`` when
    open-ended); for a proposal still waiting to come into force, the fixed
    end of its terms, if any; ``None`` otherwise.
    """
    end = timeline.ends(pid, on) if _in_force(timeline, pid, on) else None
    if end is None and _waiting(timeline, pid, on):
        end = timeline.proposals[pid].terms.fixed_end
    return end


def end_and_obligations(timeline: Timeline, pid: str, on: When) -> dict[str, Any]:
    """Return the ``ends`` and ``obligations`` keys of a proposal in ``status --format json``.

    ``ends`` is `end_of`, as ISO text (``null`` when there is none).
    """
    return {
        "ends": _text(end_of(timeline, pid, on), timeline),
        "obligations": [
            {
                "name": s.obligation.name,
                "by": s.obligation.by,
                "due": _text(s.due, timeline),
                "original_due": _text(s.original_due, timeline),
                "state": s.state.value,
                "fulfilled": _text(s.fulfilled, timeline),
                "missed": _text(s.missed, timeline),
            }
            for s in timeline.obligations(pid, on)
        ],
    }


def _in_force(timeline: Timeline, pid: str, on: When) -> bool:
    state = timeline.state_of(pid, on)
    return state is not None and timeline.proposals[pid].lifecycle.state(state).in_force


def _waiting(timeline: Timeline, pid: str, on: When) -> bool:
    """Whether `pid` is on the table as of `on`, not final and never in force so far."""
    lifecycle = timeline.proposals[pid].lifecycle
    state = timeline.state_of(pid, on)
    if state is None or lifecycle.state(state).final:
        return False
    limit = as_of_key(on)
    return not any(
        lifecycle.state(c.to_state).in_force
        for c in timeline.history(pid)
        if instant_key(c.at) <= limit
    )


def _text(when: When | None, timeline: Timeline) -> str | None:
    return None if when is None else isoformat(timeline.shown(when))


def _when_text(when: When, timeline: Timeline, *, short: bool = True) -> str:
    """Write an exact date or time (an end, a deadline) in words, in the timeline's zone."""
    shown = timeline.shown(when)
    precision = DatePrecision.TIME if isinstance(shown, datetime) else DatePrecision.DAY
    return date_text(shown, precision, zone=timeline.timezone, short=short)


def end_text(timeline: Timeline, pid: str, on: When, in_force: bool, *, short: bool = True) -> str:
    """Say until when `pid` is in force: "17 Apr 2025", "open-ended", or ""."""
    end = end_of(timeline, pid, on)
    if end is not None:
        fixed = "" if in_force else " (fixed in its terms)"
        return f"{_when_text(end, timeline, short=short)}{fixed}"
    if in_force or (_waiting(timeline, pid, on) and timeline.proposals[pid].terms.open_ended):
        return "open-ended"
    return ""


def obligation_texts(
    timeline: Timeline, pid: str, on: When, *, short: bool = True
) -> list[tuple[str, str, str]]:
    """Return each obligation of `pid` as of `on`: its name (and who owes it), state and dates."""

    def when_text(at: When, timeline: Timeline) -> str:
        return _when_text(at, timeline, short=short)

    found = []
    for s in timeline.obligations(pid, on):
        name = s.obligation.name + (f" ({s.obligation.by})" if s.obligation.by else "")
        due = f"due {when_text(s.due, timeline)}" if s.due is not None else "no deadline yet"
        if s.original_due is not None and s.original_due != s.due:
            due += f" (first {when_text(s.original_due, timeline)})"
        for what, at in (("fulfilled", s.fulfilled), ("missed", s.missed)):
            due += f", {what} {when_text(at, timeline)}" if at is not None else ""
        found.append((name, s.state.value, due))
    return found
