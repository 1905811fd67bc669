"""The status command: where each proposal stands on a day, and how certain that is."""

from __future__ import annotations

import json
from typing import Any, TextIO

from ceasefire.cli._standing import end_and_obligation_lines, end_and_obligations
from ceasefire.cli._terminal import Paint, escaped
from ceasefire.core._instants import When, isoformat
from ceasefire.core._model import Lifecycle
from ceasefire.core._values import DatePrecision, Participation
from ceasefire.scenario._certainty import Likelihood, PossibleStates, in_force_on
from ceasefire.scenario._timeline import Timeline

__all__ = ["print_status", "uncertainty_text"]


def print_status(
    timeline: Timeline, on: When | None, format: str, out: TextIO, paint: Paint
) -> None:
    """Print where each proposal stands as of `on`, with its certainty, as a table or JSON."""
    as_of = on if on is not None else timeline.end
    proposals: dict[str, Any] = {}
    answers: dict[str, PossibleStates] = {}
    in_force_now = set(timeline.in_force(as_of))
    for pid in _in_the_order_proposed(timeline):
        answer = answers[pid] = timeline.possible_states_on(pid, as_of)
        if answer.states == (None,):
            continue
        state = answer.state
        entered = timeline.entered(pid, as_of) if state is not None else None
        proposals[pid] = {
            "state": state,
            "in_force": pid in in_force_now,
            "positions": {p.party: p.stance.value for p in timeline.positions(pid, as_of)}
            if state is not None
            else {},
            "since": isoformat(timeline.shown(entered)) if entered is not None else None,
            "possible_states": list(answer.states),
            "certain": answer.certain,
            "in_force_is": answer.in_force.value,
            "uncertain_because": [
                {"event": u.event, "action": u.action, "what": u.text} for u in answer.because
            ],
        }
        if state is not None:
            proposals[pid]["participation"] = _participation(timeline, pid, as_of)
            proposals[pid].update(end_and_obligations(timeline, pid, as_of))
    forces = in_force_on(answers)
    in_force = {"certainly": list(forces.certainly), "possibly": list(forces.possibly)}
    shown = isoformat(timeline.shown(as_of, DatePrecision.TIME))  # a day stays a day
    zone = {} if timeline.timezone is None else {"timezone": timeline.timezone.key}
    if format == "json":
        json.dump(
            {
                "as_of": shown,
                **zone,
                "proposals": proposals,
                "in_force": in_force,
            },
            out,
            indent=2,
        )
        out.write("\n")
        return
    local = f" ({timeline.timezone.key} time)" if timeline.timezone is not None else ""
    print(f"as of the end of {shown}{local}:", file=out)
    for pid, info in proposals.items():
        out_of = info.get("participation", {})
        answers_text = escaped(
            ", ".join(
                f"{p} {s}" + (f" ({out_of[p]})" if p in out_of else "")
                for p, s in info["positions"].items()
            )
        )
        lifecycle = timeline.proposals[pid].lifecycle
        final = info["state"] is not None and lifecycle.state(info["state"]).final
        colour = "green" if info["in_force"] else "grey" if final else "yellow"
        shown = info["state"] or "not proposed"
        state = paint(f"{escaped(shown):<12}", colour)
        since = info["since"] or "-"
        line = f"  {escaped(pid):<32} {state} since {since:<12} {answers_text}"
        print(line.rstrip(), file=out)
        if not info["certain"]:
            print(f"      {escaped(uncertainty_text(answers[pid], lifecycle))}", file=out)
        if info["state"] is not None:
            for extra in end_and_obligation_lines(timeline, pid, as_of, info, paint):
                print(extra, file=out)
    certainly = escaped(", ".join(forces.certainly))
    line = f"in force: {paint(certainly, 'green') or 'nothing'}"
    if forces.possibly:
        line += f"; possibly: {paint(escaped(', '.join(forces.possibly)), 'yellow')}"
    print(line, file=out)


def _in_the_order_proposed(timeline: Timeline) -> list[str]:
    """The proposals in the order the replay puts them on the table (a log's order too)."""
    first: dict[str, int] = {}
    for number, entry in enumerate(timeline.entries):
        pid = entry.change.proposal if entry.change is not None else None
        if pid is not None and pid not in first:
            first[pid] = number
    return sorted(timeline.proposals, key=lambda pid: first.get(pid, len(timeline.entries)))


def _participation(timeline: Timeline, pid: str, on: When) -> dict[str, str]:
    """The parties of `pid` not taking part as of `on`: suspended or withdrawn, by id."""
    return {
        p.party: p.participation.value
        for p in timeline.positions(pid, on)
        if p.participation is not Participation.PARTICIPATING
    }


def uncertainty_text(answer: PossibleStates, lifecycle: Lifecycle) -> str:
    """Say what else a proposal may have been in, and why: ``(possibly accepted, ...: ...)``."""

    def name(state: str | None) -> str:
        return "not yet proposed" if state is None else state

    others = [name(s) for s in answer.states if s != answer.state]
    text = f"(possibly {' or '.join(others)}"
    if answer.in_force is Likelihood.POSSIBLY:
        chosen_in_force = answer.state is not None and lifecycle.state(answer.state).in_force
        text += ", not in force" if chosen_in_force else ", in force"
    if not answer.exact:
        text += ": too many placements to replay each"
    reasons = "; ".join(u.text for u in answer.because)
    return f"{text}: {reasons})" if reasons else f"{text})"
