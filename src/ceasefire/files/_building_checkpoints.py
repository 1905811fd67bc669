"""The checks of a scenario file's checkpoints: every proposal, state, party and name known.

`ceasefire.files._building.Builder` checks the rest of the file; these
functions record their problems through it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from ceasefire._codes import ErrorCode
from ceasefire._errors import CeasefireError, KeyPath
from ceasefire.core._model import Proposal
from ceasefire.files._converting import checkpoint_from
from ceasefire.files._documents import CheckpointDoc
from ceasefire.scenario._scenario import NOT_PROPOSED, Checkpoint

__all__ = ["Checker", "checkpoint_of"]


class Checker(Protocol):
    """What these checks need of the builder of a file: recording problems, looking names up."""

    def problem(self, path: KeyPath, message: str, code: ErrorCode, *, key: bool = False) -> None:
        """Record a problem of kind `code` at `path`."""

    def known(self, path: KeyPath, value: str, names: Mapping[str, object], what: str) -> bool:
        """Record a problem unless `value` names one of `names`."""
        ...

    def declared(self, path: KeyPath, pid: str, proposals: Mapping[str, Proposal]) -> bool:
        """Whether `pid` is a usable proposal; an undeclared one is a problem here."""
        ...


def _states_known(
    builder: Checker, path: KeyPath, c: CheckpointDoc, proposals: Mapping[str, Proposal]
) -> bool:
    """Whether the states a checkpoint names (states, certain, possible) are known ones."""
    ok = True
    named = [("states", pid, [state]) for pid, state in c.states.items()]
    named += [("certain", pid, [state]) for pid, state in c.certain.items()]
    named += [("possible", pid, states) for pid, states in c.possible.items()]
    for key, pid, states in named:
        if not builder.declared((*path, key, pid), pid, proposals):
            ok = False
            continue
        known = dict.fromkeys(proposals[pid].lifecycle.state_names, 1)
        if key == "possible":
            known[NOT_PROPOSED] = 1
        for i, state in enumerate(states):
            where = (*path, key, pid) if key != "possible" else (*path, key, pid, i)
            ok &= builder.known(where, state, known, "state")
    return ok


def _variables_known(
    builder: Checker, path: KeyPath, c: CheckpointDoc, proposals: Mapping[str, Proposal]
) -> bool:
    """Whether the variables a checkpoint names are those of the proposals' lifecycles."""
    ok = True
    for pid, values in c.variables.items():
        if not builder.declared((*path, "variables", pid), pid, proposals):
            ok = False
            continue
        declared = {v.name: v for v in proposals[pid].lifecycle.variables}
        for name in values:
            ok &= builder.known((*path, "variables", pid, name), name, declared, "variable")
    return ok


def checkpoint_of(
    builder: Checker, index: int, c: CheckpointDoc, proposals: Mapping[str, Proposal]
) -> Checkpoint | None:
    """Check checkpoint `index`; return it, or ``None`` after recording why not."""
    path: KeyPath = ("checkpoints", index)
    ok = _states_known(builder, path, c, proposals)
    for pid, answers in c.positions.items():
        if not builder.declared((*path, "positions", pid), pid, proposals):
            ok = False
            continue
        needs = dict.fromkeys((*proposals[pid].needs, *proposals[pid].asked), 1)
        for party in answers:
            what = "party it needs or asks" if proposals[pid].asked else "party it needs"
            ok &= builder.known((*path, "positions", pid, party), party, needs, what)
    for key, ids in (("in-force", c.in_force), ("possibly-in-force", c.possibly_in_force)):
        for i, pid in enumerate(ids or ()):
            ok &= builder.declared((*path, key, i), pid, proposals)
    for pid, expected in c.obligations.items():
        if not builder.declared((*path, "obligations", pid), pid, proposals):
            ok = False
            continue
        names = {o.name: o for o in proposals[pid].terms.obligations}
        for name in expected:
            ok &= builder.known((*path, "obligations", pid, name), name, names, "obligation")
    ok &= _variables_known(builder, path, c, proposals)
    if not ok:
        return None
    kinds = {
        pid: {v.name: v.type for v in proposals[pid].lifecycle.variables} for pid in c.variables
    }
    try:
        return checkpoint_from(c, kinds)
    except CeasefireError as error:
        builder.problem((*path, "variables"), str(error), error.code)
        return None
