"""The ledger: changes kept as compact rows come back as the `Change` values they were."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ceasefire import Cause, Change, DatePrecision, Source
from ceasefire.core import _ledger
from ceasefire.core._ledger import Ledger
from ceasefire.core._variables import frozen_values

SAME_FOR_EVERY_EXAMPLE = HealthCheck.function_scoped_fixture
"""The `tables` fixture sets the same sizes for every example of a test."""
NAMES = ("proposed", "active", "accept", "expire", "a-state-with-a-long-name")


@st.composite
def changes(draw: st.DrawFn) -> Change:
    """Any change, with the rare fields (conditions, notes, variables) now and then."""
    moments = st.one_of(
        st.dates(date(2020, 1, 1), date(2030, 1, 1)),
        st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC)),
    )
    texts = st.text(alphabet="abc -", min_size=1, max_size=6).map(str.strip).filter(bool)
    cause = draw(st.sampled_from(Cause))
    return Change(
        proposal=draw(st.sampled_from(("p1", "p2", "p3"))),
        trigger=draw(st.sampled_from(NAMES)),
        cause=cause,
        from_state=None if cause is Cause.PROPOSAL else draw(st.sampled_from(NAMES)),
        to_state=draw(st.sampled_from(NAMES)),
        at=draw(moments),
        by=draw(st.none() | st.sampled_from(("UA", "RU", "US"))),
        source=draw(st.none() | st.builds(Source, st.sampled_from(("reuters", "tass")))),
        conditions=tuple(draw(st.lists(texts, max_size=2))),
        precision=draw(st.sampled_from(DatePrecision)),
        note=draw(st.just("") | texts),
        variables=frozen_values(draw(st.dictionaries(st.sampled_from(("n", "m")), st.integers()))),
    )


def kept(found: list[Change]) -> Ledger:
    """Return a ledger that kept `found`, in order."""
    ledger = Ledger()
    for change in found:
        ledger.keep(change)
    return ledger


@pytest.fixture(params=["roomy", "cramped"])
def tables(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run with the real table sizes, and with tables so small that most rows are kept apart."""
    if request.param == "cramped":
        monkeypatch.setattr(_ledger, "_OVERFLOW", 3)
        monkeypatch.setattr(_ledger, "_APART", 2)
        monkeypatch.setattr(_ledger, "_CONDITIONS_MASK", 1)
    return str(request.param)


@settings(max_examples=60, deadline=None, suppress_health_check=[SAME_FOR_EVERY_EXAMPLE])
@given(found=st.lists(changes(), max_size=25))
def test_every_change_comes_back_equal_in_order_and_by_proposal(
    tables: str, found: list[Change]
) -> None:
    """All of them, each by its index, the last, and each proposal's own and its moves, in order."""
    ledger = kept(found)
    assert ledger.since(0) == tuple(found)
    assert [ledger.change(i) for i in range(len(found))] == found
    assert len(ledger) == ledger.count == len(found)
    for pid in ("p1", "p2", "p3"):
        mine = [c for c in found if c.proposal == pid]
        assert ledger.moves(pid) == ([c.at for c in mine], [c.to_state for c in mine])
        assert ledger.of(pid) == mine
    if found:
        assert ledger.last() == found[-1]
        assert ledger.since(len(found) // 2) == tuple(found[len(found) // 2 :])


@settings(max_examples=60, deadline=None, suppress_health_check=[SAME_FOR_EVERY_EXAMPLE])
@given(before=st.lists(changes(), max_size=8), after=st.lists(changes(), max_size=8))
def test_a_copy_goes_on_apart_from_the_original(
    tables: str, before: list[Change], after: list[Change]
) -> None:
    """What is added to a copy is not in the original, and the other way round."""
    original = kept(before)
    copy = original.copy()
    for change in after:
        copy.keep(change)
    assert original.since(0) == tuple(before)
    assert copy.since(0) == tuple(before + after)
    for change in reversed(after):
        original.keep(change)
    assert original.since(len(before)) == tuple(reversed(after))
    assert copy.since(0) == tuple(before + after)


@settings(max_examples=60, deadline=None, suppress_health_check=[SAME_FOR_EVERY_EXAMPLE])
@given(
    before=st.lists(changes(), max_size=6),
    mine=st.lists(changes(), max_size=6),
    theirs=st.lists(changes(), max_size=6),
    forgets=st.booleans(),
    learned=st.lists(st.sampled_from(NAMES), max_size=4),
    learned_later=st.lists(st.sampled_from(NAMES), max_size=2),
)
def test_copies_that_share_their_tables_read_back_their_own_changes(  # noqa: PLR0917
    tables: str,
    before: list[Change],
    mine: list[Change],
    theirs: list[Change],
    forgets: bool,
    learned: list[str],
    learned_later: list[str],
) -> None:
    """Copies add names, notes and conditions in turn, one perhaps forgetting: each its own.

    The original may have learned names before it was copied, and the copy
    learn more on the way; neither changes what either reads back.
    """
    original = kept(before)
    original.learn(learned)
    copy = original.copy()
    if forgets:
        copy.forget()
    for turn, (one, other) in enumerate(zip(mine, theirs, strict=False)):
        original.keep(one)
        copy.keep(other)
        if turn == 1:
            copy.learn(learned_later)
    count = min(len(mine), len(theirs))
    for one in mine[count:]:
        original.keep(one)
    for other in theirs[count:]:
        copy.keep(other)
    assert original.since(0) == tuple(before + mine)
    assert copy.since(0) == tuple(theirs if forgets else before + theirs)


def test_a_copy_steps_between_names_learned_before_without_taking_its_own_tables() -> None:
    """Names learned before the copy: its changes, in any order of names, keep sharing."""
    original = Ledger()
    original.learn(["propose", *NAMES])
    copy = original.copy()
    at = date(2025, 3, 1)
    copy.record("p1", "propose", Cause.PROPOSAL, None, "proposed", at)
    copy.record("p1", "expire", Cause.TIMER, "active", "a-state-with-a-long-name", at)
    copy.record("p1", "accept", Cause.ACTION, "proposed", "active", at, "UA")
    assert copy._shared  # the point of learning names first
    assert [c.to_state for c in copy.since(0)] == ["proposed", "a-state-with-a-long-name", "active"]
    assert copy.since(0)[1].cause is Cause.TIMER
    assert original.since(0) == ()
    original.record("p2", "accept", Cause.ACTION, "proposed", "a-new-state", at)
    assert original.change(0).to_state == "a-new-state"
    assert copy.change(2).to_state == "active"


_ONE_NOTE = Change("p1", "accept", Cause.ACTION, "a", "b", date(2025, 1, 1), note="one note")


@settings(max_examples=60, deadline=None)
@given(calls=st.lists(st.lists(changes(), max_size=4), max_size=5))
@example(calls=[[_ONE_NOTE], []])  # one note alone, no conditions: the tables start again too
def test_forgetting_keeps_the_count_and_only_the_latest_call(calls: list[list[Change]]) -> None:
    """Without a history, each call's changes are read, then forgotten; the count goes on."""
    ledger = Ledger()
    total = 0
    for call in calls:
        ledger.forget()
        # No row refers to a note or conditions now: their tables start again.
        assert (ledger._notes, ledger._conditions) == ([""], [()])
        assert (ledger._notes_index, ledger._conditions_index) == ({"": 0}, {(): 0})
        for change in call:
            ledger.keep(change)
        assert ledger.since(total) == tuple(call)
        assert ledger.since(0) == tuple(call)
        mine = [c for c in call if c.proposal == "p1"]
        assert ledger.moves("p1") == ([c.at for c in mine], [c.to_state for c in mine])
        total += len(call)
        assert ledger.count == total


@settings(max_examples=40, deadline=None)
@given(before=st.lists(changes(), max_size=8), after=st.lists(changes(), max_size=8))
def test_a_proposals_changes_are_found_before_and_after_the_first_time(
    before: list[Change], after: list[Change]
) -> None:
    """The index made by the first look is kept up to date, in the ledger and its copies."""
    ledger = kept(before)
    assert ledger.of("p1") == [c for c in before if c.proposal == "p1"]
    copy = ledger.copy()
    for change in after:
        ledger.keep(change)
        copy.keep(change)
    for pid in ("p1", "p2", "p3"):
        expected = [c for c in before + after if c.proposal == pid]
        assert ledger.of(pid) == copy.of(pid) == expected


def _tables(ledger: Ledger) -> tuple[list[object], list[str], list[tuple[str, ...]]]:
    """The ledger's tables of names, notes and sets of conditions, as they are now."""
    return list(ledger._names_list), list(ledger._notes), list(ledger._conditions)


_TWICE = [  # one word for two changes, each of the usual kinds and one of another kind
    Change("p1", "accept", Cause.ACTION, "a", "b", date(2025, 1, 1)),
    Change("p2", "accept", Cause.ACTION, "a", "b", date(2025, 1, 2)),
    Change("p1", "expire", Cause.TIMER, "b", "c", date(2025, 1, 3), note="n"),
    Change("p2", "expire", Cause.TIMER, "b", "c", date(2025, 1, 4), note="n"),
]


@settings(max_examples=80, deadline=None)
@given(found=st.lists(changes(), max_size=25))
@example(found=_TWICE)
def test_each_name_note_and_set_of_conditions_is_kept_once(found: list[Change]) -> None:
    """The tables hold each distinct text once, in the order first met, whatever carries it."""
    ledger = kept(found)
    names = (name for c in found for name in (c.trigger, c.from_state, c.to_state))
    assert ledger._names_list == [None, *dict.fromkeys(n for n in names if n is not None)]
    assert ledger._notes == ["", *dict.fromkeys(c.note for c in found if c.note)]
    assert ledger._conditions == [(), *dict.fromkeys(c.conditions for c in found if c.conditions)]
    assert ledger._names_index == {name: at for at, name in enumerate(ledger._names_list)}
    assert ledger._notes_index == {note: at for at, note in enumerate(ledger._notes)}
    assert ledger._conditions_index == {c: at for at, c in enumerate(ledger._conditions)}
    _assert_one_int_per_word(ledger)


def _assert_one_int_per_word(ledger: Ledger) -> None:
    """Each first word the ledger holds is one int object, shared by the changes it describes."""
    first_of: dict[int, int] = {}
    for word in ledger._names:
        assert first_of.setdefault(word, word) is word


@settings(max_examples=80, deadline=None)
@given(before=st.lists(changes(), max_size=8), after=st.lists(changes(), max_size=8))
@example(  # a new word of names every sharer knows, met twice by the copy
    before=[],
    after=[
        Change("p1", "accept", Cause.TIMER, "a", "b", date(2025, 1, 2)),
        Change("p2", "accept", Cause.TIMER, "a", "b", date(2025, 1, 3)),
    ],
)
def test_a_ledger_adds_to_tables_it_shares_only_once_it_has_copies_of_its_own(
    before: list[Change], after: list[Change]
) -> None:
    """A copy shares the tables until it meets a new text; then the original's stay as they were.

    A ledger never copied adds to its own tables as they are; so does a copy
    once it has taken its own.
    """
    original = kept(before)
    unshared = original._notes
    original.keep(Change("p1", "accept", Cause.ACTION, "a", "b", date(2025, 1, 1), note="n-e-w"))
    assert original._notes is unshared  # never copied: nothing to take copies of
    held = _tables(original)
    copy = original.copy()
    for change in after:
        copy.keep(change)
    assert _tables(original) == held
    met_new = _tables(copy) != held
    assert (copy._notes is original._notes) is not met_new
    if met_new:
        own = copy._notes, copy._conditions, copy._names_list
        copy.keep(Change("p2", "x-1", Cause.ACTION, "y-1", "z-1", date(2025, 1, 2), note="n-2"))
        mine = copy._notes, copy._conditions, copy._names_list
        assert all(now is then for now, then in zip(mine, own, strict=True))  # no copies again
    assert original.since(0)[len(before) :][0].note == "n-e-w"
    _assert_one_int_per_word(copy)


def test_reading_a_forgotten_change_says_it_was_forgotten_and_which_is_held() -> None:
    """A change dropped by `forget` cannot be read: the error names it and the first one held."""
    ledger = kept([_ONE_NOTE, _ONE_NOTE])
    ledger.forget()
    ledger.keep(_ONE_NOTE)
    assert ledger.change(2) == _ONE_NOTE
    with pytest.raises(IndexError, match=r"^change 1 was forgotten; the first held is 2$"):
        ledger.change(1)


def test_names_past_the_tables_room_are_kept_apart_and_read_back_as_they_were() -> None:
    """Neither `learn` nor a change puts a name at an index its field cannot hold.

    The table of names has room for ``_OVERFLOW - 1`` of them (the index
    ``_OVERFLOW`` means "kept apart"): `learn` leaves names it has no room
    for, and a change naming one keeps its names apart.
    """
    ledger = Ledger()
    room = _ledger._OVERFLOW - 1
    ledger.learn(f"n{i}" for i in range(room - 5))
    ledger.learn(f"m{i}" for i in range(10))  # no room for all ten: none is learnt
    made = [
        Change(f"p{i}", f"m{i}", Cause.ACTION, "n0", "n1", date(2025, 1, 1 + i)) for i in range(10)
    ]
    for change in made:
        ledger.keep(change)
    assert ledger.since(0) == tuple(made)
    assert [ledger._names_index[f"m{i}"] for i in range(5)] == list(range(room - 4, room + 1))
    assert max(ledger._names_index.values()) < _ledger._OVERFLOW
    assert sorted(ledger._overflow) == list(range(5, 10))  # the last five, kept apart
