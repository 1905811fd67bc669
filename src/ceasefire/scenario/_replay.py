"""Replaying a scenario: events in time order, timers in between, checkpoints compared."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, tzinfo

import attrs

from ceasefire._codes import ErrorCode
from ceasefire._errors import CeasefireError, Problem, ScenarioError, format_path
from ceasefire.core._characters import check_callable, check_choice, check_instance
from ceasefire.core._collector import paused
from ceasefire.core._instants import (
    When,
    check_when,
    day_of,
    in_zone,
    instant_key,
    isoformat,
    localized,
)
from ceasefire.core._model import Proposal
from ceasefire.core._negotiation import Engine, Negotiation
from ceasefire.core._variables import Value
from ceasefire.scenario._applying import apply_event, held, in_order, move_to
from ceasefire.scenario._certainty import PossibleStates, Uncertain
from ceasefire.scenario._disputes import DisputeRule, known_by, rule_named
from ceasefire.scenario._local import local_parts
from ceasefire.scenario._obligations import Deadlines
from ceasefire.scenario._same_day import SameDay, before_timers
from ceasefire.scenario._scenario import NOT_PROPOSED, Checkpoint, Event, Scenario
from ceasefire.scenario._timeline import (
    CheckpointResult,
    Entry,
    Timeline,
    as_of_key,
    change_precision,
)

__all__ = ["apply_event", "check_checkpoints", "replay"]


def replay(
    scenario: Scenario,
    *,
    until: When | None = None,
    collect: bool = False,
    rule: DisputeRule | None = None,
    progress: Callable[[int, int], None] | None = None,
    engine: Engine = "transitions",
    as_known_on: When | None = None,
    same_day: SameDay | None = None,
) -> Timeline:
    """Replay `scenario`'s events in time order and return the `Timeline`.

    Events are applied in order of their instant; events at the same instant
    keep the order they are written in. Before each event the clock moves to
    it, firing every timer due by then; under `SameDay.EVENTS_FIRST`, an
    event dated only to the day (or more coarsely) comes before the timers due
    exactly at its instant, which fire right after it. Afterwards the clock moves to the end
    of `until` (default: the day of the last event or checkpoint), and the
    checkpoints up to then are compared with the result.

    With a `Scenario.timezone`, every plain date of the scenario is a local
    day: an event dated 2025-03-18 happens at local midnight, terms' starts,
    ends and response deadlines and an event's new end begin at local
    midnight, durations count local calendar days (across a change to summer
    time too), and a checkpoint's day, `until` and the timeline's questions
    on a date mean the end of that local day. A time with its UTC offset is
    an exact instant either way. Without a zone, plain dates are UTC days.

    Args:
        scenario: The scenario to replay.
        until: Replay time up to the end of this day (a local day of the
            scenario's zone), or this instant.
        collect: Collect-all mode: skip refused events and list each in
            `Timeline.problems`, instead of stopping at the first.
        rule: Which version of a disputed event to replay (default: the
            scenario's `dispute_rule`, itself as written by default).
        progress: Called as ``progress(done, total)`` after each event, for
            a progress display; it must not raise.
        engine: What steps the proposals (see `Negotiation`): the
            ``"transitions"`` machine, the reference, or ``"table"``
            lookups, faster for large scenarios. The timeline is the same.
        as_known_on: Replay the record as it stood on this day (or at this
            instant): only the events, and the versions of disputed events,
            reported by then (see `Event.reported`).

    The timeline can also say how certain its answers are: see
    `Timeline.possible_states_on`.
        same_day: The same-day order (default: the scenario's `same_day`,
            itself timers first by default).

    Python's cyclic garbage collector is paused while the replay runs (it
    finds nothing to free in one, and would take a third of the time of a
    large one), and restored afterwards.

    Raises:
        ScenarioError: In strict mode (the default), the first refused event,
            with its file and line.
        WrongTypeError: `scenario` is not a `Scenario`.
        ClockError: `until` is not a date or an aware datetime.
    """
    check_instance("scenario", scenario, Scenario, "a Scenario (read one with load_scenario)")
    check_instance("collect", collect, bool, "true or false")
    check_callable("rule", rule)
    check_callable("progress", progress)
    check_choice("engine", engine, ("transitions", "table"))
    if same_day is not None:
        check_instance("same_day", same_day, SameDay, "a SameDay or None")
    if until is not None:
        check_when(until, "until")
    if as_known_on is not None:
        check_when(as_known_on, "as_known_on")
    if same_day is not None:
        scenario = attrs.evolve(scenario, same_day=same_day)
    with paused():
        return _replay(
            scenario,
            until=until,
            collect=collect,
            rule=rule,
            progress=progress,
            engine=engine,
            as_known_on=as_known_on,
        )


def _replay(
    scenario: Scenario,
    *,
    until: When | None = None,
    collect: bool = False,
    rule: DisputeRule | None = None,
    progress: Callable[[int, int], None] | None = None,
    engine: Engine = "transitions",
    as_known_on: When | None = None,
) -> Timeline:
    """Replay `scenario`; see `replay`."""
    choose = rule or rule_named(scenario.dispute_rule, scenario.source_ranking)
    zone = scenario.timezone
    events, proposals = local_parts(scenario)
    known: list[Event | None] = list(events)
    if as_known_on is not None:
        limit = as_of_key(as_known_on, zone)
        known = [known_by(event, limit) for event in events]
    order = in_order([(i, choose(e)) for i, e in enumerate(known) if e is not None])
    end = until if until is not None else _last_day(order, scenario)
    last = as_of_key(end, zone)
    negotiation = Negotiation(
        start=_first(order, scenario, end), parties=scenario.parties.values(), engine=engine
    )
    entries: list[Entry] = []
    problems: list[Problem] = []
    deadlines = Deadlines()
    total = len(order)
    for done, (key, index, event) in enumerate(order, start=1):
        if progress is not None:
            progress(done, total)
        if key > last:
            break
        first = before_timers(scenario.same_day, event.precision)
        for error in _step(
            negotiation, proposals, event, entries, first=first, deadlines=deadlines
        ):
            problem = _locate(scenario, ("events", index), str(error), error.code)
            if not collect:
                raise ScenarioError([problem]) from None
            problems.append(problem)
    if last > instant_key(negotiation.now):
        try:
            entries.extend(Entry(c.at, c, None) for c in negotiation.advance_to(last))
        except CeasefireError as error:  # a timer beyond the calendar, for one
            problem = _locate(scenario, ("events",), str(error), error.code)
            if not collect:
                raise ScenarioError([problem]) from None
            problems.append(problem)
    uncertain = Uncertain(
        known=tuple(known),
        parties=tuple(scenario.parties.values()),
        last=last,
        same_day=scenario.same_day,
        zone=zone,
    )
    timeline = Timeline(
        dict(proposals),
        tuple(entries),
        end,
        tuple(problems),
        timezone=zone,
        uncertain=uncertain,
    )
    return _checked(scenario, timeline)


def _first(order: list[tuple[datetime, int, Event]], scenario: Scenario, end: When) -> When:
    """The earliest of the first event (as replayed), the checkpoints and `end`: the clock's start.

    The days of the checkpoints and of `end` start at local midnight in the
    scenario's zone (the calendar's first day is taken as it is).
    """
    zone = scenario.timezone
    times = [
        *(e.at for _, _, e in order[:1]),
        *(localized(c.as_of, zone) for c in scenario.checkpoints),
        end if end == date.min else localized(end, zone),
    ]
    return min(times, key=instant_key)


def _step(
    negotiation: Negotiation,
    proposals: Mapping[str, Proposal],
    event: Event,
    entries: list[Entry],
    *,
    first: bool,
    deadlines: Deadlines,
) -> Iterator[CeasefireError]:
    """Move the clock to `event` and apply it, adding to `entries`; yield what refused it.

    With `first` (events first), the timers due at its instant wait until it
    has been applied, and fire then.
    """
    refused = False
    try:
        timers = move_to(negotiation, event, first=first)
        if timers:
            entries.extend([Entry(c.at, c, None) for c in timers])
        count = negotiation.change_count
        apply_event(negotiation, proposals, event, deadlines=deadlines)
    except CeasefireError as error:
        yield error
        refused, count = True, negotiation.change_count
    made = negotiation.change_count - count
    if made:
        new = negotiation.last_changes()[-made:]
        entries.append(Entry(new[0].at, new[0], event))
        if made > 1:
            entries.extend([Entry(c.at, c, None) for c in new[1:]])
    elif not refused:  # a context event, an obligation met, an incident outside the scope
        entries.append(Entry(event.at, None, event))
    if first:  # the timers the event came before fire now, whatever became of it
        try:
            entries.extend(Entry(c.at, c, None) for c in held(negotiation, event))
        except CeasefireError as error:  # pragma: no cover - a rule of your own failing
            yield error


def _checked(scenario: Scenario, timeline: Timeline) -> Timeline:
    """Return `timeline` with the results of `scenario`'s checkpoints."""
    if not scenario.checkpoints:
        return timeline
    return attrs.evolve(timeline, checkpoints=tuple(check_checkpoints(scenario, timeline)))


def check_checkpoints(scenario: Scenario, timeline: Timeline) -> Iterator[CheckpointResult]:
    """Compare `scenario`'s checkpoints with `timeline`; those after its end are left out."""
    zone = timeline.timezone
    end = as_of_key(timeline.end, zone)
    for index, checkpoint in enumerate(scenario.checkpoints):
        if as_of_key(checkpoint.as_of, zone) > end:
            continue
        failures = tuple(_failures(checkpoint, timeline))
        where = _locate(scenario, ("checkpoints", index), "", ErrorCode.CHECKPOINT_FAILED)
        yield CheckpointResult(checkpoint, failures, where)


def _failures(checkpoint: Checkpoint, timeline: Timeline) -> Iterator[str]:
    on = isoformat(timeline.shown(checkpoint.as_of))
    for pid, expected in checkpoint.states.items():
        actual = timeline.state_of(pid, checkpoint.as_of)
        if actual != expected:
            yield (
                f"on {on} expected {pid} {expected}, replay says "
                f"{actual or 'not yet proposed'}{_last(timeline, pid, checkpoint.as_of)}"
            )
    for pid, answers in checkpoint.positions.items():
        for party, expected_stance in answers.items():
            position = timeline.position(pid, party, checkpoint.as_of)
            if position.stance is not expected_stance:
                yield (
                    f"on {on} expected {party} {expected_stance.value} on {pid}, replay says "
                    f"{position.stance.value}{_last(timeline, pid, checkpoint.as_of)}"
                )
    for pid, expected_obligations in checkpoint.obligations.items():
        for status in timeline.obligations(pid, checkpoint.as_of):
            expected_state = expected_obligations.get(status.obligation.name)
            if expected_state is not None and status.state is not expected_state:
                yield (
                    f"on {on} expected obligation {status.obligation.name} of {pid} "
                    f"{expected_state.value}, replay says {status.state.value}"
                )
    yield from _variable_failures(checkpoint, timeline, on)
    yield from _certainty_failures(checkpoint, timeline, on)
    if checkpoint.in_force is not None:
        actual_in_force = timeline.in_force(checkpoint.as_of)
        if set(actual_in_force) != set(checkpoint.in_force):
            yield (
                f"on {on} expected in force: {', '.join(checkpoint.in_force) or 'nothing'}; "
                f"replay says: {', '.join(actual_in_force) or 'nothing'}"
            )


def _variable_failures(checkpoint: Checkpoint, timeline: Timeline, on: str) -> Iterator[str]:
    """The checkpoint's expected variables that the replay does not give."""
    for pid, expected_values in checkpoint.variables.items():
        actual_values = timeline.variables(pid, checkpoint.as_of)
        zone = timeline.timezone
        for name, expected in expected_values.items():
            actual = actual_values.get(name)
            if actual is None or not _same_value(expected, actual, timeline):
                yield (
                    f"on {on} expected {name} of {pid} {_value_text(expected, zone)}, replay "
                    f"says {'no value' if actual is None else _value_text(actual, zone)}"
                    f"{_last(timeline, pid, checkpoint.as_of)}"
                )


def _same_value(expected: Value, actual: Value, timeline: Timeline) -> bool:
    """Whether a variable holds what a checkpoint expects: a day expected holds any time of it.

    A day is a local day of the timeline's zone, as a checkpoint's own day is.
    """
    if type(expected) is date and isinstance(actual, datetime):
        return day_of(in_zone(actual, timeline.timezone)) == expected
    return actual == expected and type(actual) is type(expected)


def _value_text(value: Value, zone: tzinfo | None) -> str:
    """A value as a file writes it: 2024-06-01 (the start of a local day as the day), true, 3."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return isoformat(in_zone(value, zone, day=True))
    return repr(value) if isinstance(value, str) else str(value)


def _certainty_failures(checkpoint: Checkpoint, timeline: Timeline, on: str) -> Iterator[str]:
    """The checkpoint's expectations of certainty that the record contradicts."""
    for pid, expected in checkpoint.certain.items():
        answer = timeline.possible_states_on(pid, checkpoint.as_of)
        if answer.states != (expected,):
            yield (
                f"on {on} expected {pid} certainly {expected}, the record allows "
                f"{_states_text(answer.states)}{_because_text(answer)}"
            )
    for pid, states in checkpoint.possible.items():
        answer = timeline.possible_states_on(pid, checkpoint.as_of)
        expected_states = {None if s == NOT_PROPOSED else s for s in states}
        if set(answer.states) != expected_states:
            yield (
                f"on {on} expected {pid} possibly {_states_text(tuple(expected_states))}, "
                f"the record allows {_states_text(answer.states)}{_because_text(answer)}"
            )
    if checkpoint.possibly_in_force is not None:
        possibly = timeline.in_force_on(checkpoint.as_of).possibly
        if set(possibly) != set(checkpoint.possibly_in_force):
            yield (
                f"on {on} expected possibly in force: "
                f"{', '.join(checkpoint.possibly_in_force) or 'nothing'}; "
                f"the record says: {', '.join(possibly) or 'nothing'}"
            )


def _states_text(states: tuple[str | None, ...]) -> str:
    return " or ".join(NOT_PROPOSED if s is None else s for s in states) or "nothing"


def _because_text(answer: PossibleStates) -> str:
    reasons = "; ".join(u.text for u in answer.because)
    return f" ({reasons})" if reasons else ""


def _last(timeline: Timeline, pid: str, on: When) -> str:
    change = timeline.last_change(pid, on)
    if change is None:
        return ""
    who = f" by {change.by}" if change.by else f" ({change.cause.value})"
    source = f" [{change.source.ref}]" if change.source else ""
    at = isoformat(timeline.shown(change.at, change_precision(change, timeline.timezone)))
    return f"; last change {at} {change.trigger}{who}{source}"


def _locate(
    scenario: Scenario, path: tuple[str | int, ...], message: str, code: ErrorCode
) -> Problem:
    if scenario.origin is not None:
        return scenario.origin.problem(path, message, code)
    return Problem(f"<scenario {scenario.id}>", None, None, format_path(path), message, code)


def _last_day(order: list[tuple[datetime, int, Event]], scenario: Scenario) -> date:
    """The day of the last event (as replayed) or checkpoint (or the calendar's first day).

    `order` is the events by instant (`in_order`), so the last is the latest.
    """
    zone = scenario.timezone
    times = [e.at for _, _, e in order[-1:]] + [
        localized(c.as_of, zone) for c in scenario.checkpoints
    ]
    if not times:
        return date.min
    latest = max(times, key=instant_key)
    return day_of(in_zone(latest, zone))
