"""``--ceasefire-coverage``: the states and rows a run reached, and those it never did."""

from __future__ import annotations

import pytest

from ceasefire import CEASEFIRE, Negotiation
from ceasefire.core.engines._table import TableMachine
from ceasefire.testing._coverage import MOST_SHOWN, Coverage

pytest_plugins = ["pytester"]

TESTS = """
from datetime import date
import pytest
from ceasefire import Negotiation, Proposal

@pytest.mark.parametrize("engine", ["transitions", "table"])
def test_a_rejection(engine):
    talks = Negotiation(start=date(2025, 1, 1), engine=engine)
    talks.propose(Proposal("p", proposed_by="A", needs=["B", "C"]))
    talks.act("p", "accept", by="B")
    talks.act("p", "reject", by="C")
"""


def test_the_report_names_what_was_reached_and_what_never_was(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(TESTS)
    result = pytester.runpytest("--ceasefire-coverage", "-p", "no:randomly")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        [
            "*- ceasefire coverage -*",
            "ceasefire: states 2/10, rows 2/36",
            "  states reached: proposed, rejected",
            "  states never reached: accepted, withdrawn, lapsed, active, suspended, expired, *",
            "  rows never reached:",
            "    accept: proposed → accepted [all_required_accepted]",
        ]
    )
    never = result.stdout.str().split("rows never reached:")[1]
    assert "accept: proposed → proposed\n" not in never
    assert "reject: proposed → rejected" not in never
    assert "    expire: suspended → expired (at end)" in never


def test_verbose_lists_the_rows_reached(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(TESTS)
    result = pytester.runpytest("--ceasefire-coverage", "-v")
    result.stdout.fnmatch_lines(
        ["  rows reached:", "    accept: proposed → proposed", "    reject: proposed → rejected"]
    )


def test_only_the_lifecycles_named(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(TESTS)
    result = pytester.runpytest("--ceasefire-coverage-only", "exchange")
    result.stdout.fnmatch_lines(["*- ceasefire coverage -*", "exchange: never stepped"])


def test_without_the_option_nothing_is_wrapped_or_reported(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        TESTS
        + """
def test_nothing_is_wrapped():
    from ceasefire.core.engines._table import TableMachine
    assert TableMachine.step.__qualname__ == "TableMachine.step"
    assert Negotiation._commit.__qualname__ == "Negotiation._commit"
"""
    )
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=3)
    assert "ceasefire coverage" not in result.stdout.str()


def test_the_wrapping_is_undone_and_reports_merge_across_workers() -> None:
    from datetime import date  # noqa: PLC0415

    from ceasefire import Proposal  # noqa: PLC0415

    coverage = Coverage()
    before = TableMachine.step
    with pytest.MonkeyPatch.context() as patch:
        coverage.install(patch)
        assert TableMachine.step is not before
        talks = Negotiation(start=date(2025, 1, 1), engine="table")
        talks.propose(Proposal("p", proposed_by="A", needs=[]))
    assert TableMachine.step is before
    other = Coverage()
    other.merge(coverage.dumps())
    assert other.reached == coverage.reached
    (states, rows) = next(iter(other.reached.values()))
    assert states == {"proposed", "accepted", "active"}
    assert rows == {
        "declare: proposed → accepted (at unilateral)",
        "take_effect: accepted → active (at start)",
    }


def test_many_lifecycles_are_counted_beyond_the_first_few() -> None:
    coverage = Coverage()
    for number in range(MOST_SHOWN + 3):
        coverage.note(CEASEFIRE.derive(f"lc-{number:02}"), "proposed", None)
    busiest = CEASEFIRE.derive("zz-busiest")
    for _ in range(3):
        coverage.note(busiest, "proposed", None)
    lines = coverage.report()
    assert lines[0] == "zz-busiest: states 1/10, rows 0/36"
    assert lines[-1].startswith("... and 4 more lifecycles")
    assert Coverage().report() == ["no lifecycle was stepped"]


def test_the_search_of_paths_is_not_counted_but_following_a_path_is() -> None:
    from ceasefire.testing import paths  # noqa: PLC0415

    coverage = Coverage()
    with pytest.MonkeyPatch.context() as patch:
        coverage.install(patch)
        found = paths(CEASEFIRE)
        assert coverage.reached == {}
        found.shortest["rejected"].follow()
    (states, rows) = next(iter(coverage.reached.values()))
    assert states == {"proposed", "rejected"}
    assert rows == {"reject: proposed → rejected"}


def test_a_name_to_report_that_was_never_stepped_is_said_with_the_closest_one() -> None:
    """A misspelt --ceasefire-coverage-only name is named, not silently dropped."""
    coverage = Coverage(only={"ceasfire", "talks"})
    coverage.note(CEASEFIRE, "proposed", None)
    other = Coverage(only={"ceasfire", "talks"})
    other.merge(coverage.dumps())
    for report in (coverage.report(), other.report()):
        assert report == [
            "ceasfire: never stepped (did you mean 'ceasefire'?)",
            "talks: never stepped",
        ]


def test_a_test_s_variant_of_a_lifecycle_is_counted_not_detailed() -> None:
    """Two tables named alike: the busiest is detailed, the other counted (-v details both)."""
    variant = CEASEFIRE.derive("ceasefire", drop_transitions=[("violate", "active")])
    coverage = Coverage(only={"ceasefire"})
    for state in ("proposed", "accepted"):
        coverage.note(CEASEFIRE, state, None)
    coverage.note(variant, "proposed", None)
    brief = coverage.report()
    assert brief[0] == "ceasefire: states 2/10, rows 0/36"
    assert brief[-1].startswith("(1 other table shares a name with one above")
    assert not any("another table of that name" in line for line in brief)
    assert any(
        "ceasefire (another table of that name)" in line for line in coverage.report(verbose=True)
    )


def test_of_the_tables_of_one_name_the_best_covered_is_the_one_detailed() -> None:
    """A busier but barely covered variant does not hide the table the run covered."""
    variant = CEASEFIRE.derive("ceasefire", drop_transitions=[("violate", "active")])
    coverage = Coverage(only={"ceasefire"})
    for _ in range(3):
        coverage.note(variant, "proposed", None)
    reject = next(t for t in CEASEFIRE.transitions if t.action == "reject")
    coverage.note(CEASEFIRE, "rejected", reject)
    assert coverage.report()[0] == "ceasefire: states 1/10, rows 1/36"
