"""The pytest plugin: scenario files named in the configuration run as test items."""

from __future__ import annotations

import glob
import re

import pytest

from texts import TRUCE

pytest_plugins = ["pytester"]

EVENTS = TRUCE

PASSING = (
    EVENTS
    + """\
checkpoints:
  - as-of: 2025-04-01
    states: {truce: active}
  - as-of: 2025-05-01
    states: {truce: expired}
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
"""
)

BROKEN = """\
scenario: test
parties:
  UA: {name: Ukraine, role: beligerent}
proposals:
  truce:
    proposed-by: UA
    needs: [UA]
    duration: thirty days
"""

INI = "[pytest]\nceasefire_scenarios = scenarios/*.yaml\n"


def write(pytester: pytest.Pytester, files: dict[str, str]) -> None:
    """Write files relative to the pytester directory."""
    for name, text in files.items():
        path = pytester.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    """Return the 1-based number of the one line of `text` that contains `fragment`."""
    numbers = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    assert len(numbers) == 1, f"{fragment!r} is on lines {numbers}"
    return numbers[0]


def test_the_plugin_is_registered_by_the_installed_package(pytester: pytest.Pytester) -> None:
    """The ``pytest11`` entry point loads the plugin in any pytest run, with no ``-p``."""
    pytester.makeini(INI)
    config = pytester.parseconfig()
    assert config.pluginmanager.has_plugin("ceasefire")
    assert config.getini("ceasefire_scenarios") == ["scenarios/*.yaml"]


def test_a_scenario_file_runs_its_replay_and_each_checkpoint(pytester: pytest.Pytester) -> None:
    """One item for the replay and one per checkpoint, all passing."""
    pytester.makeini(INI)
    write(pytester, {"scenarios/truce.yaml": PASSING})
    result = pytester.runpytest()
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["scenarios/truce.yaml ... *[[]100%[]]"])


def test_a_node_id_selects_one_checkpoint(pytester: pytest.Pytester) -> None:
    """``FILE::NAME on DATE`` runs that checkpoint alone."""
    pytester.makeini(INI)
    write(pytester, {"scenarios/truce.yaml": PASSING})
    result = pytester.runpytest("scenarios/truce.yaml::on 2025-05-01")
    result.assert_outcomes(passed=1)


def test_verbose_output_names_each_item_by_its_node_id(pytester: pytest.Pytester) -> None:
    """``-v`` prints ids that select the item again when given back to pytest."""
    pytester.makeini(INI)
    write(pytester, {"scenarios/truce.yaml": PASSING})
    items, _ = pytester.inline_genitems()
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=3)
    printed = [
        line.removesuffix(" PASSED")
        for line in re.findall(r"^(.*? PASSED)\s+\[", result.stdout.str(), re.MULTILINE)
    ]
    assert printed == [item.nodeid for item in items]


def test_the_setting_can_be_a_list_in_pyproject_toml(pytester: pytest.Pytester) -> None:
    """``ceasefire_scenarios = [...]`` under ``[tool.pytest.ini_options]``, as documented."""
    pytester.makepyprojecttoml(
        '[tool.pytest.ini_options]\nceasefire_scenarios = ["scenarios/*.yaml", "more/*.yaml"]\n'
    )
    write(pytester, {"scenarios/truce.yaml": PASSING, "more/other.yaml": PASSING})
    result = pytester.runpytest()
    result.assert_outcomes(passed=6)


def test_a_failing_checkpoint_is_reported_by_its_message_without_a_traceback(
    pytester: pytest.Pytester,
) -> None:
    """Only the wrong checkpoint fails; its report is the problem lines, not Python code."""
    pytester.makeini(INI)
    write(pytester, {"scenarios/truce.yaml": FAILING})
    result = pytester.runpytest()
    result.assert_outcomes(passed=2, failed=1)
    line = line_of(FAILING, "- as-of: 2025-04-01")
    result.stdout.fnmatch_lines(
        [
            "*_ on 2025-04-01 _*",
            glob.escape(
                f"scenarios/truce.yaml:{line}:5: checkpoints[1]: on 2025-04-01 expected truce "
                "expired, replay says active; last change 2025-03-18 take_effect (timer) [CF601]"
            ),
            "*short test summary info*",
            "FAILED scenarios/truce.yaml::on 2025-04-01*",
        ]
    )
    output = result.stdout.str()
    assert "Traceback" not in output
    assert "def runtest" not in output
    assert "CheckpointError" not in output
    assert "_checkpoints.py" not in output
    assert "pytest_plugin.py" not in output


def test_a_file_that_does_not_load_fails_one_item_listing_every_problem(
    pytester: pytest.Pytester,
) -> None:
    """A single failing "NAME loads" item, each mistake on a line of its own."""
    pytester.makeini(INI)
    write(pytester, {"scenarios/broken.yaml": BROKEN})
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*_ loads _*",
            f"*broken.yaml:{line_of(BROKEN, 'beligerent')}:*: parties.UA.role: *",
            f"*broken.yaml:{line_of(BROKEN, 'thirty days')}:*: proposals.truce.duration: *",
            "FAILED scenarios/broken.yaml::loads*",
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_items_point_at_the_line_of_their_checkpoint(pytester: pytest.Pytester) -> None:
    """An item's location is its file and the (0-based) line of its checkpoint."""
    pytester.makeini(INI)
    write(pytester, {"scenarios/truce.yaml": PASSING})
    items, _ = pytester.inline_genitems()
    assert [item.location for item in items] == [
        ("scenarios/truce.yaml", 0, "replays"),
        (
            "scenarios/truce.yaml",
            line_of(PASSING, "- as-of: 2025-04-01") - 1,
            "on 2025-04-01",
        ),
        (
            "scenarios/truce.yaml",
            line_of(PASSING, "- as-of: 2025-05-01") - 1,
            "on 2025-05-01",
        ),
    ]


def test_only_the_files_matching_the_setting_are_collected(pytester: pytest.Pytester) -> None:
    """YAML files outside the globs are left alone, broken or not."""
    pytester.makeini(INI)
    write(
        pytester,
        {
            "scenarios/truce.yaml": PASSING,
            "scenarios/truce.json": "{not json",
            "scenarios/drafts/draft.yaml": BROKEN,
            "elsewhere/broken.yaml": BROKEN,
            "broken.yaml": BROKEN,
        },
    )
    result = pytester.runpytest("--collect-only", "-q")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            "scenarios/truce.yaml::replays",
            "scenarios/truce.yaml::on 2025-04-01",
            "scenarios/truce.yaml::on 2025-05-01",
            "",
            "3 tests collected*",
        ],
        consecutive=True,
    )


def test_without_the_setting_no_scenario_file_is_collected(pytester: pytest.Pytester) -> None:
    """The plugin does nothing until scenario files are listed."""
    write(pytester, {"scenarios/truce.yaml": PASSING})
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    result.assert_outcomes()


def test_the_registry_setting_serves_files_that_name_python_functions(
    pytester: pytest.Pytester,
) -> None:
    """ceasefire_registry = MODULE:NAME gives file lifecycles the user's own functions."""
    text = TRUCE.replace(
        "proposals:\n",
        "lifecycles:\n"
        "  strict:\n"
        "    extends: ceasefire\n"
        "    drop-transitions: [{action: accept, from: proposed}]\n"
        "    transitions:\n"
        "      - {action: accept, from: proposed, to: accepted, guards: [ukraine_first]}\n"
        "      - {action: accept, from: proposed, to: proposed}\n"
        "proposals:\n",
    ).replace("    duration: P30D\n", "    duration: P30D\n    lifecycle: strict\n")
    write(
        pytester,
        {
            "scenarios/strict.yaml": text,
            "rules_for_plugin_test.py": "from ceasefire import Registry\n\n"
            "def ukraine_first(situation):\n"
            "    return all(p.stance.agrees for p in situation.status.positions)\n\n"
            "REGISTRY = Registry(guards={'ukraine_first': ukraine_first})\n",
        },
    )
    pytester.makeini(INI)
    pytester.runpytest().assert_outcomes(failed=1)
    pytester.makeini(INI + "ceasefire_registry = rules_for_plugin_test:REGISTRY\n")
    pytester.syspathinsert()
    pytester.runpytest().assert_outcomes(passed=1)
