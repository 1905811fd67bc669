"""The shipped examples and the README's example run and tell the 2025 story."""

import re
import runpy
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_runs(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each example runs as a script and prints something."""
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out.strip()


def test_the_2025_example_follows_the_article() -> None:
    """The states on the dates the article speaks of."""
    example = runpy.run_path(str(ROOT / "examples" / "proposals_in_code.py"))
    talks = example["replay"]()
    assert talks.state_of("unconditional-30-day") == "rejected"
    assert talks.state_of("energy-infrastructure-30-day") == "expired"
    assert talks.state_of("victory-day-3-day") == "rejected"
    assert talks.in_force() == ()
    expiry = talks.history("energy-infrastructure-30-day")[-1]
    assert (expiry.trigger, expiry.at, expiry.source) == ("expire", date(2025, 4, 17), None)
    assert all(c.source is not None for c in talks.history() if c.cause.value != "timer")


def test_the_readme_example_runs_and_prints_what_its_comments_say(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The first code block of the README is real and its commented output is true."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.DOTALL)
    assert code is not None
    exec(compile(code.group(1), "README.md", "exec"), {})
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["active until 2025-04-17", "expired"]
    assert out[-1] == "2025-04-17 expire active -> expired "
