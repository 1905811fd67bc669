"""Error codes: stable, well-formed, and each one shown by an example that gives exactly it.

The examples are the broken files of ``tests/broken/`` (their code is the
``error:`` of ``expected.yaml``) and the Python scripts of
``tests/broken/python/``; the error catalogue of the documentation is built
from the same examples by ``docs/hooks/error_catalogue.py``, whose functions
are tested here.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ceasefire import (
    ActionNotAllowedError,
    CeasefireError,
    ClockError,
    ErrorCode,
    LifecycleError,
    NegotiationError,
    Problem,
    ScenarioError,
    TermsError,
)
from ceasefire.cli import main

ROOT = Path(__file__).resolve().parent.parent
CODES = ROOT / "tests" / "golden" / "error-codes.txt"


def _hook() -> ModuleType:
    path = ROOT / "docs" / "hooks" / "error_catalogue.py"
    spec = importlib.util.spec_from_file_location("error_catalogue", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


HOOK = _hook()


@pytest.fixture(scope="module")
def examples() -> dict[ErrorCode, list[Any]]:
    """Every example, run once for the module (the Python ones each in a new interpreter)."""
    found: dict[ErrorCode, list[Any]] = HOOK.examples(ROOT)
    return found


def test_codes_are_cf_and_three_digits_unique_and_grouped_by_their_hundreds() -> None:
    """CF101 ... CF802, in order, each group's hundreds naming where the mistake is found."""
    values = [code.value for code in ErrorCode]
    assert all(re.fullmatch(r"CF[1-8]\d\d", value) for value in values)
    assert values == sorted(values)
    assert len(set(values)) == len(values)
    groups = {code.value[2]: code.group for code in ErrorCode}
    assert groups == {
        "1": "Reading a file",
        "2": "The shape of the data",
        "3": "Checks across a file",
        "4": "Acting on a negotiation",
        "5": "Lifecycle tables",
        "6": "Checkpoints",
        "7": "Snapshots",
        "8": "Extensions and optional parts",
    }


def test_every_code_says_what_is_wrong_and_how_to_fix_it() -> None:
    """A summary and a fix, each a sentence; a slug from the member's name."""
    for code in ErrorCode:
        for text in (code.summary, code.fix):
            assert text[0].isupper(), (code, text)
            assert text.endswith("."), (code, text)
        assert code.slug == code.name.lower().replace("_", "-")
        assert code == code.value
        assert ErrorCode.lookup(code.value) is code
        assert ErrorCode(code.value) is code  # type: ignore[call-arg]  # the enum lookup
    with pytest.raises(ValueError, match="no error has the code 'CF999'"):
        ErrorCode.lookup("CF999")


def test_codes_are_stable() -> None:
    """A code is never renumbered or renamed: tests/golden/error-codes.txt records them.

    Adding a code adds a line; changing or removing one is a breaking change, which
    even regenerating the golden files refuses.
    """
    current = "".join(f"{code.value} {code.slug}\n" for code in ErrorCode)
    if os.environ.get("CEASEFIRE_UPDATE_GOLDEN"):
        recorded = CODES.read_text(encoding="utf-8").splitlines()
        gone = [line for line in recorded if line not in current.splitlines()]
        assert gone == [], "codes changed or removed"
        CODES.write_text(current, encoding="utf-8")
    assert current == CODES.read_text(encoding="utf-8")


def test_every_code_has_an_example_and_every_example_gives_its_code(
    examples: dict[ErrorCode, list[Any]],
) -> None:
    """The catalogue can show each code; a file gives one problem line, with that code."""
    missing = [code.value for code, found in examples.items() if not found]
    assert missing == []
    for code, found in examples.items():
        for example in found:
            assert example.codes == (code.value,), (example.path, example.output)


def test_python_examples_raise_a_ceasefire_error_of_their_code(
    examples: dict[ErrorCode, list[Any]],
) -> None:
    """The Python examples are named after their code, and raise it, not another error."""
    python = [e for found in examples.values() for e in found if e.kind == "python"]
    assert len(python) == len(list((ROOT / "tests" / "broken" / "python").glob("*.py")))
    for example in python:
        assert example.path.name.startswith(example.codes[0].lower() + "-")
        assert re.match(r"^[A-Za-z]+Error: ", example.output)


def test_the_catalogue_has_a_section_per_code_with_its_examples() -> None:
    """Sections in code order, under their group's heading, each with its fix and output."""
    text = HOOK.catalogue(ROOT)
    headings = re.findall(r"^### (CF\d{3}) ([a-z0-9-]+) \{#(cf\d{3})\}$", text, re.MULTILINE)
    assert [(c, s, a) for c, s, a in headings] == [
        (code.value, code.slug, code.value.lower()) for code in ErrorCode
    ]
    groups = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert groups == list(dict.fromkeys(code.group for code in ErrorCode))
    assert text.count("**Fix:**") == len(ErrorCode)
    assert "$ ceasefire validate tests/broken/date-does-not-exist.yaml\n" in text
    assert "found '2025-02-30' [CF204]" in text
    assert "$ python tests/broken/python/cf405-clock-backwards.py\nClockError: " in text


def test_a_problem_prints_its_code_last_in_brackets() -> None:
    """FILE:LINE:COLUMN: path: message [CODE], or without what is not known."""
    located = Problem("f.yaml", 3, 7, "events[0]", "expected text", ErrorCode.WRONG_TYPE)
    assert str(located) == "f.yaml:3:7: events[0]: expected text [CF203]"
    whole = Problem("f.yaml", None, None, "", "not UTF-8 text", ErrorCode.NOT_UTF8)
    assert str(whole) == "f.yaml: not UTF-8 text [CF103]"


def test_errors_carry_their_code() -> None:
    """Each kind of error has a code; a ScenarioError takes its first problem's."""
    problem = Problem("f.yaml", 1, 1, "", "the file is empty", ErrorCode.EMPTY_FILE)
    errors: list[tuple[CeasefireError, ErrorCode]] = [
        (ScenarioError([problem]), ErrorCode.EMPTY_FILE),
        (TermsError("ends before starts", "ends"), ErrorCode.BAD_TERMS),
        (ClockError("back", code=ErrorCode.CLOCK_BACKWARDS), ErrorCode.CLOCK_BACKWARDS),
        (NegotiationError("no such", code=ErrorCode.UNKNOWN_NAME), ErrorCode.UNKNOWN_NAME),
        (
            LifecycleError(
                "talks",
                [
                    (ErrorCode.LIFECYCLE_DEAD_END, "state 'held' has no way out"),
                    (ErrorCode.LIFECYCLE_UNREACHABLE, "state 'x' cannot be reached"),
                ],
            ),
            ErrorCode.LIFECYCLE_DEAD_END,
        ),
    ]
    for error, code in errors:
        assert error.code is code
    refused = ActionNotAllowedError(
        proposal="t",
        state="rejected",
        action="accept",
        at=date(2025, 3, 18),
        allowed=(),
        reason="no",
    )
    assert refused.code is ErrorCode.NOT_ALLOWED_IN_STATE


def test_an_error_without_a_problem_is_a_programming_mistake() -> None:
    """ScenarioError and LifecycleError need at least one problem to report."""
    with pytest.raises(ValueError, match="at least one problem"):
        ScenarioError([])
    with pytest.raises(ValueError, match="at least one problem"):
        LifecycleError("talks", [])


def test_validate_as_json_gives_each_problem_its_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scripts read the code from ``ceasefire validate --format json``."""
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    name = "tests/broken/date-does-not-exist.yaml"
    assert main(["validate", name, "--format", "json"], out=out, err=io.StringIO()) == 1
    (problem,) = json.loads(out.getvalue())["files"][name]["problems"]
    assert problem["code"] == "CF204"


def test_a_cli_error_outside_a_file_prints_its_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """A registry that cannot be imported: one line, the code last."""
    monkeypatch.chdir(ROOT)
    err = io.StringIO()
    argv = ["validate", "examples/ukraine_2025.yaml", "--registry", "no_such_module:REGISTRY"]
    assert main(argv, out=io.StringIO(), err=err) != 0
    (line,) = err.getvalue().splitlines()
    assert line.endswith("[CF801]"), line
