"""Obligation rows: one row per obligation of every proposal, as it stands at the end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ceasefire.core._instants import When, isoformat
from ceasefire.outputs.export._values import plain
from ceasefire.scenario._obligations import ObligationStatus
from ceasefire.scenario._scenario import Scenario
from ceasefire.scenario._timeline import Timeline

__all__ = ["OBLIGATION_COLUMNS", "obligation_json", "obligation_rows"]

OBLIGATION_COLUMNS = (
    "proposal",
    "obligation",
    "by",
    "within",
    "description",
    "state",
    "original_due",
    "due",
    "extensions",
    "fulfilled",
    "missed",
)
"""The columns of `obligation_rows`, in order."""


def obligation_rows(scenario: Scenario, timeline: Timeline) -> list[dict[str, str]]:
    """Return one row per obligation of each proposal made by the end, as it stands then.

    The state is the one `Timeline.obligations` gives at the end of the
    timeline: pending, met, missed or unreported. Join the rows to the other
    exports on ``proposal``.

    Args:
        scenario: The scenario that was replayed (unused: for symmetry with the others).
        timeline: What `replay` returned for it.

    Returns:
        The rows, proposals in the order they are written and their obligations
        in the order of their terms, with the columns `OBLIGATION_COLUMNS`;
        every value is text ("" when empty or unknown).
    """
    del scenario
    rows = []
    for pid in timeline.proposals:
        if timeline.state_of(pid) is None:
            continue
        for status in timeline.obligations(pid):
            fields = _fields(status, timeline.shown).items()
            rows.append({"proposal": pid, **{k: "" if v is None else str(v) for k, v in fields}})
    return rows


def obligation_json(
    status: ObligationStatus, shown: Callable[[When], When] | None = None
) -> dict[str, Any]:
    """Return one obligation's standing as JSON-native data.

    The keys are those of `obligation_rows` but ``proposal``, with ``name``
    for ``obligation`` (as in the terms and in ``status``), and every
    deadline it has had (``deadlines``, the first counted from the start)
    instead of the number of ``extensions``; an absent value is ``None``.
    Each time is written as `shown` gives it (`Timeline.shown`: local to the
    scenario's zone); as it is, without it.
    """
    found = {"name": status.obligation.name, **_fields(status, shown)}
    del found["obligation"], found["extensions"]
    found["deadlines"] = [_text(d, shown) for d in status.deadlines]
    return found


def _fields(status: ObligationStatus, shown: Callable[[When], When] | None) -> dict[str, Any]:
    obligation = status.obligation
    return {
        "obligation": obligation.name,
        "by": obligation.by,
        "within": plain(obligation.within),
        "description": obligation.description,
        "state": status.state.value,
        "original_due": _text(status.original_due, shown),
        "due": _text(status.due, shown),
        "extensions": len(status.deadlines) - 1 if status.deadlines else 0,
        "fulfilled": _text(status.fulfilled, shown),
        "missed": _text(status.missed, shown),
    }


def _text(when: When | None, shown: Callable[[When], When] | None) -> str | None:
    if when is None:
        return None
    return isoformat(when if shown is None else shown(when))
