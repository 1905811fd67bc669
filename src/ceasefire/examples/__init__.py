"""The scenarios shipped with the library, by name: the 2025 history, a first file, the how-tos.

They travel in the installed package, so they are at hand without a clone of
the repository:

    >>> from ceasefire import examples, replay
    >>> "ukraine-2025" in examples.names()
    True
    >>> scenario = examples.load("how-to/extension")
    >>> scenario.title
    'A humanitarian pause extended three times (invented)'
    >>> replay(scenario).state_of("pause")
    'expired'

The names are those of the files in the repository's ``examples/`` folder,
without the suffix and with hyphens: ``examples/ukraine_2025.yaml`` is
``ukraine-2025``, ``examples/first.yaml`` is ``first`` and
``examples/how-to/disputed.yaml`` is ``how-to/disputed``. On the command
line, ``ceasefire examples`` lists them and ``--example NAME`` stands for a
scenario FILE (``ceasefire replay --example ukraine-2025``).

In a wheel the files are package data (``ceasefire/examples/data/``); in a
clone of the repository (an editable install) they are read from
``examples/`` itself, the one copy kept in git.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from ceasefire._codes import ErrorCode
from ceasefire._errors import CeasefireError, did_you_mean
from ceasefire.files._loading import load_scenario, loads_scenario
from ceasefire.scenario._scenario import Scenario

__all__ = ["load", "names", "path", "text"]

_SUFFIXES = (".yaml", ".yml", ".json")
_FOLDERS = ("how-to",)
"""The folders of examples below the top one; their names keep the folder: ``how-to/NAME``."""

_REPOSITORY = Path(__file__).resolve().parents[3]
"""The root of the repository when the package runs from its source tree (``src/ceasefire``)."""


def _root() -> Traversable:
    """Return the folder of examples: the package data of a wheel, or the repository's own."""
    packaged = files(__name__).joinpath("data")
    if packaged.is_dir():
        return packaged
    return _REPOSITORY / "examples"


def _name_of(stem: str) -> str:
    return stem.replace("_", "-")


def _files() -> dict[str, Traversable]:
    """Return every example by name: those of the top folder first, then each folder's."""
    root = _root()
    found: dict[str, Traversable] = {}
    for prefix, folder in [("", root), *((f"{f}/", root.joinpath(f)) for f in _FOLDERS)]:
        if not folder.is_dir():
            continue
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
        for entry in entries:
            stem, dot, suffix = entry.name.rpartition(".")
            if entry.is_file() and dot and f".{suffix}" in _SUFFIXES:
                found[prefix + _name_of(stem)] = entry
    return found


def _file(name: str) -> Traversable:
    """Return the file of the example `name`, or raise an error listing the names there are."""
    known = _files()
    try:
        return known[name]
    except (KeyError, TypeError):  # TypeError: a name that is not a str (and not hashable)
        pass
    raise CeasefireError(
        f"no example {name!r}{did_you_mean(str(name), known)}; the examples: {', '.join(known)}",
        code=ErrorCode.UNKNOWN_EXAMPLE,
    )


def names() -> tuple[str, ...]:
    """Return the names of the shipped examples: ``first``, ``ukraine-2025``, then ``how-to/...``.

    >>> names()[:2]
    ('first', 'ukraine-2025')
    """
    return tuple(_files())


def path(name: str) -> Path:
    """Return the file of the example `name`, to open or to give to a command.

    Args:
        name: An example's name, one of `names()`.

    Raises:
        CeasefireError: No example has that name (code ``CF221``); the
            message suggests the closest and lists them all.
        FileNotFoundError: The package is imported from an archive, where
            its files have no path of their own; read the example with `text`.
    """
    found = _file(name)
    if not isinstance(found, Path):  # pragma: no cover - a package imported from a zip file
        raise FileNotFoundError(f"example {name!r} is in an archive; read it with text()")
    return found


def text(name: str) -> str:
    """Return the text of the example `name`, to read, or to start a file of your own from.

    Raises:
        CeasefireError: No example has that name (code ``CF221``).
    """
    return _file(name).read_text(encoding="utf-8")


def load(name: str) -> Scenario:
    """Read the example `name` into a `ceasefire.Scenario`, as `ceasefire.load_scenario` would.

    >>> load("ukraine-2025").id
    'ukraine-2025'

    Raises:
        CeasefireError: No example has that name (code ``CF221``).
    """
    found = _file(name)
    if isinstance(found, Path):
        return load_scenario(found)
    return loads_scenario(found.read_text(encoding="utf-8"), found.name)  # pragma: no cover
