"""What ``ceasefire status`` says of each proposal's end and obligations, as JSON and as text."""

from __future__ import annotations

from typing import Any

from ceasefire.cli._terminal import Paint, escaped
from ceasefire.core._instants import When, instant_key, isoformat
from ceasefire.scenario._timeline import Timeline, as_of_key

__all__ = ["end_and_obligation_lines", "end_and_obligations"]

_COLOURS = {"met": "green", "missed": "red", "unreported": "yellow", "pending": "bold"}


def end_and_obligations(timeline: Timeline, pid: str, on: When) -> dict[str, Any]:
    """Return the ``ends`` and ``obligations`` keys of a proposal in ``status --format json``.

    ``ends`` is its current end while in force (after every extension; ``null``
    when open-ended); for a proposal still waiting to come into force, the
    fixed end of its terms, if any; ``null`` otherwise.
    """
    end = timeline.ends(pid, on) if _in_force(timeline, pid, on) else None
    if end is None and _waiting(timeline, pid, on):
        end = timeline.proposals[pid].terms.fixed_end
    return {
        "ends": _text(end, timeline),
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


def end_and_obligation_lines(
    timeline: Timeline, pid: str, on: When, info: dict[str, Any], paint: Paint
) -> list[str]:
    """Return the lines under a proposal in ``status``: its end, then one per obligation."""
    lines = []
    if info["ends"] is not None:
        fixed = "" if info["in_force"] else " (fixed in its terms)"
        lines.append(f"ends {info['ends']}{fixed}")
    elif info["in_force"] or (
        _waiting(timeline, pid, on) and timeline.proposals[pid].terms.open_ended
    ):
        lines.append("open-ended")
    labels = [
        escaped(f"obligation {o['name']}" + (f" ({o['by']})" if o["by"] else "") + ":")
        for o in info["obligations"]
    ]
    width = max(map(len, labels), default=0)
    for label, o in zip(labels, info["obligations"], strict=True):
        due = f"due {o['due']}" if o["due"] else "no deadline yet"
        if o["original_due"] not in (None, o["due"]):
            due += f" (first {o['original_due']})"
        reported = "".join(f", {what} {o[what]}" for what in ("fulfilled", "missed") if o[what])
        state = paint(f"{o['state']:<10}", _COLOURS[o["state"]])
        lines.append(f"{label:<{width}} {state} {due}{reported}")
    return [f"      {line}".rstrip() for line in lines]
