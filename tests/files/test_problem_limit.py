"""max_problems in Python: the first problems are kept, all are counted, and the error says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire import ScenarioError, load_scenario, loads_scenario, validate_file
from ceasefire._codes import ErrorCode
from ceasefire._errors import Problem, Problems
from ceasefire.files.eventlog import replay_log

HEADER = """\
scenario: many-mistakes
sources:
  s: {title: An invented source}
parties:
  A: {name: Party A}
  B: {name: Party B}
proposals:
  t: {proposed-by: A, needs: [B]}
events:
  - {date: 2020-01-01, propose: t, sources: [s]}
"""


def unknown_proposals(count: int) -> str:
    """A scenario whose last `count` events each answer a proposal nobody made."""
    event = "  - {{date: 2020-01-02, accept: nosuch{}, by: B, sources: [s]}}\n"
    return HEADER + "".join(event.format(i) for i in range(count))


def test_loading_keeps_the_first_hundred_problems_and_counts_them_all() -> None:
    """The error lists 100 problems in file order and a last line with the rest."""
    with pytest.raises(ScenarioError) as caught:
        loads_scenario(unknown_proposals(250), "many.yaml")
    error = caught.value
    assert (len(error.problems), error.problem_count) == (100, 250)
    assert [p.line for p in error.problems] == list(range(11, 111))
    lines = str(error).splitlines()
    assert len(lines) == 101
    assert lines[-1] == "many.yaml: ... and 150 more problems"


def test_max_problems_none_keeps_every_problem_and_the_message_has_no_count_line() -> None:
    """None is no limit."""
    with pytest.raises(ScenarioError) as caught:
        loads_scenario(unknown_proposals(250), "many.yaml", max_problems=None)
    assert (len(caught.value.problems), caught.value.problem_count) == (250, 250)
    assert "more problem" not in str(caught.value)


def test_problems_found_while_parsing_are_limited_too() -> None:
    """A thousand duplicate keys are a hundred lines and a count."""
    text = "scenario: x\n" + "".join(f"k{i}: 1\nk{i}: 2\n" for i in range(1000))
    with pytest.raises(ScenarioError) as caught:
        loads_scenario(text, "dup.yaml", max_problems=10)
    assert (len(caught.value.problems), caught.value.problem_count) == (10, 1000)
    assert caught.value.code is ErrorCode.DUPLICATE_KEY


def test_load_scenario_passes_the_limit_on(tmp_path: Path) -> None:
    """The file reader takes the same keyword."""
    path = tmp_path / "many.yaml"
    path.write_text(unknown_proposals(30), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path, max_problems=4)
    assert (len(caught.value.problems), caught.value.problem_count) == (4, 30)


def test_validate_file_returns_the_first_problems_with_the_count_of_all(tmp_path: Path) -> None:
    """A tuple of the first problems whose problem_count counts all of them."""
    path = tmp_path / "many.yaml"
    path.write_text(unknown_proposals(250), encoding="utf-8")
    found = validate_file(path)
    assert (len(found), found.problem_count, found.left_out) == (100, 250, 150)
    every = validate_file(path, max_problems=None)
    assert (len(every), every.problem_count, every.left_out) == (250, 250, 0)
    assert every[:100] == found


def test_validate_file_limits_the_problems_of_a_replay_too(tmp_path: Path) -> None:
    """Refused events found by the replay are kept in file order, then cut."""
    answers = "".join(
        f"  - {{date: 2020-01-0{2 + i % 5}, reject: t, by: B, sources: [s]}}\n" for i in range(40)
    )
    path = tmp_path / "refused.yaml"
    path.write_text(HEADER + answers, encoding="utf-8")
    found = validate_file(path, max_problems=5)
    assert (len(found), found.problem_count) == (5, 39)
    lines = [p.line or 0 for p in found]
    assert lines == sorted(lines)


def test_a_log_keeps_a_hundred_problems_by_default(tmp_path: Path) -> None:
    """replay_log counts every problem and keeps the first hundred, or as many as asked."""
    header = '{"scenario": "log", "sources": {"s": {"title": "A"}}, "parties": {"B": {}}}\n'
    event = '{{"date": "2020-01-02", "accept": "nosuch{}", "by": "B", "sources": ["s"]}}\n'
    path = tmp_path / "many.jsonl"
    path.write_text(header + "".join(event.format(i) for i in range(150)), encoding="utf-8")
    assert (len(replay_log(path).problems), replay_log(path).problem_count) == (100, 150)
    assert len(replay_log(path, max_problems=None).problems) == 150
    with pytest.raises(ValueError, match="positive max_problems"):
        replay_log(path, max_problems=0)


PROBLEM = Problem("f.yaml", 1, 1, "", "wrong", ErrorCode.WRONG_TYPE)


def test_problems_equal_a_plain_tuple_and_refuse_a_limit_below_one() -> None:
    """Problems is a tuple with a count; a limit of 0 would keep nothing and is refused."""
    kept = Problems([PROBLEM] * 3, 2)
    assert (kept.problem_count, kept.left_out) == (3, 1)
    assert kept == (PROBLEM, PROBLEM)
    assert Problems(kept).problem_count == 3
    assert Problems([PROBLEM], count=9).left_out == 8
    with pytest.raises(ValueError, match="positive limit"):
        Problems([PROBLEM], 0)


def test_one_problem_left_out_is_said_in_the_singular() -> None:
    """... and 1 more problem."""
    error = ScenarioError([PROBLEM, PROBLEM], limit=1)
    assert str(error).splitlines()[-1] == "f.yaml: ... and 1 more problem"
