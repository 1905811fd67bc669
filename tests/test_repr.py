"""Every public object's repr is one line of fewer than 200 characters that says what it is.

The instances are the shipped 2025 example's, everything reachable from its
scenario and its replay, and those of scenarios Hypothesis draws
(`ceasefire.testing.strategies.scenarios`), with texts as long as the
validators allow.
"""

from __future__ import annotations

import enum
import inspect
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ceasefire
from ceasefire import (
    CEASEFIRE,
    ErrorCode,
    Negotiation,
    Party,
    Proposal,
    Role,
    Situation,
    Source,
    Terms,
    examples,
    replay,
)
from ceasefire._showing import LONGEST_REPR, bracket, brief, clip, short_repr
from ceasefire.testing.strategies import scenarios


def public_classes() -> dict[str, type]:
    """Every class of `ceasefire.__all__` that has instances (not a protocol or an alias)."""
    found = {}
    for name in ceasefire.__all__:
        value = getattr(ceasefire, name)
        if inspect.isclass(value) and not getattr(value, "_is_protocol", False):
            found[name] = value
    return found


def reachable(value: object, seen: set[int] | None = None) -> Iterator[object]:
    """`value` and every value inside it: attrs fields, items of tuples and mappings."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    yield value
    inner: list[object] = []
    kind = type(value)
    if attrs.has(kind):
        inner = [getattr(value, f.name) for f in attrs.fields(kind)]
    elif isinstance(value, Mapping):
        inner = list(value.values())
    elif isinstance(value, tuple | list):
        inner = list(value)
    for item in inner:
        yield from reachable(item, seen)


def negotiation_values() -> list[object]:
    """A negotiation, its statuses, a situation, its machines and errors it raises."""
    talks = Negotiation(start=date(2025, 3, 18), parties=[Party("UA"), Party("RU"), Party("US")])
    truce = Proposal(
        "truce", proposed_by="US", needs=["UA", "RU"], terms=Terms(duration=timedelta(days=30))
    )
    talks.propose(truce)
    talks.act("truce", "accept", by="UA")
    status = talks.status("truce")
    talks.act("truce", "accept", by="RU")  # in force: its end is scheduled
    errors: list[object] = []
    for attempt in (
        lambda: talks.act("truce", "withdraw", by="RU"),
        lambda: talks.status("missing"),
        lambda: talks.advance_to(date(2020, 1, 1)),
        lambda: ceasefire.loads_scenario("scenario: {id: x}\nunknown: 1\nother: 2\n"),
        lambda: Terms(duration=timedelta(days=-1)),
        lambda: ceasefire.Lifecycle(
            "broken", [ceasefire.State("a"), ceasefire.State("b")], "a", [], []
        ),
        lambda: Party("not an id"),
        lambda: Party(id=3),  # type: ignore[arg-type]
        lambda: ceasefire.loads_scenario(b"\xff\xfe\x00"),  # type: ignore[arg-type]
    ):
        try:
            attempt()
        except ceasefire.CeasefireError as error:
            errors.append(error)
    return [
        talks,
        status,
        *talks.scheduled(),
        Situation(status, "UA", date(2025, 3, 18)),
        ceasefire.TableMachine(CEASEFIRE),
        ceasefire.LifecycleMachine(CEASEFIRE),
        ceasefire.CeasefireError("x" * 500 + "\nsecond line", code=ErrorCode.WRONG_TYPE),
        *errors,
    ]


ENUMS = [cls for cls in public_classes().values() if issubclass(cls, enum.Enum)]


CAMEO = Path(__file__).resolve().parents[1] / "examples" / "how-to" / "cameo"
"""The invented CAMEO rows, mapping and scenario of the import how-to."""


def example_values() -> list[object]:
    """Every value of the shipped 2025 example, its replay and its questions."""
    scenario = examples.load("ukraine-2025")
    timeline = replay(scenario)
    asked: list[object] = [
        timeline.in_force_on(date(2025, 3, 20)),
        timeline.possible_states_on("energy-infrastructure-30-day", date(2025, 3, 20)),
        ceasefire.STANDARD,
        ceasefire.Compare("stages_done", "at-most", ceasefire.VariableRef("last_count")),
        *timeline.obligations("energy-infrastructure-30-day"),
        *replay(examples.load("how-to/obligations")).obligations("line-ceasefire"),
        *(member for cls in ENUMS for member in cls),
        ceasefire.import_cameo(
            CAMEO / "invented-events.csv",
            CAMEO / "invented-mapping.yaml",
            into=CAMEO / "invented-truce.yaml",
        ),
    ]
    staged = examples.load("how-to/staged-exchange")
    values = [*reachable(scenario), *reachable(timeline), *asked, *reachable(staged)]
    values += [v for value in negotiation_values() for v in reachable(value)]
    return values + [v for value in asked for v in reachable(value)]


CHECKED = tuple(public_classes().values())


def assert_short(value: object) -> None:
    """The repr of a value of a public class is one short line (other values are not ours)."""
    if not isinstance(value, CHECKED):
        return
    text = repr(value)
    assert "\n" not in text, text
    assert "\r" not in text, text
    assert len(text) < 200, f"{len(text)}: {text}"


def test_every_public_class_is_checked_on_an_instance() -> None:
    """The instances below cover every public class with instances: none is left out."""
    shown = {type(value) for value in example_values()}
    missing = [
        name
        for name, cls in public_classes().items()
        if not any(issubclass(kind, cls) for kind in shown)
    ]
    assert missing == []


def test_the_examples_values_have_short_reprs() -> None:
    values = [value for value in example_values() if isinstance(value, CHECKED)]
    assert len(values) > 300
    for value in values:
        assert_short(value)


def test_the_main_objects_say_what_they_are() -> None:
    scenario = examples.load("ukraine-2025")
    timeline = replay(scenario)
    assert repr(timeline) == "<Timeline 11 proposals, 43 entries, to 17 May 2025 (Europe/Kyiv)>"
    assert repr(scenario).startswith("<Scenario ukraine-2025: 'Ceasefire proposals between")
    assert repr(scenario).endswith("4 parties, 11 proposals, 35 events>")
    talks, status, *_ = negotiation_values()
    assert repr(talks) == "<Negotiation at 2025-03-18: 1 proposal (truce), 1 in force>"
    assert repr(status) == "<Status truce: proposed since 2025-03-18>"
    change = timeline.history("easter-truce")[-1]
    assert repr(change) == (
        "<Change easter-truce: active → expired (expire) at 2025-04-21T00:00:00+03:00>"
    )
    assert repr(Party("UA", "Ukraine")) == "Party(id='UA', name='Ukraine')"
    assert repr(Party("US", role=Role.MEDIATOR)) == "Party(id='US', role=Role.MEDIATOR)"


def test_an_errors_repr_is_its_first_line_and_code() -> None:
    error = ceasefire.CeasefireError("first\nsecond\nthird", code=ErrorCode.WRONG_TYPE)
    assert repr(error) == f"CeasefireError('first' (+2 lines), code={ErrorCode.WRONG_TYPE!s})"
    assert str(error) == "first\nsecond\nthird"  # the message itself is kept whole


LONG = "x" * 128


def test_long_texts_are_cut() -> None:
    party = Party(LONG, "a very long name " * 100)
    assert_short(party)
    assert repr(party).startswith(f"Party(id='{LONG[:39]}…'")
    source = Source("ref " * 300, quote="q" * 5000, url="https://x.example/" + "y" * 900)
    assert_short(source)
    proposal = Proposal(LONG, proposed_by=LONG, needs=[f"{LONG[:120]}{i}" for i in range(50)])
    assert_short(proposal)
    assert repr(proposal).endswith("…)")


def test_the_helpers() -> None:
    assert clip("abcdef", 4) == "abc…"
    assert clip("abc", 4) == "abc"
    assert bracket("X", "a\nb") == "<X a\\nb>"
    assert len(bracket("X", "y" * 500)) == LONGEST_REPR
    assert brief(("a",)) == "('a',)"
    assert brief({}) == "{}"
    assert brief({"a": 1}) == "{1 items}"
    assert brief(Role.MEDIATOR) == "Role.MEDIATOR"
    assert brief(date(2025, 1, 2)) == "2025-01-02"
    assert short_repr(Terms()) == "Terms()"


@settings(max_examples=25, deadline=None)
@given(scenarios())
def test_generated_values_have_short_reprs(scenario: ceasefire.Scenario) -> None:
    timeline = replay(scenario, collect=True)
    for value in [*reachable(scenario), *reachable(timeline)]:
        assert_short(value)


@settings(max_examples=50, deadline=None)
@given(
    st.text(min_size=1, max_size=400).filter(lambda t: t == t.strip()),
    st.lists(st.sampled_from(["UA", "RU", "US", LONG]), unique=True),
)
def test_any_text_gives_a_short_repr(text: str, needs: list[str]) -> None:
    try:
        proposal = Proposal("p", proposed_by=None, needs=needs, title=text, note=text)
    except ceasefire.CeasefireError:
        return  # a text the validators refuse makes no value
    assert_short(proposal)
    assert_short(Situation_free(proposal))


def Situation_free(proposal: Proposal) -> object:  # noqa: N802 - named after what it makes
    """A negotiation holding `proposal`, to check its repr and its status's."""
    talks = Negotiation(start=date(2025, 1, 1))
    talks.propose(proposal)
    assert_short(talks.status(proposal.id))
    return talks


@pytest.mark.parametrize("name", sorted(public_classes()))
def test_the_class_has_its_own_repr_or_a_short_one(name: str) -> None:
    """Each public class either defines a short repr or is an enum, an error or an engine."""
    cls = public_classes()[name]
    if issubclass(cls, enum.Enum | BaseException) or name.endswith("Machine"):
        return
    assert cls.__repr__ is not object.__repr__, name
