"""Registries: the guards, instant rules, effects and lifecycles that files may name.

A scenario file names its functions and lifecycles; they are looked up in a
`Registry`, and never read or run from the file itself.
"""

from __future__ import annotations

import importlib
import os
import traceback
from collections.abc import Mapping

from attrs import field, frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import CeasefireError, did_you_mean
from ceasefire._showing import Shown
from ceasefire.core._model import Lifecycle
from ceasefire.core._rules import Effect, Guard, InstantRule

__all__ = ["STANDARD", "Registry", "import_registry", "where_raised"]


@frozen(repr=False)
class Registry(Shown):
    """Named guards, instant rules, effects and lifecycles that scenario files may use.

    Scenario files name their functions and lifecycles; they are looked up
    here, and never read or run from the file itself. The standard ones are
    always available; a registry adds to them (or replaces one of the same
    name).

    Attributes:
        guards: Guards by name.
        instants: Instant rules by name.
        effects: Effects by name.
        lifecycles: Lifecycles defined in Python, by name, that proposals
            can follow and file lifecycles can extend.
    """

    guards: Mapping[str, Guard] = field(factory=dict, hash=False)
    instants: Mapping[str, InstantRule] = field(factory=dict, hash=False)
    effects: Mapping[str, Effect] = field(factory=dict, hash=False)
    lifecycles: Mapping[str, Lifecycle] = field(factory=dict, hash=False)


STANDARD = Registry()
"""The registry with nothing beyond the standard guards, instant rules and effects."""


def import_registry(spec: str) -> Registry:
    """Import the `Registry` named by ``"module:attribute"`` (your own trusted code).

    This is how the command line (``--registry``) and the pytest plugin
    (``ceasefire_registry``) reach functions defined in Python; a scenario
    file can only name them.

    Raises:
        CeasefireError: The module cannot be imported, or the attribute is
            missing or not a `Registry`.
    """
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise CeasefireError(
            f"registry {spec!r}: expected MODULE:ATTRIBUTE, such as mymodule:REGISTRY",
            code=ErrorCode.BAD_REGISTRY,
        )
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        dotted = module_name.removesuffix(".py").replace("/", ".")
        hint = (
            f"; name the module, not its file: {dotted}:{attribute}"
            if dotted != module_name
            else ""
        )
        raise CeasefireError(
            f"registry {spec!r}: cannot import {module_name!r} ({error}){hint}",
            code=ErrorCode.BAD_REGISTRY,
        ) from None
    except SystemExit as stop:
        raise CeasefireError(
            f"registry {spec!r}: importing {module_name!r} called sys.exit({stop.code!r})",
            code=ErrorCode.BAD_REGISTRY,
        ) from None
    except Exception as error:
        raise CeasefireError(
            f"registry {spec!r}: importing {module_name!r} failed{where_raised(error)}: "
            f"{type(error).__name__}: {error}",
            code=ErrorCode.BAD_REGISTRY,
        ) from None
    if not hasattr(module, attribute):
        names = [n for n in vars(module) if not n.startswith("_")]
        raise CeasefireError(
            f"registry {spec!r}: module {module_name!r} has no {attribute!r}"
            f"{did_you_mean(attribute, names)}",
            code=ErrorCode.BAD_REGISTRY,
        )
    found = getattr(module, attribute)
    if not isinstance(found, Registry):
        hint = (
            f"; wrap it: Registry(lifecycles={{{found.name!r}: {attribute}}})"
            if isinstance(found, Lifecycle)
            else ""
        )
        raise CeasefireError(
            f"registry {spec!r}: expected a ceasefire.Registry, found {type(found).__name__}{hint}",
            code=ErrorCode.BAD_REGISTRY,
        )
    return found


def where_raised(error: BaseException) -> str:
    """Say where `error` was raised (`` at FILE:LINE``), or nothing when that is not known.

    A syntax error names the line it could not read; any other error the
    last line of code it went through. A file below the current folder is
    named relative to it.
    """
    if isinstance(error, SyntaxError) and error.filename:
        return f" at {_shown(error.filename)}:{error.lineno}"
    frames = traceback.extract_tb(error.__traceback__)
    return f" at {_shown(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""


def _shown(filename: str) -> str:
    """A file's name as a reader would type it: relative to here when it is below here."""
    try:
        relative = os.path.relpath(filename)
    except ValueError:  # another drive
        return filename
    return filename if relative.startswith(os.pardir) else relative
