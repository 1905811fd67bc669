"""Restoring a snapshot: every bad or tampered document is refused with one clear line."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from snapshot_cases import talks, tied

from ceasefire import (
    Lifecycle,
    Negotiation,
    Proposal,
    Registry,
    ScenarioError,
    State,
    Terms,
    Timer,
)
from ceasefire.files.snapshot import FORMAT, restore, snapshot

START = date(2025, 1, 1)
DAY = timedelta(days=1)


# -- refusals ---------------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], object]


def _set(*path: str | int, to: object) -> Mutation:
    """Return a mutation that sets the value at `path`."""

    def mutate(document: dict[str, Any]) -> object:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = to
        return document

    return mutate


def _drop(*path: str | int) -> Mutation:
    """Return a mutation that removes the key at `path`."""

    def mutate(document: dict[str, Any]) -> object:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
        return document

    return mutate


def _swap(key: str, first: int, second: int) -> Mutation:
    """Return a mutation that swaps two items of the list at `key`."""

    def mutate(document: dict[str, Any]) -> object:
        items = document[key]
        items[first], items[second] = items[second], items[first]
        return document

    return mutate


REFUSALS: dict[str, tuple[Mutation, str]] = {
    "not a mapping": (
        lambda d: [d],
        "<snapshot>: expected a snapshot: a mapping with format and version, found a list",
    ),
    "wrong format": (
        _set("format", to="ceasefire-scenario"),
        "<snapshot>: format: not a ceasefire snapshot: expected format 'ceasefire-snapshot', "
        "found format 'ceasefire-scenario'",
    ),
    "no format": (
        _drop("format"),
        "not a ceasefire snapshot: expected format 'ceasefire-snapshot', found no format",
    ),
    "unknown version": (
        _set("version", to=7),
        "<snapshot>: version: snapshot version 7 is not supported; this library reads version 1",
    ),
    "version as text": (_set("version", to="1"), "snapshot version '1' is not supported"),
    "missing version": (
        _drop("version"),
        "<snapshot>: missing required key 'version'; this library reads version 1",
    ),
    "malformed state": (
        _set("proposals", 0, "status", "state", to=3),
        "<snapshot>: proposals[0].status.state: expected text, found the number 3",
    ),
    "unknown key": (
        _set("proposals", 0, "status", "colour", to="red"),
        "proposals[0].status.colour: unknown key 'colour'",
    ),
    "missing key": (_drop("history", 0, "to"), "<snapshot>: history[0]: missing required key 'to'"),
    "malformed stance": (
        _set("proposals", 0, "status", "positions", 0, "stance", to="yes"),
        "proposals[0].status.positions[0].stance: expected one of pending, accepted,",
    ),
    "malformed proposal": (
        _set("proposals", 0, "proposal", "duration", to="thirty days"),
        "proposals[0].proposal.duration: expected an ISO 8601 duration such as P30D",
    ),
    "impossible date": (
        _set("now", to="2025-02-30"),
        "<snapshot>: now: expected a date that exists, found '2025-02-30'",
    ),
    "date in words": (
        _set("now", to="20 March 2025"),
        "<snapshot>: now: expected a date such as 2025-03-11",
    ),
    "naive time": (
        _set("now", to="2025-03-20T10:00:00"),
        "now: expected a time with its UTC offset",
    ),
    "unknown zone": (
        _set("now", to="2025-03-20T10:00:00+02:00[Mars/Olympus]"),
        "now: unknown time zone 'Mars/Olympus'",
    ),
    "wrong offset for zone": (
        _set("now", to="2025-03-20T10:00:00+05:00[Europe/Kyiv]"),
        "now: 2025-03-20T10:00:00+05:00 does not have the UTC offset of Europe/Kyiv",
    ),
    "malformed cause": (
        _set("history", 1, "cause", to="magic"),
        "history[1].cause: expected one of proposal, action, timer, found 'magic'",
    ),
    "tampered history": (
        _set("history", 1, "to", to="active"),
        "<snapshot>: history[1]: lifecycle 'ceasefire' has no action 'accept' from 'proposed' to "
        "'active': the history is not a path through its table",
    ),
    "tampered history start": (
        _set("history", 0, "to", to="active"),
        "history[0]: a proposal of lifecycle 'ceasefire' starts in 'proposed', not 'active'",
    ),
    "history skips a state": (
        _set("history", 2, "from", to="accepted"),
        "history[2].from: 'truce' is in 'proposed' by then, not 'accepted'",
    ),
    "history before its proposal": (
        _swap("history", 0, 1),
        "history[0]: the first change of 'truce' is 'accept' (action); it must be its proposal",
    ),
    "proposed twice": (
        _set("history", 1, "cause", to="proposal"),
        "history[1]: 'truce' is proposed a second time",
    ),
    "tampered state": (
        _set("proposals", 0, "status", "state", to="expired"),
        "<snapshot>: proposals[0].status.state: 'truce' is in 'expired' here, but its history "
        "leaves it in 'active'",
    ),
    "tampered answer": (
        _set("proposals", 0, "status", "positions", 1, "stance", to="rejected"),
        "proposals[0].status.positions[1]: 'RU' is rejected here, but its history gives accepted "
        "at 2025-03-18",
    ),
    "positions of other parties": (
        _drop("proposals", 0, "status", "positions", 1),
        "proposals[0].status.positions: the positions are those of UA; 'truce' needs UA, RU",
    ),
    "tampered timer": (
        _set("timers", 1, "from", to="proposed"),
        "<snapshot>: timers[1].from: timer 'expire' runs in 'proposed', but 'truce' is in 'active'",
    ),
    "timer of another state": (
        _set("timers", 0, "timer", to="expire"),
        "timers[0].timer: lifecycle 'ceasefire' has no timer 'expire' from 'proposed'",
    ),
    "timer already due": (
        _set("timers", 0, "at", to="2025-03-19"),
        "timers[0].at: timer 'lapse' of 'energy' is due at 2025-03-19, before the snapshot's "
        "time (2025-03-20): it would have fired",
    ),
    "timers out of order": (
        _swap("timers", 0, 1),
        "timers[1].at: the timer at 2025-04-01 is listed after one at 2025-04-17: timers are "
        "listed in the order they fire",
    ),
    "changes out of order": (
        _set("history", 3, "at", to="2025-03-12"),
        "<snapshot>: history[3].at: the change at 2025-03-12 is listed after one at 2025-03-18: "
        "changes are listed in the order they happened",
    ),
    "change after the clock": (
        _set("history", 4, "at", to="2025-03-21"),
        "history[4].at: the change at 2025-03-21 is after the snapshot's time (2025-03-20)",
    ),
    "tampered date": (
        _set("proposals", 0, "status", "entered-at", to="2025-03-11"),
        "<snapshot>: proposals[0].status.entered-at: 'truce' entered 'active' at 2025-03-18 by its "
        "history, not at 2025-03-11",
    ),
    "tampered end": (
        _set("proposals", 0, "status", "ends", to="2025-05-01"),
        "<snapshot>: timers[1].at: timer 'expire' of 'truce' is due at 2025-04-17 here, but its "
        "rule 'end' gives 2025-05-01",
    ),
    "tampered timer time": (
        _set("timers", 1, "at", to="2025-05-01"),
        "timers[1].at: timer 'expire' of 'truce' is due at 2025-05-01 here, but its rule 'end' "
        "gives 2025-04-17",
    ),
    "missing timer": (
        _drop("timers", 1),
        "<snapshot>: timers: timer 'expire' of 'truce', due at 2025-04-17, is missing: in "
        "'active' it is waiting for it",
    ),
    "wrong proposer": (
        _set("history", 0, "by", to="UA"),
        "<snapshot>: history[0].by: 'truce' is proposed by 'US', not 'UA'",
    ),
    "unknown lifecycle": (
        _set("proposals", 1, "proposal", "lifecycle", to="ceasefires"),
        "<snapshot>: proposals[1].proposal.lifecycle: unknown lifecycle 'ceasefires' (did you "
        "mean 'ceasefire'?); known: ceasefire; give its table in the snapshot's lifecycles, or "
        "the lifecycle in Registry(lifecycles=...)",
    ),
    "unknown party": (
        _set("proposals", 1, "proposal", "needs", 1, to="EU"),
        "proposals[1].proposal: unknown party 'EU'",
    ),
    "party twice": (
        _set("parties", 2, "id", to="UA"),
        "parties[2].id: party id 'UA' is listed twice",
    ),
    "proposals out of order": (
        lambda d: d["proposals"].reverse() or d,
        "history[0]: 'truce' is proposed before 'energy', but proposals lists them the other way",
    ),
    "no history": (
        _drop("history", 4),
        "<snapshot>: history: proposal 'energy' has no history: its first change is its proposal",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_a_bad_document_is_refused_with_a_one_line_message_naming_its_key(name: str) -> None:
    """Each kind of bad or tampered document gets its own clear message, never a traceback."""
    mutate, expected = REFUSALS[name]
    document = mutate(json.loads(json.dumps(snapshot(talks()))))
    with pytest.raises(ScenarioError, match=re.escape(expected)) as caught:
        restore(document)
    assert "\n" not in str(caught.value)


def test_interleaved_timers_no_schedule_can_give_are_refused() -> None:
    """One proposal's timers are set together: they cannot straddle another's at one instant."""
    negotiation = Negotiation(start=START)
    for pid in ("a", "b"):
        tied(negotiation, pid, 5, 10)
        negotiation.act(pid, "accept", by="Y")
    document = json.loads(json.dumps(snapshot(negotiation)))
    timers = document["timers"]
    assert [t["proposal"] for t in timers] == ["a", "b", "a", "b"]
    timers[2], timers[3] = timers[3], timers[2]
    with pytest.raises(ScenarioError, match="no schedule fires these timers in the order listed"):
        restore(document)


CUSTOM = Lifecycle(
    name="custom",
    initial="open",
    states=[State("open"), State("closed", final=True)],
    actions=[],
    transitions=[],
    timers=[Timer("close", "open", "closed", at="end")],
)


def custom_talks() -> dict[str, Any]:
    """A snapshot of a proposal under the `CUSTOM` lifecycle."""
    negotiation = Negotiation(start=START)
    negotiation.propose(
        Proposal("p", proposed_by="X", needs=[], terms=Terms(ends=START + DAY), lifecycle=CUSTOM)
    )
    document: dict[str, Any] = json.loads(json.dumps(snapshot(negotiation)))
    return document


def test_a_lifecycle_missing_from_the_snapshot_and_the_registry_is_unknown() -> None:
    """Without its table and not in the registry, a lifecycle cannot be guessed."""
    document = custom_talks()
    del document["lifecycles"]["custom"]
    with pytest.raises(ScenarioError, match="unknown lifecycle 'custom'"):
        restore(document)
    assert restore(document, registry=Registry(lifecycles={"custom": CUSTOM})).ids == ("p",)


def test_a_lifecycle_table_is_rebuilt_or_taken_from_the_registry_when_it_matches() -> None:
    """The table restores on its own; a registry lifecycle of that name must match it."""
    document = custom_talks()
    rebuilt = restore(document).status("p").proposal.lifecycle
    assert rebuilt == CUSTOM
    assert rebuilt is not CUSTOM
    registry = Registry(lifecycles={"custom": CUSTOM})
    assert restore(document, registry=registry).status("p").proposal.lifecycle is CUSTOM
    other = CUSTOM.derive("custom", description="Another one.")
    with pytest.raises(ScenarioError, match="lifecycle 'custom' differs from the one of that name"):
        restore(document, registry=Registry(lifecycles={"custom": other}))


def test_a_lifecycle_table_naming_functions_the_registry_lacks_is_refused() -> None:
    """An instant rule the table names must be standard or in the registry."""
    document = custom_talks()
    document["lifecycles"]["custom"]["timers"][0]["at"] = "sunset"
    with pytest.raises(
        ScenarioError,
        match=re.escape(
            "lifecycles.custom: lifecycle 'custom': timer 'close' 'open' -> 'closed' at 'sunset' "
            "names unknown instant rule 'sunset'"
        ),
    ) as caught:
        restore(document)
    (line,) = str(caught.value).splitlines()
    assert line.endswith(
        "names unknown instant rule 'sunset'; give restore the functions defined in Python "
        "that it names in Registry(guards=..., instants=..., effects=...), or the lifecycle "
        "itself in Registry(lifecycles=...) [CF703]"
    )
    assert "--registry" not in line  # restore is Python's alone: one hint, for it
    assert restore(document, registry=Registry(instants={"sunset": lambda s: None})).ids == ("p",)


def test_a_lifecycle_given_by_extending_another_is_refused() -> None:
    """A snapshot writes every table whole."""
    document = custom_talks()
    document["lifecycles"]["custom"]["extends"] = "ceasefire"
    with pytest.raises(ScenarioError, match="a snapshot gives each lifecycle whole"):
        restore(document)


def _paths(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every path in `value`, its own (empty) path first."""
    found = [path]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*path, index))
    return found


def _get(value: Any, path: tuple[str | int, ...]) -> object:
    for key in path:
        value = value[key]
    return value


BASE = json.loads(json.dumps(snapshot(talks())))
PARTS = [_get(BASE, path) for path in _paths(BASE)]
"""Every value in a good snapshot: ids, states, times, whole changes, ..."""

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=5)
    | st.sampled_from([p for p in PARTS if isinstance(p, str)])
    | st.sampled_from(["2025-03-19", "0001-01-01T00:00:00+05:00", "9999-12-31", "P9999999D"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
"""Any JSON value, with a bias for the values a snapshot holds, and times at the edges."""


@given(st.data())
def test_any_value_anywhere_is_restored_or_refused_never_a_traceback(data: st.DataObject) -> None:
    """Replace any part of a good snapshot by any value: a `ScenarioError` at worst.

    What is restored writes itself back the same way through a second round trip.
    """
    document: Any = copy.deepcopy(BASE)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(document)))
        value = data.draw(JSON | st.sampled_from(PARTS).map(copy.deepcopy))
        document = _set(*path, to=value)(document) if path else value
    try:
        restored = restore(document)
    except ScenarioError as error:
        assert str(error).startswith("<snapshot>: ")  # noqa: PT017 - it may also be restored
        return
    written = json.loads(json.dumps(snapshot(restored)))
    assert snapshot(restore(written)) == written


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            {"format": FORMAT, "version": 1, 3: "three"},
            "<snapshot>: expected text keys, found the key 3 [CF203]",
        ),
        (
            {"format": FORMAT, "version": 1, "now": ("2025",)},
            "<snapshot>: now: expected JSON data, found tuple [CF203]",
        ),
        (
            {"format": FORMAT, "version": 10**5000},
            "<snapshot>: version: expected a number of at most 64 bits, found one of 16610 [CF203]",
        ),
    ],
)
def test_values_json_cannot_hold_are_refused(document: object, expected: str) -> None:
    """A Python caller may pass anything: what JSON cannot hold is refused as clearly."""
    with pytest.raises(ScenarioError, match=f"^{re.escape(expected)}$"):
        restore(document)


def test_a_term_that_would_end_beyond_the_calendar_is_followed_without_its_end() -> None:
    """The history is followed without the ends it agreed: a huge term is no traceback.

    The status and the timer say when it ends; restoring them agrees with both.
    """
    document = json.loads(json.dumps(snapshot(talks())))
    document["proposals"][0]["proposal"]["duration"] = "P9999999D"
    restored = restore(document)
    assert restored.status("truce").proposal.terms.duration == timedelta(days=9999999)
    assert restored.status("truce").ends == date(2025, 4, 17)


@pytest.mark.parametrize(
    ("mutation", "path", "code"),
    [
        (_set("parties", 0, "name", to="United\x1b[31m States"), "parties[0].name", "CF209"),
        (_set("parties", 1, "id", to="U\u202eA"), "parties[1]", "CF210"),
        (_set("history", 0, "note", to="Jed\x00dah"), "history[0].note", "CF209"),
        (_set("history", 0, "source", "quote", to="a\x07"), "history[0].source.quote", "CF209"),
    ],
)
def test_a_snapshot_holds_to_the_text_policy_too(mutation: Mutation, path: str, code: str) -> None:
    """Control characters and unsafe ids are refused in a snapshot as in a scenario file."""
    document = mutation(json.loads(json.dumps(snapshot(talks()))))
    with pytest.raises(ScenarioError, match=rf"<snapshot>: {re.escape(path)}: ") as caught:
        restore(document)
    assert caught.value.code == code
