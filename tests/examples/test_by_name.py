"""The shipped examples by name, in Python, read from the source tree (the wheel: test_wheel.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import CeasefireError, ErrorCode, dump_scenario, examples, load_scenario

ROOT = Path(__file__).resolve().parents[2]
FILES = {
    **{p.stem.replace("_", "-"): p for p in sorted((ROOT / "examples").glob("*.yaml"))},
    **{f"how-to/{p.stem}": p for p in sorted((ROOT / "examples" / "how-to").glob("*.yaml"))},
}
"""Every scenario of the repository's examples/ folder, by the name it is shipped under."""


def test_the_names_are_the_files_of_the_examples_folder() -> None:
    """Top-level files first, then the how-tos; underscores become hyphens."""
    assert examples.names() == tuple(FILES)
    assert examples.names()[:2] == ("first", "ukraine-2025")
    assert "how-to/disputed" in examples.names()


@pytest.mark.parametrize("name", list(FILES))
def test_each_example_is_its_file(name: str) -> None:
    """In a source tree, path, text and load read the one copy in examples/."""
    assert examples.path(name) == FILES[name]
    assert examples.text(name) == FILES[name].read_text(encoding="utf-8")
    loaded = examples.load(name)
    assert dump_scenario(loaded) == dump_scenario(load_scenario(FILES[name]))


def test_the_2025_example_by_name() -> None:
    scenario = examples.load("ukraine-2025")
    assert scenario.id == "ukraine-2025"
    assert "energy-infrastructure-30-day" in scenario.proposals


def test_an_unknown_name_is_refused_with_the_closest_and_all_names() -> None:
    with pytest.raises(CeasefireError) as caught:
        examples.load("ukraine_2025")
    assert caught.value.code is ErrorCode.UNKNOWN_EXAMPLE
    message = str(caught.value)
    assert message.startswith("no example 'ukraine_2025' (did you mean 'ukraine-2025'?); ")
    assert message.endswith("the examples: " + ", ".join(examples.names()))


@given(st.text(max_size=30) | st.integers() | st.none())
def test_any_other_name_is_refused_by_every_function(name: object) -> None:
    """Whatever is not a name (a file name, a path, not text at all) gives CF221, not a crash."""
    if name in examples.names():
        return
    for function in (examples.path, examples.text, examples.load):
        with pytest.raises(CeasefireError) as caught:
            function(name)  # type: ignore[arg-type]
        assert caught.value.code is ErrorCode.UNKNOWN_EXAMPLE
