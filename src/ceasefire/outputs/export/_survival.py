"""Survival rows: how long each ceasefire lasted, in the long start/stop/event layout.

One row per ceasefire and interval, in the "counting process" layout that
lifelines' ``CoxTimeVaryingFitter`` and R's ``Surv(start, stop, event)``
read. The rules are those of the reference page "Exports", section
"Survival rows"; in short:

- **Which proposals.** Those whose lifecycle has a state that is in force
  and that came into force by the end of the record. The clock starts (day
  0) at the first change into an in-force state.
- **When it ends.** At the first later change into a state named in
  `failures` (default `FAILURES`: ``terminated``): the event, ``1``. Or at
  the first later change into a final state that is not in force
  (``expired``, ``superseded``): censored, ``0``. Or at the end of the
  record: censored. A final state that is in force (a ratified agreement)
  never ends it.
- **Intervals.** A new one starts wherever a covariate changes: the state
  (``suspended`` is 1 in a state that is not in force), or the first
  extension (``extended``). ``mediated`` and ``partial`` hold for the whole
  ceasefire, as in the ceasefire rows.
- **Days.** ``start`` and ``stop`` count days since the ceasefire came into
  force on the clocks of the scenario's zone (UTC without one), so a 30-day
  truce across a change to summer time lasts 30 days; fractions of a day
  are kept. An interval holds from ``start`` (inclusive) to ``stop``
  (exclusive). Changes that fall on the same instant leave no interval
  between them (the covariates after the last of them hold), and a
  ceasefire that came into force and ended at the same instant has no rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime, timedelta

import attrs
from attrs import frozen

from ceasefire.core._history import Change
from ceasefire.core._instants import When, instant_key, isoformat, localized
from ceasefire.core._model import Lifecycle, Proposal
from ceasefire.core._values import DatePrecision
from ceasefire.outputs.export._cf import date_precision, is_mediated, is_partial
from ceasefire.scenario._scenario import Scenario
from ceasefire.scenario._timeline import Timeline, as_of_key

__all__ = ["FAILURES", "SURVIVAL_COLUMNS", "survival_rows"]

SURVIVAL_COLUMNS = (
    "id",
    "start",
    "stop",
    "event",
    "extended",
    "suspended",
    "state",
    "mediated",
    "partial",
    "end_state",
    "start_date",
    "start_precision",
    "stop_date",
    "stop_precision",
)
"""The columns of `survival_rows`, in order."""

FAILURES = ("terminated",)
"""The states that count as a ceasefire breaking down by default: ended early by a party."""

_DAY = timedelta(days=1)
_TICK = timedelta(microseconds=1)


def survival_rows(
    scenario: Scenario, timeline: Timeline, *, failures: Collection[str] | None = None
) -> list[dict[str, str]]:
    """Return one row per ceasefire and interval: the long start/stop/event layout.

    A ceasefire is a proposal whose lifecycle has an in-force state and that
    came into force by the end of the record; its clock starts then. Its
    last interval ends with the event (``event`` ``1``) when it enters a
    state named in `failures`, and is censored (``0``) when it enters a final
    state that is not in force, or when the record ends. The module's text
    and the reference page "Exports" give every rule.

    Args:
        scenario: The scenario that was replayed (for the parties' roles).
        timeline: What `replay` returned for it.
        failures: The states whose entry counts as the ceasefire breaking
            down; default `FAILURES` (``terminated``). Name ``suspended`` too
            to end a ceasefire at its first suspension.

    Returns:
        The rows, ceasefires in the order the proposals are written and each
        one's intervals in time order, with the columns `SURVIVAL_COLUMNS`;
        every value is text ("" when empty).

    Raises:
        ValueError: A state in `failures` is a state of no lifecycle in the timeline.
    """
    failing = frozenset(FAILURES if failures is None else _checked(failures, timeline))
    censored_at = _end_of_record(timeline)
    rows: list[dict[str, str]] = []
    for pid, proposal in timeline.proposals.items():
        changes = timeline.history(pid)
        lifecycle = proposal.lifecycle
        effect = next(
            (i for i, c in enumerate(changes) if lifecycle.state(c.to_state).in_force), None
        )
        if effect is None:
            continue
        fixed = {
            "mediated": _flag(is_mediated(scenario, proposal, changes)),
            "partial": _flag(is_partial(proposal.terms)),
        }
        for interval in _intervals(
            timeline, proposal, changes, effect, failing=failing, censored_at=censored_at
        ):
            rows.append({"id": pid, **interval, **fixed})
    return [{column: row[column] for column in SURVIVAL_COLUMNS} for row in rows]


def _checked(failures: Collection[str], timeline: Timeline) -> Collection[str]:
    known = {s for p in timeline.proposals.values() for s in p.lifecycle.state_names}
    unknown = [name for name in failures if name not in known]
    if unknown:
        raise ValueError(
            f"failures: {', '.join(map(repr, unknown))} is not a state of any lifecycle "
            f"in this timeline; its states: {', '.join(sorted(known))}"
        )
    return failures


def _end_of_record(timeline: Timeline) -> tuple[When, DatePrecision]:
    """Where a ceasefire still going is censored: the day after the last, or the end instant."""
    end = timeline.end
    if isinstance(end, datetime):
        return end, DatePrecision.TIME
    if end == date.max:  # the calendar's last day ends with the calendar
        return as_of_key(end, timeline.timezone), DatePrecision.TIME
    return end + _DAY, DatePrecision.DAY


@frozen
class _Cut:
    """Where an interval starts (or the ceasefire's time ends), and what holds from there.

    Attributes:
        at: The instant.
        precision: How precisely it is known.
        state: The state from there ("" at the end).
        extended: Whether it had been extended by then.
        clock: Microseconds from the ceasefire's start to `at`, on the zone's clock.
    """

    at: When
    precision: DatePrecision
    state: str
    extended: bool
    clock: int


def _intervals(
    timeline: Timeline,
    proposal: Proposal,
    changes: Sequence[Change],
    effect: int,
    *,
    failing: frozenset[str],
    censored_at: tuple[When, DatePrecision],
) -> list[dict[str, str]]:
    """The intervals of one ceasefire, as row fields (without its id and fixed covariates)."""
    lifecycle = proposal.lifecycle
    zone = timeline.timezone
    origin = _clock(changes[effect].at, timeline)

    def cut(at: When, precision: DatePrecision, state: str, extended: bool) -> _Cut:
        return _Cut(at, precision, state, extended, (_clock(at, timeline) - origin) // _TICK)

    def changed(index: int, state: str, extended: bool) -> _Cut:
        precision = date_precision(proposal, changes, index, zone)
        return cut(changes[index].at, precision, state, extended)

    extended = any(_extends(lifecycle, c) for c in changes[: effect + 1])
    cuts = [changed(effect, changes[effect].to_state, extended)]
    end_state = ""
    for index in range(effect + 1, len(changes)):
        change = changes[index]
        state = lifecycle.state(change.to_state)
        if change.moved and (state.name in failing or (state.final and not state.in_force)):
            end_state = state.name
            cuts.append(changed(index, "", extended))
            break
        extended = extended or _extends(lifecycle, change)
        if (change.to_state, extended) != (cuts[-1].state, cuts[-1].extended):
            cuts.append(changed(index, change.to_state, extended))
    else:
        cuts.append(cut(*censored_at, "", extended))
    return _rows(timeline, lifecycle, _kept(cuts), end_state, failing)


def _kept(cuts: list[_Cut]) -> list[_Cut]:
    """The cuts that bound intervals of some length, the last of the cuts at one time holding.

    The clock never runs backwards here: a cut earlier on the clock than the
    one before it (inside an hour the clocks repeat) counts as at it. Of cuts
    at one time the last holds, and a cut that changes nothing is dropped;
    so no interval has zero length, and the end stays last.
    """
    kept: list[_Cut] = []
    for n, cut in enumerate(cuts):
        item = cut
        if kept and item.clock <= kept[-1].clock:
            item = attrs.evolve(item, clock=kept[-1].clock)
            kept.pop()
        same = bool(kept) and (item.state, item.extended) == (kept[-1].state, kept[-1].extended)
        if not same or n == len(cuts) - 1:
            kept.append(item)
    return kept


def _rows(
    timeline: Timeline,
    lifecycle: Lifecycle,
    cuts: list[_Cut],
    end_state: str,
    failing: frozenset[str],
) -> list[dict[str, str]]:
    rows = []
    for first, last in itertools.pairwise(cuts):
        rows.append(
            {
                "start": _number(first.clock),
                "stop": _number(last.clock),
                "event": "0",
                "extended": _flag(first.extended),
                "suspended": _flag(not lifecycle.state(first.state).in_force),
                "state": first.state,
                "end_state": "",
                "start_date": _date(first, timeline),
                "start_precision": first.precision.value,
                "stop_date": _date(last, timeline),
                "stop_precision": last.precision.value,
            }
        )
    if rows:
        rows[-1]["end_state"] = end_state
        rows[-1]["event"] = _flag(end_state in failing)
    return rows


def _extends(lifecycle: Lifecycle, change: Change) -> bool:
    """Whether `change` is an action that sets a new end (``extend``)."""
    action = lifecycle.action(change.trigger)
    return action is not None and action.changes_end


def _clock(at: When, timeline: Timeline) -> datetime:
    """The wall-clock time of `at` in the timeline's zone (UTC without one), as a naive datetime."""
    key = instant_key(localized(at, timeline.timezone))
    try:
        return key.astimezone(timeline.timezone or UTC).replace(tzinfo=None)
    except OverflowError:  # the calendar's edge, beyond the zone's clocks: UTC's
        return key.replace(tzinfo=None)


def _number(micros: int) -> str:
    """Days as text: a whole number when whole (``30``), else the shortest exact float."""
    whole, rest = divmod(micros, _DAY // _TICK)
    return str(whole) if not rest else repr(micros / (_DAY // _TICK))


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _date(cut: _Cut, timeline: Timeline) -> str:
    return isoformat(timeline.shown(cut.at, cut.precision))
