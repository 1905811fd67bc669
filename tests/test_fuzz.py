"""Fuzzing the loader and the replay: nothing but a `CeasefireError` may ever escape.

Four targets:

- arbitrary text (and bytes decoded with replacement characters) read as
  YAML and as JSON by `ceasefire.loads_scenario`;
- the shipped example files, parsed, mutated at random (a key deleted, a value
  replaced, a list item duplicated or dropped, two events' dates swapped, an id
  renamed, a date or duration moved to the edge of the calendar), dumped back
  as JSON or YAML and loaded, then replayed when they load;
- valid scenarios from `ceasefire.testing.strategies.scenarios`, replayed in both modes;
- the shipped examples as event logs, their lines dropped, repeated, swapped,
  mutated as above or garbled, streamed by `ceasefire.files.eventlog.replay_log`,
  from which nothing at all may escape.

A loaded scenario always replays to a `Timeline` in collect-all mode; in strict
mode only a `ScenarioError` may escape, and it is the first problem the
collect-all replay lists.

The normal suite runs a moderate number of examples per target. For a long
run, set the number of examples per target::

    CEASEFIRE_FUZZ_EXAMPLES=10000 python -m pytest tests/test_fuzz.py

Inputs that once let another exception escape are kept at the end of this
module as regression tests.
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from ceasefire import (
    CeasefireError,
    DisputeRuleName,
    Scenario,
    ScenarioError,
    Timeline,
    load_scenario,
    loads_scenario,
    replay,
)
from ceasefire.cli import main
from ceasefire.files._parsing import parse_text
from ceasefire.files.eventlog import dump_log, replay_log
from ceasefire.scenario._disputes import rule_named
from ceasefire.testing.strategies import scenarios

ROOT = Path(__file__).parent.parent
EXAMPLE_FILES = [
    ROOT / "examples" / "ukraine_2025.yaml",
    *sorted(ROOT.glob("examples/how-to/*.yaml")),
]
EXAMPLES = {
    path.name: parse_text(path.read_text(encoding="utf-8"), path.name).data
    for path in EXAMPLE_FILES
}

_LONG_RUN = int(os.environ.get("CEASEFIRE_FUZZ_EXAMPLES") or 0)


def examples(default: int) -> int:
    """Return the number of examples for a target: `default`, or CEASEFIRE_FUZZ_EXAMPLES."""
    return _LONG_RUN or default


def fuzz(default: int) -> settings:
    """Hypothesis settings for a fuzz target: `default` examples unless told otherwise."""
    return settings(
        max_examples=examples(default),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def note(label: str) -> None:
    """Count `label` in Hypothesis's statistics (``--hypothesis-show-statistics``) in a test."""
    if currently_in_test_context():
        event(label)


def exercise(text: str, name: str) -> Timeline | None:
    """Load `text`; if it loads, replay it in both modes. Return the collect-all timeline.

    Only a `CeasefireError` may escape loading; a loaded scenario must replay to a
    `Timeline` when collecting, and raise nothing but its first problem when strict.
    """
    try:
        scenario = loads_scenario(text, name)
    except CeasefireError as error:
        note(f"refused: {type(error).__name__}")
        return None
    note("loaded")
    return replay_both_ways(scenario)


def replay_both_ways(scenario: Scenario, **options: Any) -> Timeline:
    """Replay `scenario` collecting every problem, then strictly; check they agree."""
    timeline = replay(scenario, collect=True, **options)
    assert isinstance(timeline, Timeline)
    strict: Timeline | ScenarioError
    try:
        strict = replay(scenario, **options)
    except ScenarioError as error:
        strict = error
    if isinstance(strict, ScenarioError):
        assert timeline.problems, "strict mode refused what collect-all mode did not"
        assert strict.problems == (timeline.problems[0],)
        note("strict replay refused an event")
    else:
        assert not timeline.problems, "collect-all mode refused what strict mode did not"
        assert strict == timeline
    return timeline


# -- (a) arbitrary text --------------------------------------------------------------------

NAMES = st.sampled_from(["f.yaml", "f.json"])

SYNTAX = st.lists(
    st.sampled_from([*"{}[]:,-\"'#&*!|>?%@` \n\t\\", "\u00a0", "\ufeff", "\x85"])
    | st.sampled_from(["scenario", "events", "date", "2025-03-11", "P30D", "true", "null", "---"])
    | st.characters(),
    max_size=80,
).map("".join)
"""Text made mostly of YAML and JSON punctuation and scenario words, to get past the tokenizer."""


@fuzz(400)
@given(text=st.text(), name=NAMES)
def test_any_text_is_a_scenario_or_a_ceasefire_error(text: str, name: str) -> None:
    """Arbitrary Unicode text, as YAML and as JSON."""
    exercise(text, name)


@fuzz(400)
@given(text=SYNTAX, name=NAMES)
def test_any_punctuation_soup_is_a_scenario_or_a_ceasefire_error(text: str, name: str) -> None:
    """Text dense in the characters that drive YAML and JSON syntax."""
    exercise(text, name)


@fuzz(300)
@given(data=st.binary(max_size=300), name=NAMES)
def test_any_bytes_decoded_with_replacement_are_a_scenario_or_a_ceasefire_error(
    data: bytes, name: str
) -> None:
    """Binary input as a program might pass it on: decoded with errors='replace'."""
    exercise(data.decode("utf-8", errors="replace"), name)


# -- (b) mutations of the shipped examples -------------------------------------------------

Node = tuple[Any, ...]
"""A path in parsed data: keys and list indices from the top."""

INTERESTING = [
    "",
    " ",
    "2025-02-30",
    "2025-03-11",
    "2025-03-11T10:00",
    "2025-03-11T10:00+03:00",
    "2025-03-11T23:59:59.999999-23:59",
    "0001-01-01",
    "9999-12-31",
    "P0D",
    "P1D",
    "PT1M",
    "P1M",
    "P1Y",
    "-P1D",
    "P999999999D",
    "PT99999999999H",
    "thirty days",
    "ceasefire",
    "proposed",
    "active",
    "accepted",
    "expired",
    "accept",
    "reject",
    "extend",
    "expire",
    "propose",
    "fulfil",
    "violate",
    "happened",
    "all_required_accepted",
    "pause_clock",
    "renew_term",
    "start",
    "end",
    "response_deadline",
    "unilateral",
    "earliest",
    "latest",
    "sources",
]
"""Values that reach deeper checks: near-miss dates and durations, and names the library knows."""


def strings_in(data: Any) -> set[str]:
    """Every key and text value in parsed data: ids, states, actions, dates."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            found.add(key)
            found |= strings_in(value)
    elif isinstance(data, list):
        for item in data:
            found |= strings_in(item)
    elif isinstance(data, str):
        found.add(data)
    return found


POOLS = {name: sorted(strings_in(data) | set(INTERESTING)) for name, data in EXAMPLES.items()}


def json_values(pool: list[str]) -> st.SearchStrategy[Any]:
    """Any JSON-able value, with the strings of the example and `INTERESTING` often among them."""
    words = st.sampled_from(pool)
    scalars = words | st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(words | st.text(max_size=8), children, max_size=3)
        ),
        max_leaves=6,
    )


def nodes(data: Any, path: Node = ()) -> Iterator[Node]:
    """Every path below the top of `data`."""
    children: Any = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in children:
        yield (*path, key)
        yield from nodes(value, (*path, key))


def at(data: Any, path: Node) -> Any:
    """The value at `path`."""
    for key in path:
        data = data[key]
    return data


def rename_everywhere(data: Any, old: str, new: str) -> Any:
    """`data` with every key and text value equal to `old` renamed `new`."""
    if isinstance(data, dict):
        return {
            (new if key == old else key): rename_everywhere(value, old, new)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [rename_everywhere(item, old, new) for item in data]
    return new if data == old else data


FORMATS = ["json", "yaml"]
MUTATIONS = ["delete a key", "replace a value", "duplicate an item", "drop an item"]
MUTATIONS += ["swap two dates", "rename an id", "rename an id everywhere", "retime"]

TIMES = re.compile(r"^(\d{4}-\d{2}-\d{2}|-?P[0-9WDTHMS]+)")
"""Text that is a date, a time or a duration."""

EDGES = [
    "0001-01-01",
    "0001-01-02T00:00+01:00",
    "9999-12-31",
    "9999-12-31T22:00-03:00",
    "9999-12-01",
    "2025-03-11T00:00+23:59",
    "2025-03-11T23:59-23:59",
    "P1D",
    "PT1M",
    "P999999999D",
    "P142857142W",
    "PT2562047788015215H",
]
"""Dates, times and durations at the edges of what Python's calendar can hold."""


def mutate(draw: st.DataObject, data: Any, pool: list[str]) -> Any:
    """Apply one random mutation to `data` (changed in place where it can be) and return it."""
    kind = draw.draw(st.sampled_from(MUTATIONS), label="mutation")
    paths = list(nodes(data))
    keyed = [p for p in paths if isinstance(at(data, p[:-1]), dict)]
    items = [p for p in paths if isinstance(at(data, p[:-1]), list)]
    if kind == "delete a key" and keyed:
        path = draw.draw(st.sampled_from(keyed), label="key")
        del at(data, path[:-1])[path[-1]]
    elif kind == "replace a value" and paths:
        path = draw.draw(st.sampled_from(paths), label="value at")
        at(data, path[:-1])[path[-1]] = draw.draw(json_values(pool), label="new value")
    elif kind == "duplicate an item" and items:
        path = draw.draw(st.sampled_from(items), label="item")
        parent = at(data, path[:-1])
        parent.insert(path[-1] + 1, copy.deepcopy(parent[path[-1]]))
    elif kind == "drop an item" and items:
        path = draw.draw(st.sampled_from(items), label="item")
        del at(data, path[:-1])[path[-1]]
    elif kind == "retime":
        timed = [p for p in paths if isinstance(at(data, p), str) and TIMES.match(at(data, p))]
        if timed:
            path = draw.draw(st.sampled_from(timed), label="date or duration at")
            at(data, path[:-1])[path[-1]] = draw.draw(st.sampled_from(EDGES), label="edge")
    elif kind == "swap two dates":
        events = data.get("events") if isinstance(data, dict) else None
        listed = events if isinstance(events, list) else []
        dated = [e for e in listed if isinstance(e, dict) and "date" in e]
        if len(dated) >= 2:
            first, second = draw.draw(
                st.lists(st.sampled_from(dated), min_size=2, max_size=2), label="events"
            )
            first["date"], second["date"] = second["date"], first["date"]
    elif kind.startswith("rename an id") and isinstance(data, dict):
        sections = ("sources", "parties", "lifecycles", "proposals")
        ids = [(s, i) for s in sections if isinstance(data.get(s), dict) for i in data[s]]
        if ids:
            section, old = draw.draw(st.sampled_from(ids), label="id")
            new = draw.draw(st.sampled_from(pool) | st.text(max_size=8), label="new id")
            if kind.endswith("everywhere"):
                return rename_everywhere(data, old, new)
            data[section] = {(new if k == old else k): v for k, v in data[section].items()}
    return data


LOGS = {path.name: dump_log(load_scenario(path)).splitlines() for path in EXAMPLE_FILES}
"""The shipped examples as event logs, one list of lines each."""


@fuzz(200)
@given(draw=st.data(), example=st.sampled_from(sorted(LOGS)))
def test_mutated_event_logs_replay_to_located_problems(
    draw: st.DataObject, example: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Lines of a log dropped, repeated, swapped, mutated or garbled: never an exception.

    `replay_log` collects every problem; nothing at all may escape it, and every
    problem it reports names a line of the log.
    """
    lines = list(LOGS[example])
    for _ in range(draw.draw(st.integers(1, 4), label="mutations")):
        at = draw.draw(st.integers(0, len(lines) - 1), label="line")
        kind = draw.draw(
            st.sampled_from(["drop", "repeat", "swap", "mutate", "garble"]), label="kind"
        )
        if kind == "drop" and len(lines) > 1:
            del lines[at]
        elif kind == "repeat":
            lines.insert(at, lines[at])
        elif kind == "swap":
            other = draw.draw(st.integers(0, len(lines) - 1), label="with")
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "mutate":
            try:
                data = json.loads(lines[at])
            except json.JSONDecodeError:
                continue  # garbled already
            lines[at] = json.dumps(mutate(draw, data, POOLS[example]))
        else:
            cut = draw.draw(st.integers(0, len(lines[at])), label="cut")
            lines[at] = lines[at][:cut] + draw.draw(st.text(max_size=5), label="text")
    path = tmp_path_factory.mktemp("logs") / "m.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    count = path.read_bytes().count(b"\n")  # garbling may have added line breaks
    for keep in ("all", "final"):
        result = replay_log(path, keep=keep)
        wrong = [p for p in result.problems if p.line is None or not 1 <= p.line <= count]
        assert wrong == []
        assert result.problem_count >= len(result.problems)
    note("log ok" if result.ok else "log with problems")


def test_the_examples_dumped_as_json_load_and_replay_without_a_problem() -> None:
    """The starting points of the mutations are valid, so mutations are what breaks them."""
    for name, data in EXAMPLES.items():
        timeline = exercise(json.dumps(data), f"{name}.json")
        assert timeline is not None, name
        assert timeline.problems == (), name


@fuzz(300)
@given(draw=st.data(), example=st.sampled_from(sorted(EXAMPLES)), fmt=st.sampled_from(FORMATS))
def test_mutated_examples_load_and_replay_or_give_a_ceasefire_error(
    draw: st.DataObject, example: str, fmt: str
) -> None:
    """One to four random mutations of a shipped example; JSON mostly, YAML too."""
    data = copy.deepcopy(EXAMPLES[example])
    for _ in range(draw.draw(st.integers(1, 4), label="mutations")):
        data = mutate(draw, data, POOLS[example])
    text = json.dumps(data) if fmt == "json" else yaml.safe_dump(data, sort_keys=False)
    exercise(text, f"m.{fmt}")


# -- (c) generated valid scenarios ---------------------------------------------------------

DAYS = st.integers(-30, 200).map(lambda n: date(2025, 1, 1) + timedelta(days=n))


@fuzz(150)
@given(
    scenario=scenarios(),
    rule=st.none() | st.sampled_from(DisputeRuleName),
    until=st.none() | DAYS,
)
def test_generated_scenarios_replay_in_both_modes(
    scenario: Scenario, rule: DisputeRuleName | None, until: date | None
) -> None:
    """Collect-all mode always gives a timeline; strict mode only ever a ScenarioError."""
    options: dict[str, Any] = {"until": until}
    if rule is not None:
        options["rule"] = rule_named(rule, scenario.source_ranking)
    replay_both_ways(scenario, **options)


# -- regressions: inputs that escaped as other exceptions at commit 6e7520e -----------------
#
# At 6e7520e each of these raised OverflowError ("date value out of range") from the replay
# or ValueError (Python's 4300-digit limit) from parse_json, and `ceasefire validate` printed
# "ceasefire: internal error: ..." with no file, line or key path.

BASE = """\
scenario: late
sources:
  article: {title: An article}
parties:
  UA: {name: Ukraine}
  RU: {name: Russia}
proposals:
  truce:
    proposed-by: UA
    needs: [RU]
    duration: P30D
events:
  - {date: 2025-03-18, propose: truce, source: article}
"""


def edited(*pairs: tuple[str, str], append: str = "") -> str:
    """`BASE` with each (old, new) replaced once, and `append` added."""
    text = BASE
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text + append


AGREED = "  - {date: 2025-03-18, accept: truce, by: RU, source: article}\n"

EDGES_OF_THE_CALENDAR = {
    "an event on 9999-12-31": edited(("date: 2025-03-18", "date: 9999-12-31")),
    "a checkpoint on 9999-12-31": edited(
        append="checkpoints:\n  - {as-of: 9999-12-31, states: {truce: proposed}}\n"
    ),
    "a time whose UTC day is after 9999-12-31": edited(
        ("date: 2025-03-18", 'date: "9999-12-31T23:00-02:00"')
    ),
    "a time whose UTC day is before 0001-01-01": edited(
        ("date: 2025-03-18", 'date: "0001-01-01T00:00+01:00"')
    ),
    "a start whose end falls after 9999-12-31": edited(
        ("duration: P30D", "starts: 9999-12-20\n    duration: P30D")
    ),
    "a duration of 999,999,999 days, once in force": edited(
        ("duration: P30D", "duration: P999999999D"), append=AGREED
    ),
    "an extension by 999,999,999 days": edited(
        append=AGREED
        + "  - {date: 2025-03-19, extend: truce, by: RU, extra: P999999999D, source: article}\n"
    ),
}
"""Files that reach past year 9999 or before year 1: found by the "retime" mutation."""


def test_the_regression_base_is_valid() -> None:
    """The files below break one thing of a valid file."""
    timeline = exercise(BASE, "f.yaml")
    assert timeline is not None
    assert timeline.problems == ()


@pytest.mark.parametrize("case", sorted(EDGES_OF_THE_CALENDAR))
def test_regression_dates_at_the_edge_of_the_calendar_are_a_ceasefire_error(case: str) -> None:
    """Each loads and replays, or is refused with a CeasefireError; no OverflowError."""
    exercise(EDGES_OF_THE_CALENDAR[case], "f.yaml")


def test_regression_a_json_integer_of_5000_digits_is_a_ceasefire_error() -> None:
    """json.loads refuses integers longer than sys.get_int_max_str_digits() with ValueError."""
    with pytest.raises(ScenarioError, match="JSON"):
        loads_scenario('{"scenario": ' + "1" * 5000 + "}", "f.json")


@pytest.mark.parametrize("case", sorted(EDGES_OF_THE_CALENDAR))
def test_regression_validate_gives_located_lines_at_the_edge_of_the_calendar(
    case: str, tmp_path: Path
) -> None:
    """The command line says ok or gives located problem lines, never an internal error."""
    path = tmp_path / "edge.yaml"
    path.write_text(EDGES_OF_THE_CALENDAR[case], encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["validate", str(path)], out=out, err=err)
    assert "internal error" not in err.getvalue()
    if code == 0:
        assert (out.getvalue(), err.getvalue()) == (f"{path}: ok\n", "")
    else:
        assert code == 1
        assert err.getvalue()
        for line in err.getvalue().splitlines():
            assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", line), line


def test_regression_validate_names_the_event_that_extends_past_the_calendar(
    tmp_path: Path,
) -> None:
    """An extension by 999,999,999 days is a mistake, reported at its event."""
    path = tmp_path / "edge.yaml"
    path.write_text(EDGES_OF_THE_CALENDAR["an extension by 999,999,999 days"], encoding="utf-8")
    err = io.StringIO()
    assert main(["validate", str(path)], out=io.StringIO(), err=err) == 1
    (line,) = err.getvalue().splitlines()
    assert line.startswith(f"{path}:15:5: events[2]: ")


RENEWS_FOREVER = edited(
    (
        "proposals:\n",
        "lifecycles:\n"
        "  renewable:\n"
        "    extends: ceasefire\n"
        "    drop-timers: [{name: expire, from: active}]\n"
        "    timers: [{name: renew, from: active, to: active, at: end, effects: [renew_term]}]\n"
        "proposals:\n",
    ),
    ("duration: P30D", "duration: P3650D\n    lifecycle: renewable"),
    append=AGREED + "checkpoints:\n  - {as-of: 9999-12-31, states: {truce: active}}\n",
)
"""A truce that renews itself every ten years, asked about on the last day of the calendar."""


def test_regression_a_timer_past_the_calendar_after_the_last_event_is_a_located_problem() -> None:
    """The renewal that would end after 9999-12-31 is one problem, in both replay modes."""
    timeline = exercise(RENEWS_FOREVER, "f.yaml")
    assert timeline is not None
    (problem,) = timeline.problems
    assert problem.line is not None
    assert "outside the calendar" in problem.message


def test_regression_a_timer_past_the_calendar_in_a_scenario_built_in_python() -> None:
    """A scenario without a file (origin None) reports the same problem, not an IndexError."""
    scenario = loads_scenario(RENEWS_FOREVER, "f.yaml")
    timeline = replay_both_ways(attrs.evolve(scenario, origin=None))
    (problem,) = timeline.problems
    assert "outside the calendar" in problem.message
