"""The package's public surface: every name in ``__all__``, imported on first use.

``import ceasefire`` and ``ceasefire --help`` load neither the state-machine
engine nor the file readers; these tests check what gets imported, never how
long it takes (``make bench`` measures that).
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import ceasefire
from ceasefire import DisputeRuleName
from ceasefire.cli._parser import DISPUTE_RULES

ROOT = Path(__file__).resolve().parent.parent

HEAVY = (
    "transitions",
    "yaml",
    "cattrs",
    "isodate",
    "importlib.metadata",
    "ceasefire.files._loading",
    "pandas",  # the optional extra of ceasefire.frames
    "numpy",
)
"""Modules that neither ``import ceasefire`` nor ``ceasefire --help`` should load."""


def loaded_after(code: str) -> list[str]:
    """Run `code` in a new interpreter; return which of `HEAVY` it left imported."""
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    found: list[str] = json.loads(result.stdout.splitlines()[-1])
    return found


def test_importing_the_package_loads_nothing_heavy() -> None:
    """No engine, no YAML, no cattrs, no package metadata until a name needs them."""
    assert loaded_after("import ceasefire") == []


def test_the_help_of_the_command_line_loads_nothing_heavy() -> None:
    """``ceasefire --help`` builds its parser from light modules only."""
    code = (
        "import contextlib, io\nfrom ceasefire.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['--help'])"
    )
    assert loaded_after(code) == []


PROPOSE = (
    "import ceasefire\nfrom datetime import date\n"
    "n = ceasefire.Negotiation(start=date(2025, 3, 18){options})\n"
    "n.propose(ceasefire.energy_infrastructure_truce('t', proposed_by='US', needs=['UA']))"
)


def test_the_engine_loads_when_a_proposal_first_needs_it() -> None:
    """The transitions engine comes in with the first proposal; the table engine never needs it."""
    assert loaded_after("import ceasefire\nceasefire.Negotiation") == []
    assert "transitions" in loaded_after(PROPOSE.format(options=""))
    assert "transitions" not in loaded_after(PROPOSE.format(options=", engine='table'"))


def test_the_file_readers_load_when_a_file_is_read() -> None:
    """PyYAML and cattrs come in with the first scenario."""
    found = loaded_after("import ceasefire\nceasefire.load_scenario('examples/ukraine_2025.yaml')")
    assert {"yaml", "cattrs"} <= set(found)


@pytest.mark.parametrize("name", sorted(set(ceasefire.__all__) - {"__version__"}))
def test_every_public_name_is_the_object_of_its_home_module(name: str) -> None:
    """``ceasefire.X`` is the very object defined in its module, not a copy or a module."""
    value = getattr(ceasefire, name)
    home = importlib.import_module(ceasefire._HOMES[name])
    assert value is getattr(home, name)
    assert not isinstance(value, type(ceasefire))


def test_the_names_listed_are_the_names_served() -> None:
    """``__all__`` and the lazy table agree, and ``dir()`` shows every public name."""
    assert set(ceasefire.__all__) - {"__version__"} == set(ceasefire._HOMES)
    assert set(ceasefire.__all__) <= set(dir(ceasefire))


def test_an_unknown_name_is_an_attribute_error() -> None:
    """A misspelt name fails as a missing attribute would."""
    with pytest.raises(AttributeError, match="has no attribute 'Negotiaton'"):
        ceasefire.Negotiaton  # noqa: B018


def test_the_version_is_the_installed_one() -> None:
    """``__version__`` is read from the package metadata when asked for."""
    from importlib.metadata import version  # noqa: PLC0415

    assert ceasefire.__version__ == version("ceasefire")


def test_the_parser_offers_every_dispute_rule() -> None:
    """The command line lists the rules without importing them; the lists agree."""
    assert tuple(rule.value for rule in DisputeRuleName) == DISPUTE_RULES
