"""The text policy: what free text, ids and lifecycle names may hold, and how refusals read."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import (
    CEASEFIRE,
    Action,
    BadTextError,
    CeasefireError,
    Checkpoint,
    ClockError,
    ErrorCode,
    Event,
    Lifecycle,
    Links,
    Obligation,
    ObligationState,
    Party,
    Proposal,
    Scenario,
    Source,
    SourceInfo,
    Stance,
    State,
    Terms,
    Transition,
    Version,
    WrongTypeError,
)
from ceasefire.core._characters import (
    ID_PATTERN,
    MAX_ID_LENGTH,
    NAME_PATTERN,
    TEXT_PATTERN,
    are_ids,
    check_callable,
    check_choice,
    check_count,
    check_text_fields,
    checked_strings,
    describe_character,
    id_problem,
    instances,
    is_id,
    is_text,
    name_problem,
    text_problem,
)

CONTROLS = [chr(c) for c in (*range(9), *range(11, 32), *range(0x7F, 0xA0))]
"""Every control character but tab and newline."""

SAFE = "ABCxyz019-_."


# -- free text ----------------------------------------------------------------------------------


@given(st.text(st.characters(exclude_categories=("Cc", "Cs")) | st.sampled_from("\t\n")))
def test_text_without_control_characters_is_free_text(text: str) -> None:
    assert text_problem(text) is None
    assert is_text(text)
    assert re.search(TEXT_PATTERN, text)


@given(st.text(max_size=5), st.sampled_from(CONTROLS), st.text(max_size=5))
def test_a_control_character_anywhere_is_named_with_its_position(
    before: str, control: str, after: str
) -> None:
    text = before.replace("\r", "") + control + after
    problem = text_problem(text)
    assert problem is not None
    first = next(i for i, c in enumerate(text) if c in CONTROLS or "\ud800" <= c <= "\udfff")
    assert problem.endswith(f"at character {first + 1}")
    assert f"U+{ord(text[first]):04X}" in problem
    assert not is_text(text)


def test_a_lone_surrogate_is_not_text() -> None:
    assert text_problem("a\ud800") == (
        "text without control characters (tab and newline excepted), found "
        "U+D800 (half of a surrogate pair) at character 2"
    )


def test_characters_are_named_for_people() -> None:
    assert describe_character("\u202e") == "U+202E (RIGHT-TO-LEFT OVERRIDE)"
    assert describe_character("\x1b") == "U+001B (a control character)"
    assert describe_character("\ud800") == "U+D800 (half of a surrogate pair)"
    assert describe_character("\U000e0041") == "U+E0041 (TAG LATIN CAPITAL LETTER A)"
    assert describe_character("\U0010fffd") == "U+10FFFD"


# -- ids ----------------------------------------------------------------------------------------


@given(st.text(st.sampled_from(SAFE), min_size=1, max_size=MAX_ID_LENGTH))
def test_ids_of_the_safe_alphabet_starting_with_a_letter_or_digit(text: str) -> None:
    valid = text[0].isalnum()
    assert (id_problem(text) is None) is valid
    assert is_id(text) is valid
    assert bool(re.search(ID_PATTERN, text)) is valid


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("", "found an empty id"),
        ("x" * (MAX_ID_LENGTH + 1), f"at most {MAX_ID_LENGTH} characters, found 129"),
        ("-UA", "found U+002D (HYPHEN-MINUS) at character 1"),
        ("U A", "found U+0020 (SPACE) at character 2"),
        ("UA\n", "found U+000A (a control character) at character 3"),
        ("UA/RU", "found U+002F (SOLIDUS) at character 3"),
        ("UA\\RU", "found U+005C (REVERSE SOLIDUS) at character 3"),
        ("Україна", "found U+0423 (CYRILLIC CAPITAL LETTER U) at character 1"),
    ],
)
def test_an_id_outside_the_alphabet_says_what_it_found_where(value: str, says: str) -> None:
    problem = id_problem(value)
    assert problem is not None
    assert problem.endswith(says)
    assert not is_id(value)
    assert not re.search(ID_PATTERN, value)


class _Text(str):
    """Text of a subclass of str: not an id, whatever it holds."""


_ID_LIKE = st.one_of(
    st.text(st.sampled_from(["a", "Z", "0", ".", "-", "_", "\n", " ", "\u00e9"]), max_size=4),
    st.integers(MAX_ID_LENGTH - 1, MAX_ID_LENGTH + 1).map(lambda n: "x" * n),
    st.sampled_from(["p1", "B-02", "a\nb", "a\n", "\n"]),
    st.just("p1").map(_Text),
    st.integers(0, 9),
)


@given(st.lists(_ID_LIKE, max_size=6))
def test_ids_checked_at_once_are_ids_checked_one_by_one(values: list[object]) -> None:
    """`are_ids` says of a list what `is_id` says of each: a line break never splits a value."""
    assert are_ids(values) is all(map(is_id, values))
    assert are_ids(dict.fromkeys(values)) is all(map(is_id, dict.fromkeys(values)))


def test_the_longest_id_is_an_id() -> None:
    assert id_problem("x" * MAX_ID_LENGTH) is None


# -- lifecycle names ----------------------------------------------------------------------------


@given(st.text(st.characters(categories=["L", "M", "N", "P", "S"]), min_size=1, max_size=40))
def test_words_of_any_script_are_a_name(words: str) -> None:
    name = f"a {words} b"[:MAX_ID_LENGTH]
    name = name.rstrip()
    assert name_problem(name) is None


@given(st.characters(categories=["Cc", "Cf", "Co", "Zl", "Zp"]))
def test_no_control_format_private_or_separator_character_is_in_a_name(char: str) -> None:
    """Every character of those categories, the tag characters (U+E0000 and on) included."""
    problem = name_problem(f"on{char}table")
    assert problem is not None
    assert f"U+{ord(char):04X}" in problem
    assert problem.endswith("at character 3")


@pytest.mark.parametrize("name", ["", " padded", "padded ", "\xa0x", "x\u3000", "x" * 129])
def test_a_name_is_1_to_128_characters_with_no_space_at_either_end(name: str) -> None:
    problem = name_problem(name)
    assert problem is not None
    assert problem.startswith("a name of 1 to 128 characters with no space at either end")


def test_the_schema_name_pattern_refuses_the_common_format_characters() -> None:
    for char in "\u202e\u200b\u200d\u2066\ufeff\xad":
        assert not re.search(NAME_PATTERN, f"a{char}b"), ascii(char)
    assert re.search(NAME_PATTERN, "on the table")
    assert not re.search(NAME_PATTERN, "line\n")


# -- the checks the API uses --------------------------------------------------------------------


def test_checked_strings_take_lists_and_tuples_and_refuse_one_string() -> None:
    assert checked_strings("x", ["a", "b"]) == ("a", "b")
    assert checked_strings("x", iter(["a"])) == ("a",)
    with pytest.raises(
        WrongTypeError, match=r"^x: expected a list of strings, got the string 'ab'"
    ):
        checked_strings("x", "ab")
    with pytest.raises(WrongTypeError, match=r"^x: expected a list of strings, got int 3$"):
        checked_strings("x", 3)
    with pytest.raises(WrongTypeError, match=r"^x\[1\]: expected text \(a str\), got int 2$"):
        checked_strings("x", ["a", 2])
    with pytest.raises(BadTextError, match=r"^x\[0\]: expected an id") as caught:
        checked_strings("x", ["U A"], ids=True)
    assert caught.value.code is ErrorCode.BAD_ID


def test_instances_refuse_one_value_given_for_a_list() -> None:
    one = State("open")
    assert instances("L.states", [one], State, "a State") == (one,)
    with pytest.raises(WrongTypeError, match=r"^L.states: expected a list of State, got State"):
        instances("L.states", one, State, "a State")
    with pytest.raises(WrongTypeError, match=r"^L.states\[0\]: expected a State, got str 'open'"):
        instances("L.states", ["open"], State, "a State")


def test_counts_choices_and_functions() -> None:
    check_count("n", 0, least=0)
    check_count("n", None, least=1, optional=True)
    for wrong in (-1, True, 1.0, "1", None):
        with pytest.raises(WrongTypeError, match=r"^n: expected a whole number of 0 or more"):
            check_count("n", wrong, least=0)
    check_choice("format", "yaml", ("yaml", "json"))
    with pytest.raises(
        CeasefireError, match=r"^format: expected one of yaml, json, got str 'x"
    ) as e:
        check_choice("format", "xml", ("yaml", "json"))
    assert e.value.code is ErrorCode.NOT_A_CHOICE
    check_callable("rule", None)
    check_callable("rule", len)
    with pytest.raises(WrongTypeError, match=r"^rule: expected a function or None, got str"):
        check_callable("rule", "earliest")


def test_text_fields_are_checked_together_and_the_one_at_fault_named() -> None:
    source = Source("article", quote="q", note=None)
    check_text_fields(source, ("ref", "quote", "url", "note"))
    with pytest.raises(BadTextError, match=r"^Source.url: expected text without control"):
        Source("article", url="http://x\x1b")
    with pytest.raises(WrongTypeError, match=r"^Source.quote: expected text \(a str\), got int 5"):
        Source("article", quote=5)  # type: ignore[arg-type]


# -- a scenario made in Python ------------------------------------------------------------------


def test_an_event_made_in_python_holds_to_the_policy_and_its_times_are_times() -> None:
    with pytest.raises(BadTextError, match=r"^Event.description: expected text without control"):
        Event(date(2025, 3, 11), "happened", description="\x1b[2J")
    with pytest.raises(BadTextError, match=r"^Event.by: expected an id"):
        Event(date(2025, 3, 11), "accept", proposal="t", by="R\u202eU")
    with pytest.raises(ClockError, match=r"^Event.at must be a date or an aware datetime"):
        Event("2025-03-11", "happened")  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match=r"^Event.extra: expected a timedelta or None"):
        Event(date(2025, 3, 11), "extend", proposal="t", extra=30)  # type: ignore[arg-type]
    assert Event(date(2025, 3, 11), "extend", proposal="t", extra=timedelta(days=30)).extra


def test_a_checkpoint_and_a_scenario_made_in_python_hold_to_the_policy() -> None:
    with pytest.raises(BadTextError, match=r"^Checkpoint.states\['t'\]: expected a name"):
        Checkpoint(date(2025, 3, 11), states={"t": "act\x85ive"})
    with pytest.raises(BadTextError, match=r"^Checkpoint.in_force\[0\]: expected an id"):
        Checkpoint(date(2025, 3, 11), in_force=("t t",))
    with pytest.raises(BadTextError, match=r"^Scenario.parties: expected an id"):
        Scenario(id="s", parties={"x\x1b": Party("UA")})
    with pytest.raises(BadTextError, match=r"^Scenario.title: expected text without control"):
        Scenario(id="s", title="\x1b[31m")


def test_the_unicode_categories_are_those_of_the_running_python() -> None:
    """The policy reads categories from `unicodedata`, so a newer Unicode is followed."""
    assert unicodedata.category("\U000e0041") == "Cf"
    assert name_problem("a\U000e0041") is not None


def test_what_each_check_says_word_for_word() -> None:
    with pytest.raises(WrongTypeError) as caught:
        check_count("max_problems", "3", least=1, optional=True)
    assert str(caught.value) == (
        "max_problems: expected a whole number of 1 or more or None, got str '3'"
    )
    with pytest.raises(WrongTypeError) as caught:
        check_count("since", -1, least=0)
    assert str(caught.value) == "since: expected a whole number of 0 or more, got int -1"
    with pytest.raises(WrongTypeError) as caught:
        State(5)  # type: ignore[arg-type]
    assert str(caught.value) == "State.name: expected a name (a str), got int 5"
    with pytest.raises(WrongTypeError) as caught:
        Party(None)  # type: ignore[arg-type]
    assert str(caught.value) == "Party.id: expected an id (a str), got None"
    with pytest.raises(WrongTypeError) as caught:
        Source("a", note=b"x")  # type: ignore[arg-type]
    assert str(caught.value) == "Source.note: expected text (a str), got bytes b'x'"


def test_a_field_holding_a_list_is_named_when_one_string_is_given() -> None:
    with pytest.raises(WrongTypeError) as caught:
        Terms(conditions="prisoners")
    assert str(caught.value) == (
        "Terms.conditions: expected a list of strings, got the string 'prisoners' "
        "(write ['prisoners'] for one)"
    )
    with pytest.raises(BadTextError, match=r"^Links.renews\[1\]: expected an id"):
        Links(renews=("ok", "not ok"))
    with pytest.raises(BadTextError, match=r"^Obligation.by: expected an id"):
        Obligation("withdraw", timedelta(days=3), by="R U")
    with pytest.raises(BadTextError, match=r"^Obligation.description: expected text"):
        Obligation("withdraw", timedelta(days=3), description="\x1b")
    with pytest.raises(BadTextError, match=r"^Version.action: expected text"):
        Version(date(2025, 3, 11), action="sus\x1bpend")
    assert Version(date(2025, 3, 11), action=None).action is None


def test_a_field_of_the_wrong_kind_is_named_with_what_it_takes() -> None:
    with pytest.raises(WrongTypeError) as caught:
        Party("UA", role="mediator")  # type: ignore[arg-type]
    assert str(caught.value) == "Party.role: expected a Role, got str 'mediator'"
    with pytest.raises(WrongTypeError) as caught:
        Terms(duration=30)  # type: ignore[arg-type]
    assert str(caught.value) == "Terms.duration: expected a timedelta or None, got int 30"
    assert Terms(duration=None).duration is None
    assert Terms(duration=timedelta(days=30)).duration == timedelta(days=30)


def test_the_length_limits_are_exact() -> None:
    longest = "x" * MAX_ID_LENGTH
    assert id_problem(longest) is None
    assert name_problem(longest) is None
    assert id_problem(longest[:-1] + " ") == (
        "an id of ASCII letters and digits, '-', '_' and '.', starting with a letter or a "
        "digit, found U+0020 (SPACE) at character 128"
    )
    assert name_problem(longest + "x") is not None


ID_FOUND_SPACE = (
    "expected an id of ASCII letters and digits, '-', '_' and '.', starting with a letter "
    "or a digit, found U+0020 (SPACE) at character 2"
)
DAY = date(2025, 3, 11)
OPEN = (State("open"), State("done", final=True))
CLOSE = (Action("close"),)
ROWS = (Transition("close", "open", "done"),)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: Event("2025-03-11", "happened"),  # type: ignore[arg-type]
            "Event.at must be a date or an aware datetime, not '2025-03-11'",
        ),
        (
            lambda: Event(DAY, "extend", proposal="t", until="x"),  # type: ignore[arg-type]
            "Event.until must be a date or an aware datetime, not 'x'",
        ),
        (
            lambda: Event(DAY, "extend", proposal="t", extra=30),  # type: ignore[arg-type]
            "Event.extra: expected a timedelta or None, got int 30",
        ),
        (
            lambda: Checkpoint("2025"),  # type: ignore[arg-type]
            "Checkpoint.as_of must be a date or an aware datetime, not '2025'",
        ),
        (lambda: Checkpoint(DAY, states={"t t": "active"}), f"Checkpoint.states: {ID_FOUND_SPACE}"),
        (
            lambda: Checkpoint(DAY, states={"t": "act\x85ive"}),
            "Checkpoint.states['t']: expected a name without control, format or line separator "
            "characters, found U+0085 (a control character) at character 4",
        ),
        (lambda: Checkpoint(DAY, positions={"t t": {}}), f"Checkpoint.positions: {ID_FOUND_SPACE}"),
        (
            lambda: Checkpoint(DAY, positions={"t": {"U A": Stance.ACCEPTED}}),
            f"Checkpoint.positions['t']: {ID_FOUND_SPACE}",
        ),
        (
            lambda: Checkpoint(DAY, obligations={"t": {"w w": ObligationState.MET}}),
            f"Checkpoint.obligations['t']: {ID_FOUND_SPACE}",
        ),
        (
            lambda: Checkpoint(DAY, in_force=("t", "t t")),
            "Checkpoint.in_force[1]: expected an id of ASCII letters and digits, '-', '_' and "
            "'.', starting with a letter or a digit, found U+0020 (SPACE) at character 2",
        ),
        (
            lambda: Scenario(id="s", sources={"a a": SourceInfo("a")}),
            f"Scenario.sources: {ID_FOUND_SPACE}",
        ),
        (
            lambda: Scenario(id="s", proposals={"p p": Proposal("p", proposed_by="UA", needs=())}),
            f"Scenario.proposals: {ID_FOUND_SPACE}",
        ),
        (
            lambda: Scenario(id="s", lifecycles={" x": CEASEFIRE}),
            "Scenario.lifecycles: expected a name of 1 to 128 characters with no space at either "
            "end, found ' x'",
        ),
        (
            lambda: Lifecycle("l", ["open"], "open", CLOSE, ROWS),  # type: ignore[list-item]
            "Lifecycle.states[0]: expected a State, got str 'open'",
        ),
        (
            lambda: Lifecycle("l", OPEN, "open", ["close"], ROWS),  # type: ignore[list-item]
            "Lifecycle.actions[0]: expected an Action, got str 'close'",
        ),
        (
            lambda: Lifecycle("l", OPEN, "open", CLOSE, ["row"]),  # type: ignore[list-item]
            "Lifecycle.transitions[0]: expected a Transition, got str 'row'",
        ),
        (
            lambda: Lifecycle("l", OPEN, "open", CLOSE, ROWS, timers=["t"]),  # type: ignore[list-item]
            "Lifecycle.timers[0]: expected a Timer, got str 't'",
        ),
        (
            lambda: Terms(obligations=["w"]),  # type: ignore[list-item]
            "Terms.obligations[0]: expected an Obligation, got str 'w'",
        ),
    ],
)
def test_each_value_refuses_in_its_own_words(call: Callable[[], object], message: str) -> None:
    with pytest.raises(CeasefireError) as caught:
        call()
    assert str(caught.value) == message


def test_values_that_hold_to_the_policy_are_made() -> None:
    at = datetime(2025, 3, 11, 12, tzinfo=UTC)
    assert Event(at, "happened", description="talks").at == at
    assert Checkpoint(DAY, states={"t": "active"}, in_force=None).in_force is None
    assert Checkpoint(DAY, in_force=()).in_force == ()


def test_a_value_cut_for_a_message_keeps_40_characters() -> None:
    with pytest.raises(WrongTypeError) as caught:
        Party("a" * 38, role="x" * 38)  # type: ignore[arg-type]
    assert str(caught.value) == f"Party.role: expected a Role, got str '{'x' * 38}'"
    with pytest.raises(WrongTypeError) as caught:
        Party("a", role="x" * 39)  # type: ignore[arg-type]
    assert str(caught.value) == f"Party.role: expected a Role, got str '{'x' * 36}..."
