"""Checkpoints of scenario files as test cases, with readable failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire import CEASEFIRE, Registry
from ceasefire.testing import CheckpointCase, CheckpointError, checkpoint_cases
from texts import TRUCE

EVENTS = TRUCE

PASSING = (
    EVENTS
    + """\
checkpoints:
  - as-of: 2025-04-01
    states: {truce: active}
    positions: {truce: {UA: accepted}}
  - as-of: 2025-05-01
    states: {truce: expired}
    in-force: []
"""
)

FAILING = (
    EVENTS
    + """\
checkpoints:
  - as-of: 2025-03-20
    states: {truce: active}
  - as-of: 2025-04-01
    states: {truce: expired}
    in-force: []
"""
)
"""The second checkpoint is wrong twice: on 1 April the truce was still active and in force."""

REFUSED = (
    EVENTS
    + """\
  - date: 2025-03-19
    reject: truce
    by: RU
    source: article
checkpoints:
  - as-of: 2025-04-01
    states: {truce: active}
"""
)
"""RU rejects a truce that is already in force: the replay refuses the event."""

BROKEN = """\
scenario: test
sources:
  article: {title: An article, publishd: 2025}
parties:
  UA: {name: Ukraine, role: beligerent}
proposals:
  truce:
    proposed-by: UA
    needs: [UA]
    duration: thirty days
events:
  - date: 2025-02-30
    propose: truce
    source: article
checkpoints:
  - as-of: 2025-04-01
    states: {truce: active}
"""
"""Four mistakes in the shape of the file: it does not load."""


def write(directory: Path, text: str, name: str = "talks.yaml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str) -> int:
    """Return the 1-based number of the one line of `text` that contains `fragment`."""
    numbers = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    assert len(numbers) == 1, f"{fragment!r} is on lines {numbers}"
    return numbers[0]


def failure(case: CheckpointCase) -> CheckpointError:
    """Run a case that must fail and return its error."""
    with pytest.raises(CheckpointError, match=r"\[CF\d{3}\]$") as info:
        case.check()
    return info.value


def test_a_passing_file_gives_its_replay_then_one_case_per_checkpoint(tmp_path: Path) -> None:
    """The first case is the replay, named "NAME replays"; then one per checkpoint, by date."""
    cases = checkpoint_cases(write(tmp_path, PASSING))
    assert [case.name for case in cases] == [
        "talks.yaml replays",
        "talks.yaml on 2025-04-01",
        "talks.yaml on 2025-05-01",
    ]
    assert all(case.problems == () for case in cases)
    for case in cases:
        case.check()


def test_a_case_reads_as_its_name(tmp_path: Path) -> None:
    """``str(case)`` is its name, so it can serve as a test id."""
    cases = checkpoint_cases(str(write(tmp_path, PASSING)))
    assert [str(case) for case in cases] == [case.name for case in cases]
    assert str(cases[1]) == "talks.yaml on 2025-04-01"


def test_cases_carry_the_line_of_their_checkpoint(tmp_path: Path) -> None:
    """Each checkpoint case points at the line its checkpoint is written on; the replay at 1."""
    cases = checkpoint_cases(write(tmp_path, PASSING))
    assert [case.line for case in cases] == [
        1,
        line_of(PASSING, "- as-of: 2025-04-01"),
        line_of(PASSING, "- as-of: 2025-05-01"),
    ]


def test_a_failing_checkpoint_fails_only_its_own_case(tmp_path: Path) -> None:
    """The replay and the other checkpoints pass; the wrong one raises `CheckpointError`."""
    replays, holds, wrong = checkpoint_cases(write(tmp_path, FAILING))
    replays.check()
    holds.check()
    error = failure(wrong)
    assert isinstance(error, AssertionError)
    assert error.problems == wrong.problems
    assert len(error.problems) == 2


def test_a_failing_checkpoint_names_the_date_the_expectation_and_the_replay(
    tmp_path: Path,
) -> None:
    """One line per failed expectation: where, the date, what was expected, what the replay says."""
    path = write(tmp_path, FAILING)
    wrong = checkpoint_cases(path)[2]
    line = line_of(FAILING, "- as-of: 2025-04-01")
    assert wrong.line == line
    assert str(failure(wrong)).splitlines() == [
        f"{path}:{line}:5: checkpoints[1]: on 2025-04-01 expected truce expired, "
        "replay says active; last change 2025-03-18 take_effect (timer) [CF601]",
        f"{path}:{line}:5: checkpoints[1]: on 2025-04-01 expected in force: nothing; "
        "replay says: truce [CF601]",
    ]


def test_a_refused_event_fails_the_replay_case(tmp_path: Path) -> None:
    """The replay case lists the refused event with its line; the checkpoints still run."""
    path = write(tmp_path, REFUSED)
    replays, checkpoint = checkpoint_cases(path)
    message = str(failure(replays))
    assert message.startswith(f"{path}:{line_of(REFUSED, '2025-03-19')}:")
    assert "events[3]: 'reject' refused on 'truce' (state 'active')" in message
    checkpoint.check()


def test_a_file_that_does_not_load_gives_one_case_listing_every_problem(tmp_path: Path) -> None:
    """A single "NAME loads" case, on line 1, failing with one line per mistake."""
    path = write(tmp_path, BROKEN, "broken.yaml")
    cases = checkpoint_cases(path)
    assert [(case.name, case.line) for case in cases] == [("broken.yaml loads", 1)]
    lines = str(failure(cases[0])).splitlines()
    assert [line.split(": ")[:2] for line in lines] == [
        [f"{path}:{line_of(BROKEN, 'publishd')}:32", "sources.article.publishd"],
        [f"{path}:{line_of(BROKEN, 'beligerent')}:29", "parties.UA.role"],
        [f"{path}:{line_of(BROKEN, 'thirty days')}:15", "proposals.truce.duration"],
        [f"{path}:{line_of(BROKEN, '2025-02-30')}:11", "events[0].date"],
    ]


def test_a_file_that_cannot_be_read_gives_a_failing_load_case(tmp_path: Path) -> None:
    """A missing file is reported by its case, not raised while collecting."""
    cases = checkpoint_cases(tmp_path / "nowhere.yaml")
    assert [case.name for case in cases] == ["nowhere.yaml loads"]
    assert "cannot read" in str(failure(cases[0]))


def test_the_name_given_is_the_one_in_the_messages(tmp_path: Path) -> None:
    """A file can be reported under the name a caller chooses, such as its path in a project."""
    path = write(tmp_path, FAILING)
    wrong = checkpoint_cases(path, name="shown.yaml")[2]
    line = line_of(FAILING, "- as-of: 2025-04-01")
    assert str(failure(wrong)).startswith(f"shown.yaml:{line}:5: checkpoints[1]: ")
    assert wrong.name == "talks.yaml on 2025-04-01"  # the case keeps the file's own name


def test_a_file_may_name_what_the_registry_given_brings(tmp_path: Path) -> None:
    """A lifecycle from the registry loads; without that registry the file does not."""
    text = PASSING.replace("    needs: [UA, RU]\n", "    needs: [UA, RU]\n    lifecycle: mine\n")
    path = write(tmp_path, text)
    (loads,) = checkpoint_cases(path)
    assert "mine" in str(failure(loads))
    cases = checkpoint_cases(path, registry=Registry(lifecycles={"mine": CEASEFIRE.derive("mine")}))
    assert [case.name for case in cases] == [
        "talks.yaml replays",
        "talks.yaml on 2025-04-01",
        "talks.yaml on 2025-05-01",
    ]
    for case in cases:
        case.check()
