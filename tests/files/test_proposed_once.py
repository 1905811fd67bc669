"""The check that each proposal is proposed once: its quick answer is the loop's answer.

`Builder.check_proposed_once` first asks `proposed_once_each`, by C loops,
whether the loop over the ``propose`` events would find nothing (the usual
case: each proposal proposed once, by its proposer); only otherwise does it
loop. Here proposals and ``propose`` events are drawn, many of them right,
some twice, missing, unknown or by the wrong party: the problems found must
be those the loop alone finds.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire._codes import ErrorCode
from ceasefire._errors import KeyPath
from ceasefire.files._building import Builder
from ceasefire.files._proposing import proposed_once_each

PIDS = ["p1", "p2", "p3", "p4"]
PARTIES = ["A", "B"]


class _Recorder:
    """Stands for a `Builder`: records the problems `check_proposed_once` finds."""

    def __init__(self) -> None:
        self.problems: list[tuple[KeyPath, str, ErrorCode]] = []

    def problem(self, path: KeyPath, message: str, code: ErrorCode, *, key: bool = False) -> None:
        """Record one problem."""
        self.problems.append((path, message, code))


def _found(proposals: dict[str, Any], proposing: list[tuple[int, str, str | None]]) -> list[Any]:
    """The problems `Builder.check_proposed_once` records."""
    recorder = _Recorder()
    Builder.check_proposed_once(recorder, proposals, proposing)  # type: ignore[arg-type]
    return recorder.problems


@st.composite
def proposing_events(
    draw: st.DrawFn,
) -> tuple[dict[str, Any], list[tuple[int, str, str | None]]]:
    """Proposals with their proposers, and ``propose`` events: mostly right, some not."""
    chosen = draw(st.lists(st.sampled_from(PIDS), unique=True, max_size=4))
    proposals = {
        pid: SimpleNamespace(proposed_by=draw(st.sampled_from([None, *PARTIES]))) for pid in chosen
    }
    events = [(pid, proposals[pid].proposed_by) for pid in chosen]
    events = draw(st.permutations(events))
    for _ in range(draw(st.integers(0, 2))):
        how = draw(st.sampled_from(["twice", "drop", "unknown", "by", "no-by"]))
        if how == "twice" and events:
            events.append(draw(st.sampled_from(events)))
        elif how == "drop" and events:
            events.pop(draw(st.integers(0, len(events) - 1)))
        elif how == "unknown":
            events.append(("p9", draw(st.sampled_from([None, *PARTIES]))))
        elif events:
            at = draw(st.integers(0, len(events) - 1))
            by = None if how == "no-by" else draw(st.sampled_from(PARTIES))
            events[at] = (events[at][0], by)
    return proposals, [(index * 3, pid, by) for index, (pid, by) in enumerate(events)]


@settings(max_examples=300, deadline=None)
@given(proposing_events())
def test_the_quick_answer_finds_what_the_loop_finds(
    drawn: tuple[dict[str, Any], list[tuple[int, str, str | None]]],
) -> None:
    """The quick answer says nothing to find only where the loop alone finds nothing."""
    proposals, proposing = drawn
    with mock.patch("ceasefire.files._building.proposed_once_each", return_value=False):
        by_the_loop = _found(proposals, proposing)
    assert _found(proposals, proposing) == by_the_loop
    if proposed_once_each(proposals, proposing):
        assert by_the_loop == []


def test_the_quick_answer_takes_the_usual_file_and_refuses_each_mistake() -> None:
    """Each proposal proposed once by its proposer: nothing to find; each mistake: the loop."""
    proposals: dict[str, Any] = {
        "p1": SimpleNamespace(proposed_by="A"),
        "p2": SimpleNamespace(proposed_by=None),
    }
    right: list[tuple[int, str, str | None]] = [(0, "p2", None), (4, "p1", "A")]
    assert proposed_once_each(proposals, right)
    assert not proposed_once_each(proposals, [*right, (5, "p1", "A")])  # twice
    assert not proposed_once_each(proposals, right[:1])  # p1 never
    assert not proposed_once_each(proposals, [right[0], (4, "p9", "A")])  # an unknown one
    assert not proposed_once_each(proposals, [right[0], (4, "p1", "B")])  # the wrong party
    assert not proposed_once_each(proposals, [right[0], (4, "p1", None)])  # by left out
    assert _found(proposals, [right[0], (4, "p1", None)]) == []  # which the loop allows
