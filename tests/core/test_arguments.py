"""The Python API checks its arguments where they come in, and says which one is wrong.

A value of the wrong kind raises `WrongTypeError` (a `CeasefireError` and a
`TypeError`), text that breaks the text policy raises `BadTextError` (a
`CeasefireError` and a `ValueError`); either names the argument or field, and
a refused call changes nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ceasefire import (
    CEASEFIRE,
    STANDARD,
    Action,
    BadTextError,
    CeasefireError,
    ClockError,
    DatePrecision,
    ErrorCode,
    Lifecycle,
    Links,
    Negotiation,
    Obligation,
    Party,
    Position,
    Proposal,
    Role,
    Scenario,
    Source,
    Stance,
    State,
    Terms,
    Timer,
    Transition,
    WrongTypeError,
    dump_scenario,
    earliest,
    load_scenario,
    loads_scenario,
    replay,
    validate_file,
)
from ceasefire.core._values import answer

START = date(2025, 3, 11)
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "first.yaml"
PARTIES = (Party("UA"), Party("RU"), Party("US", role=Role.MEDIATOR))


def _talks() -> Negotiation:
    talks = Negotiation(START, parties=PARTIES)
    talks.propose(Proposal("truce", proposed_by="US", needs=("UA", "RU")))
    return talks


def _snapshot(talks: Negotiation) -> tuple[object, ...]:
    return talks.change_count, talks.statuses(), talks.now, talks.scheduled()


# -- the audit's findings ----------------------------------------------------------------------


def test_one_string_for_the_conditions_is_refused_not_split_into_letters() -> None:
    talks = _talks()
    before = _snapshot(talks)
    with pytest.raises(WrongTypeError, match=r"conditions: expected a list of strings") as caught:
        talks.act("truce", "accept", by="UA", conditions="subject to X")
    assert caught.value.code is ErrorCode.WRONG_TYPE
    assert isinstance(caught.value, TypeError)
    assert _snapshot(talks) == before


def test_one_string_for_needs_is_refused_not_split_into_letters() -> None:
    with pytest.raises(WrongTypeError, match=r"Proposal.needs: .*the string 'UA'"):
        Proposal("truce", proposed_by="US", needs="UA")


def test_a_text_for_a_source_is_refused_when_acting_not_when_snapshotting() -> None:
    talks = _talks()
    before = _snapshot(talks)
    with pytest.raises(WrongTypeError, match=r"source: expected a Source or None") as caught:
        talks.act("truce", "accept", by="UA", source="article")  # type: ignore[arg-type]
    assert caught.value.code is ErrorCode.WRONG_TYPE
    assert _snapshot(talks) == before
    with pytest.raises(WrongTypeError, match=r"source: expected a Source or None"):
        Negotiation(START).propose(
            Proposal("t", proposed_by="UA", needs=()),
            source="article",  # type: ignore[arg-type]
        )


def test_a_number_for_a_proposal_id_is_a_clear_type_error() -> None:
    talks = _talks()
    with pytest.raises(WrongTypeError, match=r"proposal: expected an id \(a str\), got int 7"):
        talks.act(7, "accept", by="UA")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"proposal: expected an id"):
        talks.status(7)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda: Proposal("", proposed_by="UA", needs=()), "Proposal.id: .*found an empty id"),
        (lambda: Party(""), "Party.id: .*found an empty id"),
        (lambda: Party("U A"), "Party.id: .*U\\+0020 \\(SPACE\\) at character 2"),
        (lambda: Party("UA/RU"), "Party.id: .*U\\+002F \\(SOLIDUS\\)"),
        (lambda: Party("U\u202eA"), "Party.id: .*U\\+202E \\(RIGHT-TO-LEFT OVERRIDE\\)"),
        (lambda: Party("U\u200bA"), "Party.id: .*U\\+200B \\(ZERO WIDTH SPACE\\)"),
        (lambda: Party("x" * 129), "Party.id: expected an id of at most 128 characters"),
    ],
)
def test_an_id_outside_the_safe_alphabet_is_refused(make: Callable[[], object], says: str) -> None:
    with pytest.raises(BadTextError, match=says) as caught:
        make()
    assert caught.value.code is ErrorCode.BAD_ID
    assert isinstance(caught.value, ValueError)


def test_integer_party_ids_are_refused() -> None:
    with pytest.raises(WrongTypeError, match=r"Party.id: expected an id \(a str\), got int 1"):
        Party(1)  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match=r"Proposal.needs\[1\]: expected an id"):
        Proposal("t", proposed_by="UA", needs=("UA", 2))  # type: ignore[arg-type]


@pytest.mark.parametrize("char", ["\x1b", "\x00", "\x07", "\x85", "\r", "\ud800"])
def test_a_control_character_in_free_text_is_refused(char: str) -> None:
    with pytest.raises(BadTextError, match=r"Source.ref: expected text without control") as caught:
        Source(f"article{char}[31m")
    assert caught.value.code is ErrorCode.BAD_TEXT


def test_tab_and_newline_are_free_text() -> None:
    assert Source("a\tb\nc").ref == "a\tb\nc"
    assert Proposal("t", proposed_by="UA", needs=(), note="line one\nline two").note


def test_a_lifecycle_name_may_hold_spaces_but_no_control_or_format_character() -> None:
    assert State("on the table").name == "on the table"
    with pytest.raises(BadTextError, match=r"State.name: .*U\+202E") as caught:
        State("on\u202ethe table")
    assert caught.value.code is ErrorCode.BAD_ID
    with pytest.raises(BadTextError, match=r"State.name: expected a name of 1 to 128"):
        State(" padded")


# -- every public call, each argument wrong in turn ---------------------------------------------

WRONG = (
    st.integers()
    | st.floats(allow_nan=False)
    | st.binary(max_size=3)
    | st.just(object())
    | st.lists(st.integers(), min_size=1, max_size=2)
    | st.dictionaries(st.integers(), st.integers(), min_size=1, max_size=1)
)
"""Values no argument of the library takes: numbers, bytes, objects, lists of numbers (and
text, where the argument is not text)."""

STATES = (State("open"), State("done", final=True))
ACTIONS = (Action("close"),)
ROWS = (Transition("close", "open", "done"),)


def _act(talks: Negotiation, **kwargs: Any) -> object:
    return talks.act(**kwargs)


CALLS: dict[str, tuple[Callable[..., object], dict[str, Any]]] = {
    "Party": (Party, {"id": "UA", "name": "Ukraine"}),
    "Source": (Source, {"ref": "article", "quote": "q", "url": "u", "note": "n"}),
    "Position": (Position, {"party": "UA", "stance": Stance.ACCEPTED, "conditions": ("c",)}),
    "answer": (answer, {"party": "UA", "stance": Stance.ACCEPTED, "at": START}),
    "Links": (Links, {"counter_to": ("a",), "renews": ("b",), "supersedes": ("c",)}),
    "Obligation": (Obligation, {"name": "withdraw", "within": timedelta(days=3), "by": "RU"}),
    "Terms": (Terms, {"conditions": ("c",), "carve_outs": ("Crimea",)}),
    "Proposal": (
        Proposal,
        {
            "id": "truce",
            "proposed_by": "US",
            "needs": ("UA", "RU"),
            "terms": Terms(),
            "lifecycle": CEASEFIRE,
            "title": "A truce",
            "links": Links(),
            "kind": "k",
            "note": "n",
        },
    ),
    "State": (State, {"name": "open", "description": "d"}),
    "Action": (Action, {"name": "close", "description": "d"}),
    "Timer": (Timer, {"name": "expire", "source": "a", "dest": "b", "at": "end"}),
    "Lifecycle": (
        Lifecycle,
        {
            "name": "mine",
            "states": STATES,
            "initial": "open",
            "actions": ACTIONS,
            "transitions": ROWS,
        },
    ),
    "Negotiation": (Negotiation, {"start": START, "parties": PARTIES}),
    "Negotiation.propose": (
        Negotiation.propose,
        {
            "proposal": Proposal("t", proposed_by="UA", needs=()),
            "source": Source("a"),
            "precision": DatePrecision.DAY,
            "note": "n",
        },
    ),
    "Negotiation.act": (
        Negotiation.act,
        {
            "proposal": "truce",
            "action": "accept",
            "by": "UA",
            "source": Source("a"),
            "conditions": ("c",),
            "precision": DatePrecision.DAY,
            "note": "n",
        },
    ),
    "Negotiation.advance_to": (Negotiation.advance_to, {"when": START}),
    "Negotiation.advance": (Negotiation.advance, {"delta": timedelta(days=1)}),
    "Negotiation.status": (Negotiation.status, {"proposal": "truce"}),
    "Negotiation.state_of": (Negotiation.state_of, {"proposal": "truce"}),
    "Negotiation.allowed_actions": (Negotiation.allowed_actions, {"proposal": "truce"}),
    "Negotiation.history": (Negotiation.history, {"proposal": "truce", "since": 0}),
    "Negotiation (engine, history)": (
        Negotiation,
        {"start": START, "engine": "table", "keep_history": False},
    ),
    "loads_scenario": (
        loads_scenario,
        {"text": "scenario: s\n", "name": "s.yaml", "registry": STANDARD, "max_problems": 5},
    ),
    "load_scenario": (
        load_scenario,
        {"path": EXAMPLE, "name": "first.yaml", "max_bytes": 2**20, "max_problems": 5},
    ),
    "validate_file": (validate_file, {"path": EXAMPLE, "max_bytes": 2**20, "max_problems": 5}),
    "replay": (
        replay,
        {
            "scenario": loads_scenario("scenario: s\n", "s.yaml"),
            "until": START,
            "collect": True,
            "rule": earliest,
            "progress": print,
            "engine": "table",
        },
    ),
    "dump_scenario": (
        dump_scenario,
        {"scenario": loads_scenario("scenario: s\n", "s.yaml"), "format": "json"},
    ),
}
"""Each public call that takes arguments, with valid ones (methods of `Negotiation` are
called on a negotiation with one proposal, which a refusal must leave as it was)."""


@settings(max_examples=400)
@given(st.sampled_from(sorted(CALLS)), st.data(), WRONG | st.text(max_size=3))
def test_a_wrong_kind_of_argument_anywhere_is_a_clear_library_error(
    name: str, data: st.DataObject, wrong: object
) -> None:
    """Each public call, given a number, bytes, an object or a list of numbers for one argument.

    It raises a `CeasefireError`, or a `TypeError` whose message names the
    argument: never an AttributeError or a KeyError from deep inside.
    """
    call, valid = CALLS[name]
    argument = data.draw(st.sampled_from(sorted(valid)), label="argument")
    assume(type(wrong) is not type(valid[argument]))  # a number is right for since=
    assume(not isinstance(valid[argument], str))  # text for text is a matter of its alphabet
    assume(not (isinstance(wrong, str) and isinstance(valid[argument], Path)))  # text is a path
    talks = _talks()
    before = _snapshot(talks)
    method = name.startswith("Negotiation.")
    target = functools.partial(call, talks) if method else call
    with pytest.raises(CeasefireError) as caught:
        target(**{**valid, argument: wrong})
    assert argument in str(caught.value), f"{name}({argument}=...): {caught.value}"
    if isinstance(caught.value, TypeError):
        assert isinstance(caught.value, WrongTypeError)
    assert _snapshot(talks) == before


def test_every_call_in_the_table_works_with_its_valid_arguments() -> None:
    """The table's valid arguments are valid, so a refusal above is the wrong argument's doing."""
    for name, (call, valid) in CALLS.items():
        if name.startswith("Negotiation."):
            call(_talks(), **valid)
        else:
            call(**valid)


def test_a_naive_time_for_until_is_a_clock_error_before_anything_changes() -> None:
    talks = _talks()
    before = _snapshot(talks)
    with pytest.raises(CeasefireError, match=r"until is a naive datetime") as caught:
        talks.act("truce", "accept", by="UA", until=datetime(2025, 3, 12))
    assert caught.value.code is ErrorCode.NAIVE_TIME
    assert _snapshot(talks) == before


# -- what each refusal says, word for word -------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"proposal": 7}, WrongTypeError, "proposal: expected an id (a str), got int 7"),
        ({"action": None}, WrongTypeError, "action: expected an action's name (a str), got None"),
        (
            {"by": "U A"},
            BadTextError,
            "by: expected an id of ASCII letters and digits, '-', "
            "'_' and '.', starting with a letter or a digit, found U+0020 (SPACE) at character 2",
        ),
        (
            {"conditions": "x"},
            WrongTypeError,
            "conditions: expected a list of strings, got the string 'x' (write ['x'] for one)",
        ),
        (
            {"until": "2025-04-01"},
            ClockError,
            "until must be a date or an aware datetime, not '2025-04-01'",
        ),
        ({"extra": 30}, WrongTypeError, "extra: expected a timedelta or None, got int 30"),
        (
            {"source": "article"},
            WrongTypeError,
            "source: expected a Source or None (Source('ref'), not a str), got str 'article'",
        ),
        (
            {"precision": "day"},
            WrongTypeError,
            "precision: expected a DatePrecision or None, got str 'day'",
        ),
        (
            {"note": "a\x07"},
            BadTextError,
            "note: expected text without control characters "
            "(tab and newline excepted), found U+0007 (a control character) at character 2",
        ),
    ],
)
def test_each_argument_of_act_is_refused_in_its_own_words(
    kwargs: dict[str, Any], error: type[CeasefireError], message: str
) -> None:
    talks = _talks()
    before = _snapshot(talks)
    arguments: dict[str, Any] = {"proposal": "truce", "action": "accept", "by": "UA", **kwargs}
    with pytest.raises(error) as caught:
        talks.act(**arguments)
    assert str(caught.value) == message
    assert _snapshot(talks) == before


def test_the_parties_and_the_proposal_are_refused_in_their_own_words() -> None:
    with pytest.raises(WrongTypeError) as caught:
        Negotiation(START, parties=Party("UA", "Ukraine", Role.MEDIATOR))  # type: ignore[arg-type]
    assert str(caught.value) == (
        # a long value is cut to 40 characters, the last three dots
        "parties: expected a list of Party, got Party Party(id='UA', name='Ukraine', role=R..."
    )
    with pytest.raises(WrongTypeError) as caught:
        Negotiation(START, parties=[Party("UA"), "RU"])  # type: ignore[list-item]
    assert str(caught.value) == "parties[1]: expected a Party, got str 'RU'"
    with pytest.raises(WrongTypeError) as caught:
        Negotiation(START, parties=5)  # type: ignore[arg-type]
    assert str(caught.value) == "parties: expected a list of Party, got int 5"
    assert Negotiation(START, parties=(p for p in PARTIES)).parties.keys() == {"UA", "RU", "US"}
    with pytest.raises(WrongTypeError) as caught:
        Negotiation(START).propose("truce")  # type: ignore[arg-type]
    assert str(caught.value) == "proposal: expected a Proposal, got str 'truce'"


def _scenario() -> Scenario:
    return loads_scenario("scenario: s\n", "s.yaml")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: Negotiation(START, keep_history="no"),  # type: ignore[arg-type]
            "keep_history: expected true or false, got str 'no'",
        ),
        (lambda: _talks().advance(1), "delta: expected a timedelta, got int 1"),  # type: ignore[arg-type]
        (
            lambda: _talks().history(since=-1),
            "since: expected a whole number of 0 or more, got int -1",
        ),
        (
            lambda: _talks().history("truce", since=1.5),  # type: ignore[arg-type]
            "since: expected a whole number of 0 or more, got float 1.5",
        ),
        (lambda: _talks().status(7), "proposal: expected an id (a str), got int 7"),  # type: ignore[arg-type]
        (
            lambda: _talks().propose(Proposal("t", proposed_by="UA", needs=()), source="a"),  # type: ignore[arg-type]
            "source: expected a Source or None (Source('ref'), not a str), got str 'a'",
        ),
        (
            lambda: _talks().propose(Proposal("t", proposed_by="UA", needs=()), precision="day"),  # type: ignore[arg-type]
            "precision: expected a DatePrecision or None, got str 'day'",
        ),
        (
            lambda: _talks().propose(Proposal("t", proposed_by="UA", needs=()), note="\x07"),
            "note: expected text without control characters (tab and newline excepted), found "
            "U+0007 (a control character) at character 1",
        ),
        (
            lambda: replay(7),  # type: ignore[arg-type]
            "scenario: expected a Scenario (read one with load_scenario), got int 7",
        ),
        (
            lambda: replay(_scenario(), collect="yes"),  # type: ignore[arg-type]
            "collect: expected true or false, got str 'yes'",
        ),
        (
            lambda: replay(_scenario(), rule="earliest"),  # type: ignore[arg-type]
            "rule: expected a function or None, got str 'earliest'",
        ),
        (
            lambda: replay(_scenario(), progress=5),  # type: ignore[arg-type]
            "progress: expected a function or None, got int 5",
        ),
        (
            lambda: replay(_scenario(), engine="fast"),  # type: ignore[arg-type]
            "engine: expected one of transitions, table, got str 'fast'",
        ),
        (
            lambda: replay(_scenario(), until="x"),  # type: ignore[arg-type]
            "until must be a date or an aware datetime, not 'x'",
        ),
        (
            lambda: loads_scenario("scenario: s\n", max_problems=0),
            "max_problems: expected a whole number of 1 or more or None, got int 0",
        ),
        (
            lambda: loads_scenario("scenario: s\n", registry="x"),  # type: ignore[arg-type]
            "registry: expected a Registry, got str 'x'",
        ),
        (
            lambda: load_scenario(EXAMPLE, max_bytes=None),  # type: ignore[arg-type]
            "max_bytes: expected a whole number of 1 or more, got None",
        ),
        (
            lambda: dump_scenario(_scenario(), "xml"),  # type: ignore[arg-type]
            "format: expected one of yaml, json, got str 'xml'",
        ),
        (lambda: dump_scenario("s"), "scenario: expected a Scenario, got str 's'"),  # type: ignore[arg-type]
    ],
)
def test_each_refusal_of_the_api_says_what_it_expected_word_for_word(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(CeasefireError) as caught:
        call()
    assert str(caught.value) == message
